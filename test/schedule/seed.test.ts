/**
 * The demo selection and schedule: run after the demo programme in a year of
 * its own, it selects within the budgets, approves a main session per theme,
 * and releases a schedule twice that reads back by day.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedProgramme } from '../../functions/local/seed/programme.seed';
import { seedSelection } from '../../functions/local/seed/selection.seed';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { SCHEDULE_DAY } from './documents';

describe('the demo selection and schedule', () => {
  it('selects within the budgets, approves a main session per theme and releases a schedule twice', async () => {
    // Prepare: a private "now" far in the future, and a MAG member in term that year
    const now = new Date(Date.UTC(randomInt(2200, 3000), 5, 15));
    const year = now.getUTCFullYear();
    const people = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        createPerson({
          stakeholder: {
            group: STAKEHOLDER_GROUPS[i % 6],
            region: REGIONS[Math.floor(i / 6) % 5],
            gender: i % 2 ? 'WOMAN' : 'MAN',
            ...(i === 0 ? { magTerm: { startYear: year, endYear: year } } : {}),
          },
          ...(i === 0 ? { roles: { magTerm: { startYear: year, endYear: year } } } : {}),
        }),
      ),
    );
    await seedProgramme(
      now,
      people.map((p) => p.stakeholder),
    );

    // Act
    const seeded = await seedSelection(
      now,
      people.map((p) => p.stakeholder),
    );

    // Assess
    expect(seeded).toMatchObject({ mainSessions: 4, releases: 2 });
    expect(seeded.accepted).toBeGreaterThanOrEqual(3);
    expect(seeded.slots).toBeGreaterThanOrEqual(seeded.accepted);
    const read = (
      await gql(
        `query ($year: Int!) { programme(year: $year) {
          slotBudgets { types { type slots taken } }
          scheduled: sessions(status: SCHEDULED, first: 100) { edges { node { type { code } } } }
          conditional: sessions(status: CONDITIONALLY_ACCEPTED) { edges { node { selection { conditions deadline } } } }
          schedule { releasedVersion days releases { edges { node { version changes { change } } } } }
        } }`,
        { year },
      )
    ).data?.programme;
    for (const t of read.slotBudgets.types) if (t.slots !== null) expect(t.taken).toBeLessThanOrEqual(t.slots);
    expect(read.scheduled.edges.filter((e: any) => e.node.type.code === 'MAIN_SESSION')).toHaveLength(4);
    expect(read.conditional.edges).toHaveLength(1);
    expect(read.schedule.releasedVersion).toBe(2);
    expect(read.schedule.releases.edges[0].node.changes).toEqual([{ change: 'MOVED' }]);
    const day = (await gql(SCHEDULE_DAY, { year, date: read.schedule.days[0] })).data?.scheduleDay;
    expect(day.slots.length).toBeGreaterThan(0);
    expect(day.slots.every((s: any) => s.speakers.length > 0 && s.roomName.length > 0)).toBe(true);
  }, 240_000);
});
