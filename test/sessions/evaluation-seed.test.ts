/**
 * The demo year's finished evaluation round: closed, its proposals assigned
 * in balance and evaluated (one conflict declared and replaced), ranked on
 * the board, agreement published, feedback released to proposers.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedEvaluation } from '../../functions/local/seed/evaluation.seed';
import { seedProgramme } from '../../functions/local/seed/programme.seed';
import { REGIONS, STAKEHOLDER_GROUPS, type Gender } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';

const GENDERS: Gender[] = ['WOMAN', 'MAN', 'NON_BINARY'];

describe('the demo evaluation', () => {
  it('is a closed, blind round whose eligible proposals are evaluated in balance, ranked, and fed back to proposers', async () => {
    // Prepare: a private demo year; a MAG of 30 in term and 60 other people.
    const now = new Date(Date.UTC(randomInt(2101, 2200), 8, 15));
    const year = now.getUTCFullYear();
    const [mag, others] = await Promise.all([
      Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          createPerson({
            roles: { magTerm: { startYear: year, endYear: year } },
            stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[(i * 7) % 5] },
          }),
        ),
      ),
      Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i % 6], region: REGIONS[Math.floor(i / 6) % 5], gender: GENDERS[i % 3] } }),
        ),
      ),
    ]);
    const people = [...mag, ...others].map((p) => ({ ...p.stakeholder, magTerm: mag.includes(p) ? { startYear: year, endYear: year } : undefined }));
    await seedProgramme(now, people);

    // Act
    const seeded = await seedEvaluation(now, people);

    // Assess
    expect(seeded.evaluations).toBeGreaterThan(50);
    const rounds = await gql(
      `query ($year: Int!) { programme(year: $year) { proposalCall { eligible } evaluationRounds { edges { node { id blind status submitted conflictsDeclared rankedProposals feedbackReleasedAt agreement { proposals meanPairwiseDifference } } } } } }`,
      { year },
    );
    const round = rounds.data?.programme.evaluationRounds.edges[0].node;
    // The test's clock is centuries before the demo's: the round is still "scheduled" by it, yet its figures are final.
    expect(round).toMatchObject({ blind: true, conflictsDeclared: 1, feedbackReleasedAt: expect.any(String) });
    expect(round.submitted).toBe(seeded.evaluations);
    expect(round.rankedProposals).toBeGreaterThan(0);
    expect(round.agreement.proposals).toBeGreaterThan(0);
    expect(round.agreement.meanPairwiseDifference).toBeGreaterThanOrEqual(0);
    expect(rounds.data?.programme.proposalCall.eligible).toBeGreaterThan(10);
  }, 240_000);
});
