/**
 * Sessions in a programme's development-dimension coverage: submitted
 * session proposals by linkage, counted on the call for proposals' item in
 * the transaction of the submission (and of an edit that changes a
 * submitted proposal's linkage) — drafts do not count, a refused edit moves
 * nothing, and the figures read with the programme's others in O(1).
 */
import { describe, expect, it } from 'vitest';
import { errorCode, gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { createPerson } from '../helpers/people';
import { SUBMIT_PROPOSAL, UPDATE_PROPOSAL, answer, createProposalCall, diversePanel, draftProposal, proposalInput } from './helpers';

const COVERAGE = `query ($year: Int!) { programme(year: $year) { developmentCoverage {
  issues issuesLinked themes sessions sessionsLinked sessionShare sessionsByLinkage { linkage count } } } }`;

const byLinkage = (direct: number, indirect: number, none: number) => [
  { linkage: 'DIRECT', count: direct },
  { linkage: 'INDIRECT', count: indirect },
  { linkage: 'NONE', count: none },
];

async function submitted(call: Awaited<ReturnType<typeof createProposalCall>>, linkage: 'DIRECT' | 'INDIRECT' | 'NONE') {
  const proposer = await createPerson();
  const panel = await diversePanel();
  const draft = await draftProposal(
    proposer.token,
    proposalInput(
      call,
      [proposer.globalId],
      panel.map((p) => ({ id: p.globalId })),
      { developmentDimension: { linkage, explanation: 'How the session relates to digital development.' } },
    ),
  );
  let version = draft.version;
  for (const person of panel) version = (await answer(person.token, draft.id)).version;
  const response = await gql(SUBMIT_PROPOSAL, { input: { id: draft.id, version } }, proposer.token);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return { proposer, proposal: response.data?.submitProposal.proposal };
}

describe('development coverage of sessions', () => {
  it('counts submitted proposals by linkage, not drafts, and moves one when a submitted proposal changes its linkage', async () => {
    // Prepare
    const call = await createProposalCall();
    const coverage = async () => (await gql(COVERAGE, { year: call.year })).data?.programme.developmentCoverage;
    const empty = await coverage();
    const direct = await submitted(call, 'DIRECT');
    const none = await submitted(call, 'NONE');
    const drafter = await createPerson();
    await draftProposal(drafter.token, proposalInput(call, [drafter.globalId], [])); // a draft: not counted

    // Act
    const before = await coverage();
    const edited = await gql(
      UPDATE_PROPOSAL,
      {
        input: {
          id: none.proposal.id,
          version: none.proposal.version,
          developmentDimension: { linkage: 'INDIRECT', explanation: 'Skills for the digital economy.' },
        },
      },
      none.proposer.token,
    );
    const stale = await gql(
      UPDATE_PROPOSAL,
      { input: { id: direct.proposal.id, version: 1, developmentDimension: { linkage: 'NONE', explanation: 'Not about development after all.' } } },
      direct.proposer.token,
    );

    // Assess
    expect(empty).toMatchObject({ sessions: 0, sessionsLinked: 0, sessionShare: 0, sessionsByLinkage: byLinkage(0, 0, 0) });
    expect(before).toMatchObject({ sessions: 2, sessionsLinked: 1, sessionShare: 0.5, sessionsByLinkage: byLinkage(1, 0, 1) });
    expect(edited.errors).toBeUndefined();
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(await coverage()).toMatchObject({ sessions: 2, sessionsLinked: 2, sessionShare: 1, sessionsByLinkage: byLinkage(1, 1, 0) });
  });

  it('reads the programme with its coverage, sessions included, in 3 requests (the programme, its call for issues, its call for proposals)', async () => {
    // Prepare
    const call = await createProposalCall();
    await submitted(call, 'DIRECT');
    const commands: string[] = [];
    const stop = onDynamoRequest((command) => commands.push(command));

    // Act
    const read = await gql(COVERAGE, { year: call.year });
    stop();

    // Assess
    expect(read.data?.programme.developmentCoverage).toMatchObject({ sessions: 1, sessionsLinked: 1, sessionShare: 1 });
    expect(commands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'BatchGetItemCommand']);
  });
});
