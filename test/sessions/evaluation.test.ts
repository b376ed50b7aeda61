/**
 * The MAG's evaluation through the API against DynamoDB Local: rounds,
 * balanced assignment without conflicts of interest, blind sheets, scores
 * with reason codes and versions, declining with a replacement, the ranked
 * board, and every refusal with its code and nothing written.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { partition } from '../helpers/db';
import { createMagMember, createOrganisation, createPerson } from '../helpers/people';
import {
  ASSIGN,
  CREATE_ROUND,
  DECLINE,
  QUEUE,
  SHEET,
  SUBMIT,
  allScores,
  closedCall,
  createRound,
  eligibleProposals,
  evaluationSetup,
  magMembers,
  moveRound,
  roundInternalId,
  sheetGlobalId,
} from './evaluation-helpers';

const HOUR = 3_600_000;

/** The evaluator tokens of a proposal, from the members' queues. */
async function evaluatorsOf(members: { token: string; stakeholder: { id: string } }[], roundId: string, title: string) {
  const found: { token: string; stakeholder: { id: string }; version: number }[] = [];
  for (const m of members) {
    const queue = await gql(QUEUE, { roundId, first: 100 }, m.token);
    const entry = queue.data?.myEvaluationQueue.edges.find((e: any) => e.node.title === title);
    if (entry) found.push({ ...m, version: entry.node.version });
  }
  return found;
}

