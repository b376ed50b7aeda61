/**
 * Changing an evaluation round's settings (`updateEvaluationRound`), against
 * DynamoDB Local: at its version, by the secretariat only, each setting only
 * while the round's state allows it — and every refusal writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { newId, toGlobalId } from '../../functions/core/ids';
import * as evaluationStore from '../../functions/modules/sessions/evaluation.store';
import { errorCode, gql, type GraphQLResponse } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { ASSIGN, SUBMIT, allScores, createRound, evaluationSetup, moveRound, roundInternalId, sheetGlobalId } from './evaluation-helpers';

const HOUR = 3_600_000;

const UPDATE = `mutation ($input: UpdateEvaluationRoundInput!) { updateEvaluationRound(input: $input) { round {
  id title opensAt closesAt status blind scoresVisible criteria { code title weight } version
} } }`;

const later = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const refusal = (response: GraphQLResponse) => [
  errorCode(response),
  response.errors?.[0]?.extensions?.field ?? response.errors?.[0]?.extensions?.currentVersion ?? null,
];

/** The round as stored (its version and settings), to show a refusal wrote nothing. */
async function stored(roundGlobalId: string) {
  const id = roundInternalId(roundGlobalId);
  const round = await evaluationStore.getRoundConsistent(Number(id.slice(0, 4)), id);
  if (!round) throw new Error('no round');
  const { counts: _counts, ...settings } = round;
  return settings;
}

