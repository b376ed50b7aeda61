/**
 * The demo call for session proposals (70 of its 210 proposals here, for speed):
 * proposals from every group and region with confirmed speakers who declared genders, screened with some
 * screened out for their reasons and one appeal restored — and funnel
 * counters that equal a recount of the proposals' snapshots.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedProgramme } from '../../functions/local/seed/programme.seed';
import { seedSessions } from '../../functions/local/seed/sessions.seed';
import { FUNNEL_STAGES, funnelIncrements } from '../../functions/modules/sessions/funnel.model';
import { getFunnels } from '../../functions/modules/sessions/funnel.store';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql, unique } from '../helpers/api';
import { createOrganisation, createPerson } from '../helpers/people';

const ROWS = 'figures { submitted eligible }';

describe('the demo session proposals', () => {
  it(
    'has screened proposals from every group and region, some screened out with reasons, one appeal restored, and exact funnel counters',
    { timeout: 180_000 },
    async () => {
      // Prepare: a private "now" far in the future, so the demo year belongs to this test alone
      const now = new Date(Date.UTC(randomInt(2200, 3000), 5, 15));
      const year = now.getUTCFullYear();
      const people = await Promise.all(
        Array.from({ length: 60 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[Math.floor(i / 6) % 5] } })),
      );
      const organisations = await Promise.all(
        Array.from({ length: 12 }, (_, i) => createOrganisation({ group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[i % 5] })),
      );
      await seedProgramme(
        now,
        people.map((p) => p.stakeholder),
      );

      // Act
      const seeded = await seedSessions(
        now,
        { people: people.map((p) => p.stakeholder), organisations: organisations.map((o) => o.stakeholder) },
        { idPrefix: unique('panelist'), proposals: 70 },
      );

      // Assess: the proposals
      const byStatus = (status: string) => seeded.proposals.filter((p) => p.status === status);
      expect(seeded.proposals).toHaveLength(70);
      expect(byStatus('DRAFT')).toHaveLength(10);
      expect(byStatus('ELIGIBLE').length + byStatus('SCREENED_OUT').length).toBe(60);
      expect(byStatus('SCREENED_OUT').length).toBeGreaterThanOrEqual(4);
      const reasons = new Set(byStatus('SCREENED_OUT').flatMap((p) => p.screening?.reasons ?? []));
      for (const reason of ['TOO_FEW_CONFIRMED_SPEAKERS', 'SPEAKER_OVER_CAP', 'ORGANISER_OVER_CAP']) expect(reasons, reason).toContain(reason);
      const restored = seeded.proposals.filter((p) => p.screening?.appealDecision?.restored === true);
      expect(restored).toHaveLength(1);
      expect(restored[0]).toMatchObject({ status: 'ELIGIBLE', screening: { reasons: ['PROPOSER_OVER_CAP'] } });
      expect(seeded.proposals.filter((p) => p.screening?.appealDecision?.restored === false)).toHaveLength(1);
      expect(new Set(seeded.panelists.map((p) => p.gender)).size).toBeGreaterThanOrEqual(4);

      // Assess: the counters equal a recount of the snapshots on the proposals
      const [counts] = await getFunnels([year]);
      for (const stage of FUNNEL_STAGES) {
        const recount: Record<string, number> = {};
        for (const p of seeded.proposals) if (p.funnel?.[stage]) funnelIncrements(p.funnel[stage], recount);
        expect(counts!.stages[stage], stage).toEqual(recount);
      }

      // Assess: the public funnel shows every group, region, gender, first-timers and returning, developing and not
      const read = await gql(
        `query ($year: Int!) { programme(year: $year) { proposalCall { submitted eligible screenedOut restored }
        proposalFunnel { proposals { submitted eligible eligibilityRate }
          organisers { byGroup { group ${ROWS} } byRegion { region ${ROWS} } byFirstTime { firstTime ${ROWS} } }
          speakers { byGroup { group ${ROWS} } byRegion { region ${ROWS} } byGender { gender ${ROWS} } byFirstTime { firstTime ${ROWS} } byDevelopingCountry { developingCountry ${ROWS} } }
          speakerBalance(stage: ELIGIBLE) { speakers byGroup { balanceIndex } byTheme { proposals } } } } }`,
        { year },
      );
      expect(read.errors).toBeUndefined();
      const { proposalCall, proposalFunnel } = read.data?.programme;
      expect(proposalCall).toEqual({ submitted: 60, eligible: byStatus('ELIGIBLE').length, screenedOut: byStatus('SCREENED_OUT').length, restored: 1 });
      expect(proposalFunnel.proposals).toMatchObject({ submitted: 60, eligible: byStatus('ELIGIBLE').length });
      const positive = (rows: { figures: { submitted: number } }[]) => rows.every((r) => r.figures.submitted > 0);
      expect(
        positive(proposalFunnel.organisers.byGroup) && positive(proposalFunnel.organisers.byRegion) && positive(proposalFunnel.organisers.byFirstTime),
      ).toBe(true);
      expect(positive(proposalFunnel.speakers.byGroup) && positive(proposalFunnel.speakers.byRegion) && positive(proposalFunnel.speakers.byFirstTime)).toBe(
        true,
      );
      expect(positive(proposalFunnel.speakers.byDevelopingCountry)).toBe(true);
      // Non-zero: shown, or suppressed (null) because small.
      expect(
        proposalFunnel.speakers.byGender.filter((r: { figures: { submitted: number | null } }) => r.figures.submitted !== 0).length,
      ).toBeGreaterThanOrEqual(4);
      expect(proposalFunnel.speakerBalance.byTheme).toHaveLength(4);
      expect(proposalFunnel.speakerBalance.byGroup.balanceIndex).toBeGreaterThan(0.8);
    },
  );
});