describe('evaluation rounds', () => {
  it('creates a blind round with the IGF’s six criteria of 2018, idempotently', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 0, mag: 0 });
    const key = unique('round-');
    const input = {
      programmeId: setup.call.programmeId,
      title: 'Workshops 2026',
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + HOUR).toISOString(),
      idempotencyKey: key,
    };

    // Act
    const first = await gql(CREATE_ROUND, { input }, setup.secretariat);
    const again = await gql(CREATE_ROUND, { input }, setup.secretariat);

    // Assess
    expect(first.errors).toBeUndefined();
    const round = first.data?.createEvaluationRound.round;
    expect(round).toMatchObject({
      status: 'OPEN',
      blind: true,
      scorers: 'ASSIGNED_EVALUATORS',
      scoresVisible: 'AFTER_OWN_EVALUATION',
      evaluatorsPerProposal: 6,
      minGroups: 4,
      minRegions: 3,
      maxPerGroup: 2,
      rankedAfter: 4,
      types: ['WORKSHOP', 'LIGHTNING_TALK'],
    });
    expect(round.criteria.map((c: any) => c.code)).toEqual(['CONTENT', 'POLICY_QUESTIONS', 'RELEVANCE', 'FORMAT', 'DIVERSITY', 'PARTICIPATION']);
    expect(again.data?.createEvaluationRound.round.id).toBe(round.id);
    const rounds = await gql('query ($year: Int!) { programme(year: $year) { evaluationRounds { edges { node { id } } } } }', { year: setup.call.year });
    expect(rounds.data?.programme.evaluationRounds.edges).toEqual([{ node: { id: round.id } }]);
  });

  it('refuses a round from anyone but the secretariat, opening before the call closes, or ending before it starts — writing nothing', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 0, mag: 1 });
    const base = {
      programmeId: setup.call.programmeId,
      title: 'Workshops',
      opensAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      closesAt: new Date(Date.now() + HOUR).toISOString(),
    };
    const send = (input: Record<string, unknown>, token?: string) =>
      gql(CREATE_ROUND, { input: { ...base, idempotencyKey: unique('round-'), ...input } }, token);

    // Act
    const results = {
      public: errorCode(await send({})),
      mag: errorCode(await send({}, setup.members[0]!.token)),
      early: await send({ opensAt: new Date(Date.now() - 2 * HOUR).toISOString() }, setup.secretariat),
      backwards: await send({ closesAt: base.opensAt }, setup.secretariat),
      floors: await send({ evaluatorsPerProposal: 3, minGroups: 4 }, setup.secretariat),
      criteria: await send(
        {
          criteria: [
            { code: 'A1', title: 'One', weight: 1 },
            { code: 'A1', title: 'Two', weight: 1 },
          ],
        },
        setup.secretariat,
      ),
    };

    // Assess
    expect(results.public).toBe('UNAUTHENTICATED');
    expect(results.mag).toBe('FORBIDDEN');
    expect([errorCode(results.early), results.early.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.opensAt']);
    expect([errorCode(results.backwards), results.backwards.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.closesAt']);
    expect([errorCode(results.floors), results.floors.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.minGroups']);
    expect(errorCode(results.criteria)).toBe('BAD_USER_INPUT');
    const rounds = (await partition(`PROGRAMME#${setup.call.year}`)).filter((item) => String(item.SK).startsWith('EVALROUND#'));
    expect(rounds).toEqual([]);
  });
});

describe('balanced assignment', () => {
  it('gives each eligible proposal six evaluators in term from four groups and three regions, never one with a conflict, and nobody new on a second run', async () => {
    // Prepare: a member who speaks on proposal 0, and one whose organisation organises proposal 1.
    const setup = await evaluationSetup({ proposals: 0, mag: 6 });
    const org = await createOrganisation();
    const [speakingMember, orgMember] = await magMembers(setup.call.year, 2, (i) => (i === 1 ? { affiliationId: org.stakeholder.id } : {}));
    const outsider = await createMagMember();
    const proposals = await eligibleProposals(setup.call, 3, (i) => ({
      proposer: setup.people[i]!,
      speakers: i === 0 ? [setup.people[3]!, speakingMember!] : [setup.people[3]!, setup.people[4]!],
      organiserIds: i === 1 ? [setup.people[i]!.stakeholder.id, org.stakeholder.id] : undefined,
    }));
    const round = await createRound(setup);

    // Act
    const first = await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const second = await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data?.assignEvaluators).toMatchObject({ proposals: 3, assigned: 18, shortfalls: [], round: { assigned: 18 } });
    expect(second.data?.assignEvaluators).toMatchObject({ proposals: 3, assigned: 0, round: { assigned: 18 } });
    const ids = new Set([...setup.members, speakingMember!, orgMember!].map((m) => m.globalId));
    for (const [i, p] of proposals.entries()) {
      const sheet = await gql(SHEET, { id: sheetGlobalId(round.id, p.id) }, setup.secretariat);
      const evaluators = sheet.data?.evaluationSheet.evaluators as { stakeholder: { id: string }; group: string; region: string }[];
      expect(evaluators).toHaveLength(6);
      expect(evaluators.filter((e) => !ids.has(e.stakeholder.id) || e.stakeholder.id === outsider.globalId)).toEqual([]);
      expect(new Set(evaluators.map((e) => e.group)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(evaluators.map((e) => e.region)).size).toBeGreaterThanOrEqual(3);
      const perGroup = new Map<string, number>();
      for (const e of evaluators) perGroup.set(e.group, (perGroup.get(e.group) ?? 0) + 1);
      expect(Math.max(...perGroup.values())).toBeLessThanOrEqual(2);
      if (i === 0) expect(evaluators.some((e) => e.stakeholder.id === speakingMember!.globalId)).toBe(false);
      if (i === 1) expect(evaluators.some((e) => e.stakeholder.id === orgMember!.globalId)).toBe(false);
    }
  });

  it('refuses assignment by anyone but the secretariat and after the round closes', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    const mag = errorCode(await gql(ASSIGN, { input: { roundId: round.id } }, setup.members[0]!.token));
    await moveRound(round.id, { closesAt: new Date(Date.now() - 1000) });

    // Act
    const late = await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);

    // Assess
    expect(mag).toBe('FORBIDDEN');
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    const items = await partition(`PROPOSAL#${setup.proposals[0]!.id}`);
    expect(items.filter((item) => String(item.SK).startsWith('#EVAL#'))).toEqual([]);
  });
});