describe('changing a round’s settings', () => {
  it('changes the title, window, blindness, visibility and criteria of a scheduled round at its version, and refuses a stale version with the current one', async () => {
    // Prepare: a round that opens in an hour.
    const setup = await evaluationSetup({ proposals: 0, mag: 1 });
    const round = await createRound(setup, { opensAt: later(1), closesAt: later(48) });
    const criteria = [
      { code: 'CONTENT', title: 'Content and description', weight: 2 },
      { code: 'DIVERSITY', title: 'Diversity', weight: 1 },
    ];

    // Act
    const changed = await gql(
      UPDATE,
      {
        input: {
          roundId: round.id,
          version: 1,
          title: 'Workshops, second pass',
          opensAt: later(2),
          closesAt: later(72),
          blind: false,
          scoresVisible: 'AFTER_ROUND_CLOSES',
          criteria,
        },
      },
      setup.secretariat,
    );
    const before = await stored(round.id);
    const stale = await gql(UPDATE, { input: { roundId: round.id, version: 1, title: 'A stale edit' } }, setup.secretariat);
    const again = await gql(UPDATE, { input: { roundId: round.id, version: 2, closesAt: later(96) } }, setup.secretariat);

    // Assess
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.updateEvaluationRound.round).toMatchObject({
      title: 'Workshops, second pass',
      status: 'SCHEDULED',
      blind: false,
      scoresVisible: 'AFTER_ROUND_CLOSES',
      criteria,
      version: 2,
    });
    expect(before).toMatchObject({ title: 'Workshops, second pass', blind: false, scoresVisible: 'AFTER_ROUND_CLOSES', criteria, version: 2 });
    expect(refusal(stale)).toEqual(['CONFLICT', 2]);
    expect(again.data?.updateEvaluationRound.round).toMatchObject({ title: 'Workshops, second pass', blind: false, version: 3 });
    expect(new Date(again.data?.updateEvaluationRound.round.closesAt).getTime()).toBeGreaterThan(Date.now() + 95 * HOUR);
    // The read through the API agrees.
    const read = await gql('query ($id: ID!) { evaluationRound(id: $id) { title version criteria { code weight } } }', { id: round.id });
    expect(read.data?.evaluationRound).toEqual({
      title: 'Workshops, second pass',
      version: 3,
      criteria: criteria.map(({ code, weight }) => ({ code, weight })),
    });
  });

  it('refuses anyone but the secretariat, and input that breaks the window or the criteria — writing nothing', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 0, mag: 1 });
    const round = await createRound(setup, { opensAt: later(1), closesAt: later(48) });
    const stakeholder = await createPerson();
    const before = await stored(round.id);
    const send = (input: Record<string, unknown>, token?: string) => gql(UPDATE, { input: { roundId: round.id, version: 1, ...input } }, token);

    // Act
    const results = {
      public: await send({ title: 'By the public' }),
      stakeholder: await send({ title: 'By a stakeholder' }, stakeholder.token),
      mag: await send({ title: 'By a MAG member' }, setup.members[0]!.token),
      nothing: await send({}, setup.secretariat),
      past: await send({ closesAt: new Date(Date.now() - 60_000).toISOString() }, setup.secretariat),
      backwards: await send({ closesAt: later(0.5) }, setup.secretariat),
      beforeCall: await send({ opensAt: new Date(Date.now() - 2 * HOUR).toISOString() }, setup.secretariat),
      twice: await send(
        {
          criteria: [
            { code: 'AB', title: 'One', weight: 1 },
            { code: 'AB', title: 'Two', weight: 1 },
          ],
        },
        setup.secretariat,
      ),
      weightless: await send({ criteria: [{ code: 'AB', title: 'One', weight: 0 }] }, setup.secretariat),
      unknown: await gql(
        UPDATE,
        { input: { roundId: toGlobalId('EvaluationRound', `${setup.call.year}.${newId(new Date())}`), version: 1, title: 'Nowhere' } },
        setup.secretariat,
      ),
    };

    // Assess
    expect(refusal(results.public)).toEqual(['UNAUTHENTICATED', null]);
    expect(refusal(results.stakeholder)).toEqual(['FORBIDDEN', null]);
    expect(refusal(results.mag)).toEqual(['FORBIDDEN', null]);
    expect(refusal(results.nothing)).toEqual(['BAD_USER_INPUT', 'input']);
    expect(refusal(results.past)).toEqual(['BAD_USER_INPUT', 'input.closesAt']);
    expect(refusal(results.backwards)).toEqual(['BAD_USER_INPUT', 'input.closesAt']);
    expect(refusal(results.beforeCall)).toEqual(['BAD_USER_INPUT', 'input.opensAt']);
    expect(refusal(results.twice)).toEqual(['BAD_USER_INPUT', 'input.criteria']);
    expect(errorCode(results.weightless)).toBe('BAD_USER_INPUT');
    expect(errorCode(results.unknown)).toBe('NOT_FOUND');
    expect(await stored(round.id)).toEqual(before);
  });

  it('refuses each setting once the round’s state has moved past it: the opening once open, blindness once assigned, criteria once evaluated, everything once closed — writing nothing', async () => {
    // Prepare: an open round with its evaluators assigned and one evaluation in.
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const sheetId = sheetGlobalId(round.id, setup.proposals[0]!.id);
    const send = (input: Record<string, unknown>) => gql(UPDATE, { input: { roundId: round.id, ...input } }, setup.secretariat);
    const criteria = [{ code: 'CONTENT', title: 'Content', weight: 3 }];

    // Act: blindness after assignment, criteria before and after an evaluation, the opening once open.
    const blind = await send({ version: 1, blind: false });
    const opening = await send({ version: 1, opensAt: later(1) });
    const visibleBefore = await send({ version: 1, scoresVisible: 'NEVER' });
    const scored = await gql(SUBMIT, { input: { sheetId, version: 1, scores: allScores(4) } }, setup.members[0]!.token);
    const afterScore = await stored(round.id);
    const criteriaAfter = await send({ version: 2, criteria });
    const extended = await send({ version: 2, closesAt: later(30) });
    await moveRound(round.id, { closesAt: new Date(Date.now() - 1000) });
    const closed = await send({ version: 4, title: 'After the close' });
    const afterClose = await stored(round.id);

    // Assess
    expect(refusal(blind)).toEqual(['CONFLICT', 'input.blind']);
    expect(refusal(opening)).toEqual(['CONFLICT', 'input.opensAt']);
    expect(visibleBefore.data?.updateEvaluationRound.round).toMatchObject({ scoresVisible: 'NEVER', status: 'OPEN', version: 2 });
    expect(scored.errors).toBeUndefined();
    expect(refusal(criteriaAfter)).toEqual(['CONFLICT', 'input.criteria']);
    expect(extended.data?.updateEvaluationRound.round).toMatchObject({ status: 'OPEN', version: 3 });
    expect(refusal(closed)).toEqual(['DEADLINE_PASSED', null]);
    expect(afterClose).toMatchObject({ version: 4, title: afterScore.title, criteria: afterScore.criteria, blind: true });
  });

  it('does not write an evaluation computed on settings that changed since they were read (the service computes it again)', async () => {
    // Prepare: an assigned, open round; its settings read, then changed.
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = roundInternalId(round.id);
    const year = Number(id.slice(0, 4));
    const read = await evaluationStore.getRoundConsistent(year, id);
    const changed = await gql(UPDATE, { input: { roundId: round.id, version: 1, scoresVisible: 'NEVER' } }, setup.secretariat);
    const { sheet, evaluations } = await evaluationStore.getSheet(id, setup.proposals[0]!.id, true);
    const current = evaluations[0]!;
    const next = {
      ...current,
      status: 'SUBMITTED' as const,
      scores: allScores(5).map(({ criterion, score }) => ({ criterion, score })),
      weighted: 5,
      version: current.version + 1,
    };
    const write = (at: NonNullable<typeof read>) =>
      evaluationStore.saveEvaluation(at, { current, next }, { current: sheet!, next: { ...sheet!, version: sheet!.version + 1 } }, [], {}, new Date());

    // Act
    const onOld = await write(read!);
    const onNew = await write((await evaluationStore.getRoundConsistent(year, id))!);

    // Assess
    expect(changed.errors).toBeUndefined();
    expect(onOld).toBe('round');
    expect(onNew).toBe('saved');
  });

  it('scores on the new weights when they change before any evaluation is in', async () => {
    // Prepare: an open round, assigned, nobody has scored yet.
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const sheetId = sheetGlobalId(round.id, setup.proposals[0]!.id);
    const criteria = [
      { code: 'CONTENT', title: 'Content and description', weight: 3 },
      { code: 'DIVERSITY', title: 'Diversity', weight: 1 },
    ];

    // Act
    const changed = await gql(UPDATE, { input: { roundId: round.id, version: 1, criteria } }, setup.secretariat);
    const oldCriteria = await gql(SUBMIT, { input: { sheetId, version: 1, scores: allScores(4) } }, setup.members[0]!.token);
    const scored = await gql(
      SUBMIT,
      {
        input: {
          sheetId,
          version: 1,
          scores: [
            { criterion: 'CONTENT', score: 5 },
            { criterion: 'DIVERSITY', score: 1, reason: 'LACKS_DIVERSITY' },
          ],
        },
      },
      setup.members[0]!.token,
    );

    // Assess: (3 × 5 + 1 × 1) / 4 = 4.
    expect(changed.errors).toBeUndefined();
    expect(errorCode(oldCriteria)).toBe('BAD_USER_INPUT');
    expect(scored.errors).toBeUndefined();
    expect(scored.data?.submitEvaluation.sheet.myEvaluation).toMatchObject({ weightedScore: 4, version: 2 });
  });
});
