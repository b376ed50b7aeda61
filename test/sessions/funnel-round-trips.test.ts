/**
 * The DynamoDB requests of the proposal funnel, asserted exactly: the four
 * stage counter items of the year in one BatchGetItem, and the themes of the
 * speaker balance in one more — whatever the number of proposals.
 */
import { describe, expect, it } from 'vitest';
import { gql, secretariatToken } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { SUBMIT_PROPOSAL, answer, createProposalCall, diversePanel, draftProposal, moveProposalWindow, proposalInput } from './helpers';

const FIGURES = 'submitted eligible accepted held eligibilityRate acceptanceRate selectionRate heldRate';
const BREAKDOWN = `total { ${FIGURES} } byGroup { group figures { ${FIGURES} } } byRegion { region figures { ${FIGURES} } }
  byGender { gender figures { ${FIGURES} } } byFirstTime { firstTime figures { ${FIGURES} } } byDevelopingCountry { developingCountry figures { ${FIGURES} } }`;
const BALANCE =
  'proposals speakers byGroup { total shares { group count share } balanceIndex minMaxRatio underThreshold } byRegion { total balanceIndex } byGender { gender count }';
const FUNNEL = `query ($year: Int!) { proposalFunnel(year: $year) {
  year proposals { ${FIGURES} } byType { type { code title } figures { ${FIGURES} } }
  organisers { ${BREAKDOWN} } speakers { ${BREAKDOWN} }
  eligible: speakerBalance(stage: ELIGIBLE) { stage ${BALANCE} byTheme { theme { id title policyQuestions } ${BALANCE} } }
  submitted: speakerBalance(stage: SUBMITTED) { ${BALANCE} byTheme { theme { title } ${BALANCE} } }
} }`;

describe('DynamoDB round trips of the proposal funnel', () => {
  it('reads the whole funnel with the speaker balance per theme in two BatchGetItems', async () => {
    // Prepare: three submitted proposals, screened
    const call = await createProposalCall();
    for (let i = 0; i < 3; i++) {
      const proposer = await createPerson();
      const panel = await diversePanel();
      const draft = await draftProposal(
        proposer.token,
        proposalInput(
          call,
          [proposer.globalId],
          panel.map((p) => ({ id: p.globalId })),
        ),
      );
      let version = draft.version;
      for (const p of panel) version = (await answer(p.token, draft.id)).version;
      const submitted = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version } }, proposer.token);
      expect(submitted.errors).toBeUndefined();
    }
    await moveProposalWindow(call.year, { closesAt: new Date(Date.now() - 1) });
    await gql(
      `mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible } }`,
      { input: { callId: call.callId } },
      await secretariatToken(),
    );
    const commands: string[] = [];

    // Act (the public)
    const stop = onDynamoRequest((command) => commands.push(command));
    const result = await gql(FUNNEL, { year: call.year }).finally(stop);

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.proposalFunnel.proposals).toMatchObject({ submitted: 3, eligible: 3 });
    expect(result.data?.proposalFunnel.eligible.byTheme).toHaveLength(1);
    expect(commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
  });
});