describe('a blind round', () => {
  it('shows an evaluator no names, organisations or emails on any path, but groups, regions, genders and equity flags; the secretariat sees them', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const [proposal] = setup.proposals;
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = sheetGlobalId(round.id, proposal!.id);
    const evaluator = setup.members[0]!;
    const outsider = (await magMembers(setup.call.year, 1))[0]!;
    const proposer = setup.people[0]!.stakeholder;

    // Act
    const seen = await gql(SHEET, { id }, evaluator.token);
    const node = await gql(
      `query ($id: ID!) { node(id: $id) { ... on EvaluationSheet { proposer { name } organisers { name } speakers { stakeholder { name } group } } } }`,
      { id },
      evaluator.token,
    );
    const queue = await gql(
      `query ($roundId: ID!) { myEvaluationQueue(roundId: $roundId) { edges { node { sheet { proposer { name } speakers { stakeholder { name } } proposal { id } } } } } }`,
      { roundId: round.id },
      evaluator.token,
    );
    const direct = await gql(
      'query ($id: ID!) { proposal(id: $id) { title } node(id: $id) { id } }',
      { id: toGlobalId('Proposal', proposal!.id) },
      evaluator.token,
    );
    const bySecretariat = await gql(SHEET, { id }, setup.secretariat);
    const byOutsider = await gql(SHEET, { id }, outsider.token);

    // Assess
    const text = JSON.stringify([seen, node, queue, direct]);
    for (const secret of [proposer.name, proposer.contactEmail, setup.people[1]!.stakeholder.name, setup.people[2]!.stakeholder.contactEmail, proposer.id])
      expect(text).not.toContain(secret);
    const sheet = seen.data?.evaluationSheet;
    expect(sheet).toMatchObject({
      proposer: null,
      organisers: null,
      proposal: null,
      evaluators: null,
      figures: null,
      equity: { firstTimeProposer: true, developingCountryProposer: false },
    });
    expect(sheet.speakers.map((s: any) => [s.stakeholder, s.group, s.region])).toEqual(proposal!.speakers.map((s) => [null, s.group, s.region]));
    expect(sheet.diversity.confirmedSpeakers).toBe(3);
    expect(direct.data).toEqual({ proposal: null, node: null });
    expect(bySecretariat.data?.evaluationSheet.proposer).toMatchObject({ name: proposer.name, contactEmail: proposer.contactEmail });
    expect(bySecretariat.data?.evaluationSheet.evaluators).toHaveLength(6);
    expect(byOutsider.data?.evaluationSheet).toBeNull();
  });

  it('lists a sheet in the change feed only to whom may read it, blind there too', async () => {
    // Prepare
    const since = new Date(Date.now() - 1000).toISOString();
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const FEED = `query ($since: DateTime!) { changes(since: $since, types: [EVALUATION_SHEET, EVALUATION_ROUND], first: 100) {
      edges { node { type node { ... on EvaluationSheet { id title proposer { name } speakers { stakeholder { name } group } } ... on EvaluationRound { id } } } } } }`;
    const mine = sheetGlobalId(round.id, setup.proposals[0]!.id);

    // Act
    const byEvaluator = await gql(FEED, { since }, setup.members[0]!.token);
    const byPublic = await gql(FEED, { since });

    // Assess
    const evaluatorSheets = byEvaluator.data?.changes.edges.filter((e: any) => e.node.node.id === mine);
    expect(evaluatorSheets).toHaveLength(1);
    expect(evaluatorSheets[0].node.node).toMatchObject({
      proposer: null,
      speakers: expect.arrayContaining([{ stakeholder: null, group: expect.any(String) }]),
    });
    expect(JSON.stringify(byEvaluator)).not.toContain(setup.people[0]!.stakeholder.name);
    expect(byPublic.data?.changes.edges.some((e: any) => e.node.node.id === mine)).toBe(false);
    expect(byPublic.data?.changes.edges.some((e: any) => e.node.node.id === round.id)).toBe(true);
  });

  it('shows names to evaluators in a round that is not blind', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup, { blind: false });
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);

    // Act
    const seen = await gql(SHEET, { id: sheetGlobalId(round.id, setup.proposals[0]!.id) }, setup.members[0]!.token);

    // Assess
    expect(seen.data?.evaluationSheet.proposer).toMatchObject({ name: setup.people[0]!.stakeholder.name, contactEmail: null });
    expect(seen.data?.evaluationSheet.speakers[0].stakeholder.name).toBe(setup.people[0]!.stakeholder.name);
  });
});

