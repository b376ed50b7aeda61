/**
 * The DynamoDB requests of the evaluation's reads, asserted exactly: a
 * proposal in a round with its speakers, diversity and the caller's visible
 * evaluations (one Query of the proposal's item collection, one BatchGetItem
 * of the round, the call, the caller's roles and — where names may show — the
 * panel's people); an evaluator's queue (the roles, one Query); a page of the
 * ranked board (the round with the roles, one Query).
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';
import { ASSIGN, QUEUE, SUBMIT, allScores, createRound, evaluationSetup, moveRound, sheetGlobalId } from './evaluation-helpers';

const SHEET_PAGE = `query ($id: ID!) { evaluationSheet(id: $id) {
  id title description type { code } format durationMinutes policyQuestions
  proposer { name } organisers { name }
  speakers { stakeholder { name } role attendance status group region }
  diversity { confirmedSpeakers groups regions onsite balanceIndex byGender { gender count } violations { rule needed have } }
  equity { firstTimeProposer developingCountryProposer }
  myEvaluation { status version weightedScore scores { criterion score reason } }
  evaluations { mine weightedScore comment scores { criterion score } }
  figures { evaluations median mean spread ranked criterionMedians { criterion median } }
} }`;

const BOARD_PAGE = `query ($id: ID!) { evaluationRound(id: $id) { title status agreement { meanPairwiseDifference } board(first: 20) {
  edges { node { title type themeId equity { firstTimeProposer developingCountryProposer } figures { evaluations median mean spread ranked } } }
  pageInfo { hasNextPage endCursor }
} } }`;

async function count(query: string, variables: Record<string, unknown>, token: string) {
  const commands: string[] = [];
  const stop = onDynamoRequest((command) => commands.push(command));
  const result = await gql(query, variables, token).finally(stop);
  return { result, commands };
}

describe('DynamoDB round trips of the evaluation', () => {
  it('reads a proposal in a blind round with its speakers, diversity and the caller’s visible evaluations in one Query and one BatchGetItem', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = sheetGlobalId(round.id, setup.proposals[0]!.id);
    const [a, b] = setup.members;
    for (const m of [a!, b!]) {
      const r = await gql(SUBMIT, { input: { sheetId: id, version: 1, scores: allScores(4), comment: 'Solid.' } }, m.token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    }

    // Act
    const evaluator = await count(SHEET_PAGE, { id }, a!.token);
    const secretariat = await count(SHEET_PAGE, { id }, setup.secretariat);

    // Assess
    expect(evaluator.result.errors).toBeUndefined();
    expect(evaluator.result.data?.evaluationSheet.evaluations).toHaveLength(2);
    expect(evaluator.result.data?.evaluationSheet.speakers[0].stakeholder).toBeNull();
    expect(evaluator.commands).toEqual(['QueryCommand', 'BatchGetItemCommand']);
    // The secretariat sees the names: the panel's people come in the same BatchGetItem.
    expect(secretariat.result.data?.evaluationSheet.speakers[0].stakeholder.name).toBe(setup.people[0]!.stakeholder.name);
    expect(secretariat.commands).toEqual(['QueryCommand', 'BatchGetItemCommand']);
  });

  it('reads an evaluator’s queue in the GetItem of the roles and one Query', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 3, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);

    // Act
    const { result, commands } = await count(QUEUE, { roundId: round.id, first: 20 }, setup.members[0]!.token);

    // Assess
    expect(result.data?.myEvaluationQueue.edges).toHaveLength(3);
    expect(commands).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it('reads a page of the ranked board in one BatchGetItem (the round with the caller’s roles) and one Query', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 3, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    await moveRound(round.id, { closesAt: new Date(Date.now() - 1000) });

    // Act
    const bySecretariat = await count(BOARD_PAGE, { id: round.id }, setup.secretariat);
    const byMag = await count(BOARD_PAGE, { id: round.id }, setup.members[0]!.token);

    // Assess
    expect(bySecretariat.result.data?.evaluationRound.board.edges).toHaveLength(3);
    expect(bySecretariat.commands).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    expect(byMag.result.data?.evaluationRound.board.edges).toHaveLength(3);
    expect(byMag.commands).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });
});
