/**
 * The DynamoDB requests of reading a proposal, asserted exactly: the proposal,
 * its call (the diversity rules) and the caller's roles in one BatchGetItem,
 * its people in one more.
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { answer, createProposalCall, diversePanel, draftProposal, proposalInput } from './helpers';

const PROPOSAL_PAGE = `query ($id: ID!) { proposal(id: $id) {
  id title status version
  proposer { name } organisers { name }
  speakers { stakeholder { name } role attendance status group region }
  diversity { confirmedSpeakers groups regions onsite balanceIndex byGender { gender count } violations { rule needed have } }
} }`;

describe('DynamoDB round trips of session proposals', () => {
  it('reads a proposal with its six speakers and live diversity in two BatchGetItems, the caller’s roles read with the proposal', async () => {
    // Prepare
    const call = await createProposalCall();
    const proposer = await createPerson();
    const panel = [...(await diversePanel()), ...(await diversePanel())];
    const draft = await draftProposal(
      proposer.token,
      proposalInput(
        call,
        [proposer.globalId, panel[0]!.globalId],
        panel.map((p) => ({ id: p.globalId })),
      ),
    );
    for (const p of panel.slice(0, 4)) await answer(p.token, draft.id);
    const commands: string[] = [];

    // Act
    const stop = onDynamoRequest((command) => commands.push(command));
    const result = await gql(PROPOSAL_PAGE, { id: draft.id }, proposer.token).finally(stop);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.proposal.speakers).toHaveLength(6);
    expect(result.data?.proposal.diversity).toMatchObject({ confirmedSpeakers: 4, groups: 3, regions: 3 });
    expect(commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });
});