describe('evaluations', () => {
  it('hides others’ scores until one’s own evaluation is in, then shows them and the figures; ranks once four are in', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const [proposal] = setup.proposals;
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = sheetGlobalId(round.id, proposal!.id);
    const evaluators = await evaluatorsOf(setup.members, round.id, proposal!.title);
    expect(evaluators).toHaveLength(6);
    const [a, b, c, d] = evaluators;

    // Act
    const first = await gql(SUBMIT, { input: { sheetId: id, version: a!.version, scores: allScores(5), comment: 'Strong.' } }, a!.token);
    const beforeOwn = await gql(SHEET, { id }, b!.token);
    const second = await gql(SUBMIT, { input: { sheetId: id, version: b!.version, scores: allScores(3), comment: 'Thin.' } }, b!.token);
    await gql(SUBMIT, { input: { sheetId: id, version: c!.version, scores: allScores(4) } }, c!.token);
    const fourth = await gql(SUBMIT, { input: { sheetId: id, version: d!.version, scores: allScores(2) } }, d!.token);

    // Assess
    expect(first.errors).toBeUndefined();
    expect(first.data?.submitEvaluation.sheet.myEvaluation).toMatchObject({ status: 'SUBMITTED', version: 2, weightedScore: 5 });
    expect(beforeOwn.data?.evaluationSheet.evaluations).toEqual([expect.objectContaining({ mine: true, status: 'ASSIGNED' })]);
    expect(beforeOwn.data?.evaluationSheet.figures).toBeNull();
    expect(JSON.stringify(beforeOwn)).not.toContain('Strong.');
    const others = second.data?.submitEvaluation.sheet.evaluations;
    expect(others).toHaveLength(2);
    expect(others.find((e: any) => !e.mine)).toMatchObject({ weightedScore: 5, comment: 'Strong.', evaluator: null });
    expect(second.data?.submitEvaluation.sheet.figures).toMatchObject({ evaluations: 2, median: 4, mean: 4, spread: 2, ranked: false });
    expect(fourth.data?.submitEvaluation.sheet.figures).toMatchObject({
      evaluations: 4,
      median: 3.5,
      mean: 3.5,
      spread: 3,
      meanPairwiseDifference: 1.667,
      ranked: true,
    });
    expect(fourth.data?.submitEvaluation.sheet.figures.reasons).toEqual([{ reason: 'OTHER', count: 12 }]);
    const public_ = await gql(
      'query ($id: ID!) { evaluationRound(id: $id) { submitted rankedProposals agreement { proposals meanPairwiseDifference method } } }',
      { id: round.id },
    );
    expect(public_.data?.evaluationRound).toMatchObject({ submitted: 4, rankedProposals: 1, agreement: { proposals: 1, meanPairwiseDifference: 1.667 } });
  });

  it('edits a score at its version until the round closes; refuses a stale version, a low score without a reason, someone not assigned, and scoring after the close — writing nothing', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 7 });
    const [proposal] = setup.proposals;
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = sheetGlobalId(round.id, proposal!.id);
    const [a] = await evaluatorsOf(setup.members, round.id, proposal!.title);
    const outsiders = (
      await Promise.all(
        setup.members.map(async (m) => ((await gql(QUEUE, { roundId: round.id }, m.token)).data?.myEvaluationQueue.edges.length === 0 ? m : undefined)),
      )
    ).filter(Boolean);
    const submitted = await gql(SUBMIT, { input: { sheetId: id, version: a!.version, scores: allScores(4) } }, a!.token);
    const before = await partition(`PROPOSAL#${proposal!.id}`);

    // Act
    const noReason = await gql(
      SUBMIT,
      { input: { sheetId: id, version: 2, scores: allScores(4).map((s, i) => (i === 0 ? { criterion: s.criterion, score: 3 } : s)) } },
      a!.token,
    );
    const missing = await gql(SUBMIT, { input: { sheetId: id, version: 2, scores: allScores(4).slice(1) } }, a!.token);
    const stale = await gql(SUBMIT, { input: { sheetId: id, version: 1, scores: allScores(5) } }, a!.token);
    const stranger = await gql(SUBMIT, { input: { sheetId: id, version: 1, scores: allScores(5) } }, outsiders[0]!.token);
    const secretariat = await gql(SUBMIT, { input: { sheetId: id, version: 1, scores: allScores(5) } }, setup.secretariat);
    const unchanged = await partition(`PROPOSAL#${proposal!.id}`);
    const edited = await gql(SUBMIT, { input: { sheetId: id, version: 2, scores: allScores(5) } }, a!.token);
    await moveRound(round.id, { closesAt: new Date(Date.now() - 1000) });
    const late = await gql(SUBMIT, { input: { sheetId: id, version: 3, scores: allScores(1) } }, a!.token);

    // Assess
    expect(submitted.errors).toBeUndefined();
    expect([errorCode(noReason), noReason.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'input.scores.0']);
    expect(errorCode(missing)).toBe('BAD_USER_INPUT');
    expect([errorCode(stale), stale.errors?.[0]?.extensions?.currentVersion]).toEqual(['CONFLICT', 2]);
    expect(errorCode(stranger)).toBe('FORBIDDEN');
    expect(errorCode(secretariat)).toBe('FORBIDDEN');
    expect(unchanged).toEqual(before);
    expect(edited.data?.submitEvaluation.sheet.myEvaluation).toMatchObject({ version: 3, weightedScore: 5 });
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    const after = await gql(SHEET, { id }, a!.token);
    expect(after.data?.evaluationSheet.myEvaluation).toMatchObject({ version: 3 });
  });

  it('refuses scoring before the round opens', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 6 });
    const round = await createRound(setup, { opensAt: new Date(Date.now() + HOUR).toISOString(), closesAt: new Date(Date.now() + 2 * HOUR).toISOString() });
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const [a] = await evaluatorsOf(setup.members, round.id, setup.proposals[0]!.title);

    // Act
    const early = await gql(SUBMIT, { input: { sheetId: sheetGlobalId(round.id, setup.proposals[0]!.id), version: 1, scores: allScores(4) } }, a!.token);

    // Assess
    expect(errorCode(early)).toBe('NOT_OPEN');
  });

  it('replaces an evaluator who declares a conflict, keeping the statement for the secretariat only', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 1, mag: 8 });
    const [proposal] = setup.proposals;
    const round = await createRound(setup);
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    const id = sheetGlobalId(round.id, proposal!.id);
    const [a, b] = await evaluatorsOf(setup.members, round.id, proposal!.title);
    const statement = `I advised the organisers ${unique()}`;
    await gql(SUBMIT, { input: { sheetId: id, version: b!.version, scores: allScores(4) } }, b!.token);

    // Act
    const declined = await gql(DECLINE, { input: { sheetId: id, version: a!.version, reason: 'CONFLICT_OF_INTEREST', statement } }, a!.token);
    const again = await gql(DECLINE, { input: { sheetId: id, version: 2, reason: 'ABSTAIN', statement: 'Again, abstaining.' } }, a!.token);

    // Assess
    expect(declined.data?.declineEvaluation).toEqual({ evaluation: { status: 'CONFLICT', version: 2 }, replacementAssigned: true });
    expect(errorCode(again)).toBe('FORBIDDEN');
    const bySecretariat = await gql(SHEET, { id }, setup.secretariat);
    expect(bySecretariat.data?.evaluationSheet.evaluators.filter((e: any) => e.status !== 'CONFLICT')).toHaveLength(6);
    expect(JSON.stringify(bySecretariat)).toContain(statement);
    expect(JSON.stringify(await gql(SHEET, { id }, b!.token))).not.toContain(statement);
    expect((await gql(SHEET, { id }, a!.token)).data?.evaluationSheet).toBeNull();
    const counts = await gql('query ($id: ID!) { evaluationRound(id: $id) { assigned conflictsDeclared } }', { id: round.id });
    expect(counts.data?.evaluationRound).toEqual({ assigned: 7, conflictsDeclared: 1 });
  });

  it('lets any MAG member in term score in a round open to the MAG, but refuses one with a conflict of interest from the registry', async () => {
    // Prepare: one member's organisation organises the proposal.
    const call = await closedCall();
    const org = await createOrganisation();
    const [members, [representative], proposer, speaker, secretariat] = await Promise.all([
      magMembers(call.year, 8),
      magMembers(call.year, 1, () => ({ affiliationId: org.stakeholder.id })),
      createPerson({ stakeholder: { group: 'ACADEMIA', region: 'AFRICAN' } }),
      createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' } }),
      secretariatToken(),
    ]);
    const [proposal] = await eligibleProposals(call, 1, () => ({ proposer, speakers: [speaker], organiserIds: [proposer.stakeholder.id, org.stakeholder.id] }));
    const round = await createRound({ call, secretariat }, { scorers: 'MAG_MEMBERS', evaluatorsPerProposal: 1, minGroups: 1, minRegions: 1, rankedAfter: 1 });
    await gql(ASSIGN, { input: { roundId: round.id } }, secretariat);
    const id = sheetGlobalId(round.id, proposal!.id);
    const queues = await Promise.all(
      members.map(async (m) => (await gql(QUEUE, { roundId: round.id }, m.token)).data?.myEvaluationQueue.edges.length as number),
    );
    const unassigned = members[queues.indexOf(0)]!;

    // Act
    const open = await gql(SUBMIT, { input: { sheetId: id, scores: allScores(4) } }, unassigned.token);
    const refused = await gql(SUBMIT, { input: { sheetId: id, scores: allScores(4) } }, representative!.token);

    // Assess
    expect(queues.filter((n) => n === 1)).toHaveLength(1);
    expect(open.errors).toBeUndefined();
    expect(open.data?.submitEvaluation.sheet.myEvaluation).toMatchObject({ status: 'SUBMITTED', version: 1 });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect((await gql(SHEET, { id }, representative!.token)).data?.evaluationSheet).toBeNull();
  });
});

