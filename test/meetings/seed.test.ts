import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedConsultations } from '../../functions/local/seed/consultations.seed';
import { seedMeetings } from '../../functions/local/seed/meetings.seed';
import { toGlobalId } from '../../functions/core/ids';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import * as consultationStore from '../../functions/modules/consultations/consultation.store';
import { gql, secretariatToken } from '../helpers/api';
import { recount, storedCounts } from '../helpers/consultations';
import { createPerson } from '../helpers/people';

describe('the demo meetings', () => {
  it('follow each closed demo consultation, trace its contributions, and show minutes in every state; the counters equal a recount', async () => {
    // Prepare: a private "now" (its years belong to this test alone); the first person chairs
    const now = new Date(Date.UTC(randomInt(5000, 9000), 5, 15));
    const people = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[i % 5] } })),
    );
    await seedConsultations(
      now,
      people.map((p) => p.stakeholder),
    );

    // Act
    const seeded = await seedMeetings(
      now,
      people.map((p) => p.stakeholder),
      people[0]!.stakeholder.id,
    );

    // Assess: every meeting, its status and its minutes' (as the secretariat sees them through node(id))
    expect(seeded.meetings).toBe(6);
    const year = now.getUTCFullYear();
    const ids = [year - 1, year].flatMap((y) => [1, 2, 3].map((s) => `demo-consultation-${y}-${s}`));
    const consultations = (await consultationStore.getConsultations(ids)).filter((c) => c !== undefined);
    const states = new Set<string>();
    for (const c of consultations) {
      const result = await gql(`query ($id: ID!) { consultation(id: $id) { meetings { status minutes { status } } processingCoverage { coverage } } }`, {
        id: toGlobalId('Consultation', c.id),
      });
      for (const m of result.data?.consultation.meetings ?? []) states.add(`${m.status}/${m.minutes?.status ?? '-'}`);
      expect(await storedCounts(c.id)).toEqual(await recount([c.id]));
    }
    // The public sees published minutes only; the others are there (counted in the meeting statuses).
    expect(states).toEqual(new Set(['CLOSED/PUBLISHED', 'MINUTES_DRAFT/-']));
    const coverages = await Promise.all(
      consultations.map(
        async (c) =>
          (
            await gql(`query ($id: ID!) { consultation(id: $id) { status processingCoverage { coverage processed } } }`, {
              id: toGlobalId('Consultation', c.id),
            })
          ).data?.consultation,
      ),
    );
    const secretariat = await secretariatToken();
    const internal = await Promise.all(
      [year - 1, year].map((y) =>
        gql(`query ($y: Int) { meetings(filter: { year: $y }, first: 100) { edges { node { status minutes { status } } } } }`, { y }, secretariat),
      ),
    );
    const nodes = internal.flatMap((r) => r.data?.meetings.edges.map((e: any) => e.node));
    expect(new Set(nodes.map((m: any) => m.minutes?.status ?? '-'))).toEqual(new Set(['PUBLISHED', 'APPROVED', 'CIRCULATED', 'DRAFT', '-']));
    expect(nodes.map((m: any) => m.status)).toContain('PLANNED');
    // (Statuses follow the real clock, which is before this test's "now"; the coverage does not.)
    const figures = coverages.map((c) => c.processingCoverage.coverage);
    expect(figures.filter((f) => f === 1)).toHaveLength(3); // the published consultations: fully processed
    expect(figures.filter((f) => f !== null && f > 0.5 && f < 1)).toHaveLength(1); // the one being processed
  }, 180_000);
});
