import { describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { seedConsultations } from '../../functions/local/seed/consultations.seed';
import { statusAt } from '../../functions/modules/consultations/consultation.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { STAKEHOLDER_GROUPS, REGIONS } from '../../functions/modules/stakeholders/stakeholder.model';
import { createPerson } from '../helpers/people';
import { recount, storedCounts, storedYearCounts } from '../helpers/consultations';

describe('the demo consultations', () => {
  it('cover every state with hundreds of contributions, and their counters equal a recount', async () => {
    // Prepare: a private "now" far in the future, so the demo ids and years belong to this test alone
    const now = new Date(Date.UTC(randomInt(5000, 9000), 5, 15));
    const people = await Promise.all(
      Array.from({ length: 45 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[i % 5] } })),
    );

    // Act
    const started = Date.now();
    const seeded = await seedConsultations(
      now,
      people.map((p) => p.stakeholder),
    );
    const seconds = (Date.now() - started) / 1000;

    // Assess
    const year = now.getUTCFullYear();
    const ids = [year - 1, year, year + 1].flatMap((y) => [1, 2, 3].map((s) => `demo-consultation-${y}-${s}`));
    const consultations = (await consultationStore.getConsultations(ids)).filter((c) => c !== undefined);
    expect(consultations).toHaveLength(7);
    expect(new Set(consultations.map((c) => statusAt(c, now)))).toEqual(new Set(['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SYNTHESIS_PUBLISHED']));
    expect(seeded.contributions).toBeGreaterThanOrEqual(300);
    for (const c of consultations) expect(await storedCounts(c.id)).toEqual(await recount([c.id]));
    for (const y of [year - 1, year]) {
      const ofYear = consultations.filter((c) => c.year === y).map((c) => c.id);
      expect(await storedYearCounts(y)).toEqual(await recount(ofYear));
    }
    const all = await Promise.all(consultations.map((c) => contributionStore.allContributions(c.id)));
    expect(all.flat().filter((c) => c.parentId).length).toBeGreaterThan(20);
    expect(all.flat().filter((c) => c.answer).length).toBeGreaterThan(150);
    // Nothing is dated after the seeding instant (schedules, opensAt/closesAt, may be in the future).
    const recorded = [
      ...consultations.flatMap((c) => [c.createdAt, c.updatedAt, ...(c.synthesis ? [c.synthesis.publishedAt] : [])]),
      ...all.flat().flatMap((c) => [c.createdAt, c.updatedAt, c.receipt.receivedAt, ...(c.answer ? [c.answer.answeredAt] : [])]),
    ];
    expect(recorded.filter((instant) => Date.parse(instant) > now.getTime())).toEqual([]);
    console.log(`Seeded ${seeded.contributions} demo contributions in ${seconds.toFixed(1)} s`);
  }, 120_000);
});
