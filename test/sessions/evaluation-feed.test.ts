/**
 * Blind means blind in the change feed too: proposals are listed there (every save, submission, screening and
 * selection), resolved through the proposal rules — so a MAG evaluator in a blind round, who reads the proposal only
 * through its blind evaluation sheet, learns no proposer's or speaker's name, organisation or email from the feed,
 * while the proposal's own people and the secretariat see it there.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { gql, secretariatToken } from '../helpers/api';
import { createOrganisation, createPerson } from '../helpers/people';
import { STAKEHOLDER_GROUPS, REGIONS } from '../../functions/modules/stakeholders/stakeholder.model';
import { ASSIGN, closedCall, createRound, eligibleProposals, magMembers, sheetGlobalId } from './evaluation-helpers';

const PROPOSAL_FIELDS = '... on Proposal { id title proposer { name contactEmail } organisers { name } speakers { stakeholder { name contactEmail } } }';
const SHEET_FIELDS =
  '... on EvaluationSheet { id sheetProposer: proposer { name } sheetOrganisers: organisers { name } panel: speakers { stakeholder { name } group } }';
const feed = (types: string, fields: string) =>
  `query ($since: DateTime!) { changes(since: $since, types: [${types}], first: 30) { edges { node { type id node { ${fields} } } } } }`;

/** One page of the feed since `since` (oldest first), as the caller sees it. */
async function page(types: string, fields: string, since: string, token?: string) {
  const answer = await gql(feed(types, fields), { since }, token);
  expect(answer.errors).toBeUndefined();
  return { text: JSON.stringify(answer), edges: answer.data?.changes.edges as { node: { type: string; id: string; node: Record<string, any> } }[] };
}

describe('a blind round in the change feed', () => {
  it('lists a proposal to its people and the secretariat, and never tells an evaluator in a blind round its people', async () => {
    // Prepare: an eligible proposal organised with an organisation, in a blind round with six evaluators
    const call = await closedCall();
    const [secretariat, members, people, org] = await Promise.all([
      secretariatToken(),
      magMembers(call.year, 6),
      Promise.all(Array.from({ length: 3 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i]!, region: REGIONS[i]! } }))),
      createOrganisation({ group: 'PRIVATE_SECTOR', region: 'ASIA_PACIFIC', country: 'JP' }),
    ]);
    const [proposer, ...speakers] = people as [(typeof people)[0], ...typeof people];
    const [proposal] = await eligibleProposals(call, 1, () => ({ proposer, speakers, organiserIds: [proposer.stakeholder.id, org.stakeholder.id] }));
    const round = await createRound({ call, secretariat });
    expect((await gql(ASSIGN, { input: { roundId: round.id } }, secretariat)).errors).toBeUndefined();
    const proposalId = toGlobalId('Proposal', proposal!.id);
    const sheetId = sheetGlobalId(round.id, proposal!.id);

    // Act: from the proposal's latest change (oldest first, it would lead the page) and from the assignment on
    const sinceProposal = proposal!.updatedAt;
    const proposalsByEvaluator = await page('PROPOSAL', PROPOSAL_FIELDS, sinceProposal, members[0]!.token);
    const proposalsByProposer = await page('PROPOSAL', PROPOSAL_FIELDS, sinceProposal, proposer.token);
    const proposalsByPublic = await page('PROPOSAL', PROPOSAL_FIELDS, sinceProposal);
    // The sheet through the feed: its evaluator reads it blind (the feed of sheets is tested beside the other sheet paths).
    const sheet = await gql(`query ($id: ID!) { node(id: $id) { ${SHEET_FIELDS} } }`, { id: sheetId }, members[0]!.token);
    const byEvaluator = {
      text: proposalsByEvaluator.text + JSON.stringify(sheet),
      edges: [...proposalsByEvaluator.edges, { node: { type: 'EVALUATION_SHEET', id: sheetId, node: sheet.data?.node } }],
    };
    const byProposer = proposalsByProposer;
    const byPublic = proposalsByPublic;

    // Assess: the evaluator finds the sheet, blind, and not the proposal — no name, organisation or email anywhere
    expect(byEvaluator.edges.filter((e) => e.node.id === sheetId).map((e) => e.node.node)).toEqual([
      { id: sheetId, sheetProposer: null, sheetOrganisers: null, panel: expect.arrayContaining([{ stakeholder: null, group: expect.any(String) }]) },
    ]);
    expect(byEvaluator.edges.some((e) => e.node.id === proposalId)).toBe(false);
    for (const secret of [
      ...people.flatMap((p) => [p.stakeholder.name, p.stakeholder.contactEmail, p.stakeholder.id]),
      org.stakeholder.name,
      org.stakeholder.id,
    ]) {
      expect(byEvaluator.text).not.toContain(secret);
      expect(byPublic.text).not.toContain(secret);
    }
    // The proposal's own people see it in the feed, as node(id) shows it to them; the public does not.
    const own = byProposer.edges.find((e) => e.node.id === proposalId);
    expect(own?.node).toMatchObject({
      type: 'PROPOSAL',
      node: { id: proposalId, proposer: { name: proposer.stakeholder.name }, organisers: expect.arrayContaining([{ name: org.stakeholder.name }]) },
    });
    expect(byPublic.edges.some((e) => e.node.id === proposalId)).toBe(false);
  });

  it('lists a proposal to the secretariat at its latest change', async () => {
    // Prepare
    const call = await closedCall();
    const people = await Promise.all(
      Array.from({ length: 3 }, (_, i) => createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i]!, region: REGIONS[i]! } })),
    );
    const [proposal] = await eligibleProposals(call, 1, () => ({ proposer: people[0]!, speakers: people.slice(1) }));
    const proposalId = toGlobalId('Proposal', proposal!.id);

    // Act: the secretariat syncs proposals only, from just before the proposal's last change
    const from = new Date(Date.parse(proposal!.updatedAt) - 1).toISOString();
    const seen = await gql(
      `query ($since: DateTime!) { changes(since: $since, types: [PROPOSAL], first: 100) { edges { node { type action node { id ... on Proposal { status } } } } } }`,
      { since: from },
      await secretariatToken(),
    );

    // Assess
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.changes.edges.map((e: any) => e.node).find((c: any) => c.node.id === proposalId)).toEqual({
      type: 'PROPOSAL',
      action: 'UPDATED',
      node: { id: proposalId, status: 'ELIGIBLE' },
    });
  });
});