describe('the ranked board and feedback', () => {
  it('ranks by median then mean, filters by theme and type, opens to the MAG when the round closes, and gives proposers medians and reason codes only after release', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 2, mag: 6 });
    const round = await createRound(setup, { evaluatorsPerProposal: 6, rankedAfter: 2 });
    await gql(ASSIGN, { input: { roundId: round.id } }, setup.secretariat);
    for (const [i, p] of setup.proposals.entries()) {
      const evaluators = await evaluatorsOf(setup.members, round.id, p.title);
      for (const e of evaluators.slice(0, 2)) {
        const r = await gql(SUBMIT, { input: { sheetId: sheetGlobalId(round.id, p.id), version: e.version, scores: allScores(i === 0 ? 3 : 5) } }, e.token);
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      }
    }
    const BOARD = `query ($id: ID!, $themeId: ID, $type: SessionTypeCode) { evaluationRound(id: $id) { board(themeId: $themeId, type: $type) { edges { node { title figures { median mean ranked } equity { firstTimeProposer } } } } } }`;
    const FEEDBACK =
      'query ($id: ID!) { proposal(id: $id) { evaluationFeedback { evaluations criterionMedians { criterion median } reasons { reason count } } } }';
    const proposalId = toGlobalId('Proposal', setup.proposals[0]!.id);

    // Act
    const open = await gql(BOARD, { id: round.id }, setup.secretariat);
    const magWhileOpen = await gql(BOARD, { id: round.id }, setup.members[0]!.token);
    const byTheme = await gql(BOARD, { id: round.id, themeId: setup.call.themeId }, setup.secretariat);
    const byType = await gql(BOARD, { id: round.id, type: 'LIGHTNING_TALK' }, setup.secretariat);
    const beforeRelease = await gql(FEEDBACK, { id: proposalId }, setup.people[0]!.token);
    const earlyRelease = await gql(
      'mutation ($input: ReleaseEvaluationFeedbackInput!) { releaseEvaluationFeedback(input: $input) { round { feedbackReleasedAt } } }',
      { input: { roundId: round.id, version: 1 } },
      setup.secretariat,
    );
    await moveRound(round.id, { closesAt: new Date(Date.now() - 1000) });
    const magClosed = await gql(BOARD, { id: round.id }, setup.members[0]!.token);
    const released = await gql(
      'mutation ($input: ReleaseEvaluationFeedbackInput!) { releaseEvaluationFeedback(input: $input) { round { feedbackReleasedAt } } }',
      { input: { roundId: round.id, version: 2 } },
      setup.secretariat,
    );
    const feedback = await gql(FEEDBACK, { id: proposalId }, setup.people[0]!.token);
    const bySpeaker = await gql(FEEDBACK, { id: proposalId }, setup.people[1]!.token);

    // Assess
    const titles = open.data?.evaluationRound.board.edges.map((e: any) => e.node.title);
    expect(titles).toEqual([setup.proposals[1]!.title, setup.proposals[0]!.title]);
    expect(open.data?.evaluationRound.board.edges[0].node.figures).toEqual({ median: 5, mean: 5, ranked: true });
    expect(errorCode(magWhileOpen)).toBe('FORBIDDEN');
    expect(byTheme.data?.evaluationRound.board.edges).toHaveLength(2);
    expect(byType.data?.evaluationRound.board.edges).toEqual([]);
    expect(beforeRelease.data?.proposal.evaluationFeedback).toEqual([]);
    expect(errorCode(earlyRelease)).toBe('NOT_OPEN');
    expect(magClosed.data?.evaluationRound.board.edges).toHaveLength(2);
    expect(released.errors).toBeUndefined();
    const [entry] = feedback.data?.proposal.evaluationFeedback;
    expect(entry).toMatchObject({ evaluations: 2, reasons: [{ reason: 'OTHER', count: 12 }] });
    expect(entry.criterionMedians).toContainEqual({ criterion: 'CONTENT', median: 3 });
    expect(JSON.stringify(feedback)).not.toContain('weightedScore');
    // A speaker reads the proposal but not its evaluation feedback (its proposer and organisers only).
    expect(bySpeaker.data?.proposal).toEqual({ evaluationFeedback: [] });
  });
});

describe('identity of the round', () => {
  it('reads a round through node(id) and refuses a malformed sheet id', async () => {
    // Prepare
    const setup = await evaluationSetup({ proposals: 0, mag: 0 });
    const round = await createRound(setup);

    // Act
    const node = await gql('query ($id: ID!) { node(id: $id) { ... on EvaluationRound { title status } } }', { id: round.id });
    const bad = await gql(SHEET, { id: toGlobalId('EvaluationSheet', 'nope') });

    // Assess
    expect(node.data?.node).toEqual({ title: 'Workshop evaluation', status: 'OPEN' });
    expect(bad.data?.evaluationSheet).toBeNull();
    expect(roundInternalId(round.id)).toMatch(/^\d{4}\./);
  });
});
