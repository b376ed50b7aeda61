/**
 * Part of `npm run bench`: the MAG's evaluation at the IGF's scale, in a table
 * of its own, through the real Lambda handler — assigning six evaluators to
 * 300 eligible proposals with a MAG of 40 (the first run, and the idempotent
 * second), and the reads the issue budgets at two DynamoDB requests: a
 * proposal in a round with the caller's visible evaluations, an evaluator's
 * queue, a page of the ranked board. Reports requests, read capacity and
 * latency (p50/p95); the evaluator's queue is also a row of the main table,
 * against its baseline.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { handler as GraphqlHandler } from '../../functions/handlers/graphql';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import { newId, toGlobalId } from '../../functions/core/ids';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { signLocalToken } from '../../functions/local/local-token';
import type { Proposal } from '../../functions/modules/sessions/sessions.model';
import { REGIONS, STAKEHOLDER_GROUPS, type Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { measureUsage } from './instrument';
import { percentile } from './latency';

const HOUR = 3_600_000;

export interface EvaluationFigures {
  readonly assignments: {
    readonly name: string;
    readonly seconds: number;
    readonly requests: number;
    readonly transactions: number;
    readonly assigned: number;
    readonly shortfalls: number;
  }[];
  readonly reads: {
    readonly name: string;
    readonly requests: number;
    readonly commands: string[];
    readonly readCapacity: number;
    readonly p50: number;
    readonly p95: number;
  }[];
}

/** Seeds the evaluation into the table the configuration points at (empty) and measures it; `runs` per read. */
export async function measureEvaluation(
  handler: typeof GraphqlHandler,
  dataDir: string,
  runs: number,
  log: (line: string) => void,
): Promise<EvaluationFigures> {
  const figures: EvaluationFigures = { assignments: [], reads: [] };
  const programmeStore = await import('../../functions/modules/programme/programme.store');
  const sessionsStore = await import('../../functions/modules/sessions/sessions.store');
  const { createStakeholder } = await import('../../functions/modules/stakeholders/stakeholder.store');
  const { DEFAULT_DIVERSITY_RULES } = await import('../../functions/modules/sessions/sessions.model');
  const { DEFAULT_SCREENING_RULES } = await import('../../functions/modules/sessions/screening.model');

  // ---- the data: a programme with an adopted theme, a closed call, 40 MAG members in term, 300 eligible proposals
  const year = 2026;
  const now = new Date();
  const at = now.toISOString();
  await programmeStore.createProgramme({
    year,
    title: `IGF ${year}`,
    overarchingTheme: 'Bench',
    hostCountry: 'NO',
    venue: 'Bench',
    startsAt: `${year}-12-01T00:00:00.000Z`,
    endsAt: `${year}-12-05T00:00:00.000Z`,
    format: 'HYBRID',
    settings: { issuesPerPerson: 3 },
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const themeId = `${year}.${newId(now)}`;
  await programmeStore.createTheme(
    {
      id: themeId,
      year,
      title: 'Digital inclusion',
      narrative: 'Bench theme.',
      developmentDimension: { linkage: 'DIRECT', explanation: 'Bench explanation.' },
      policyQuestions: ['Q1?', 'Q2?'],
      issueIds: [],
      status: 'ADOPTED',
      adoption: { decisionId: 'd', meetingId: 'm', adoptedAt: at },
      createdBy: 'bench',
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    { key: idempotencyGuardKey('bench', 'bench', 'theme'), requestDigest: 'x' },
    now,
  );
  const closesAt = new Date(now.getTime() - HOUR);
  await sessionsStore.saveCall(
    {
      year,
      opensAt: new Date(now.getTime() - 30 * 24 * HOUR).toISOString(),
      closesAt: closesAt.toISOString(),
      hybrid: true,
      rules: DEFAULT_DIVERSITY_RULES,
      screening: DEFAULT_SCREENING_RULES,
      version: 1,
      createdAt: at,
      updatedAt: at,
    },
    undefined,
  );
  const person = async (id: string, overrides: Partial<Stakeholder>, magTerm?: { startYear: number; endYear: number }): Promise<Stakeholder> => {
    const s: Stakeholder = {
      id,
      kind: 'PERSON',
      name: `Bench ${id}`,
      group: 'CIVIL_SOCIETY',
      region: 'AFRICAN',
      country: 'KE',
      languages: ['en'],
      contactEmail: `${id}@bench.test`,
      confirmedEmail: `${id}@bench.test`,
      verification: 'VERIFIED',
      relevantOrganisation: false,
      representativeOf: [],
      subject: `bench|${id}`,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...overrides,
    };
    await createStakeholder(s, { representativeOf: [], magTerm });
    return s;
  };
  // One at a time: the bench machine is shared, and the figures are the reads and the assignment, not the seeding.
  for (let i = 0; i < 40; i++)
    await person(`mag${i}`, { group: STAKEHOLDER_GROUPS[i % 6]!, region: REGIONS[(i * 7) % 5]! }, { startYear: year, endYear: year });
  const people: Stakeholder[] = [];
  for (let i = 0; i < 30; i++) people.push(await person(`p${i}`, { group: STAKEHOLDER_GROUPS[i % 6]!, region: REGIONS[i % 5]!, country: i % 2 ? 'KE' : 'NO' }));
  const drafted = new Date(closesAt.getTime() - HOUR);
  const proposals: Proposal[] = [];
  for (let i = 0; i < 300; i++) {
    const panel = [people[i % 30]!, people[(i + 7) % 30]!, people[(i + 13) % 30]!];
    const p: Proposal = {
      id: `${year}.${newId(drafted)}`,
      year,
      type: 'WORKSHOP',
      format: 'ROUNDTABLE',
      durationMinutes: 60,
      themeId,
      policyQuestions: ['Q1?'],
      title: `Bench proposal ${i}`,
      description: 'A bench proposal.',
      developmentDimension: { linkage: 'DIRECT', explanation: 'Bench explanation.' },
      interactionPlan: 'Open floor.',
      onlineParticipationPlan: 'Online moderator.',
      proposerId: panel[0]!.id,
      organiserIds: [panel[0]!.id],
      speakers: panel.map((s, k) => ({
        stakeholderId: s.id,
        role: k === 0 ? 'MODERATOR' : 'SPEAKER',
        attendance: 'ONSITE',
        status: 'CONFIRMED',
        group: s.group,
        region: s.region,
      })),
      contributionIds: [],
      issueIds: [],
      status: 'SUBMITTED',
      submittedAt: drafted.toISOString(),
      version: 2,
      createdAt: drafted.toISOString(),
      updatedAt: drafted.toISOString(),
    };
    await sessionsStore.createProposal(p, { key: idempotencyGuardKey('bench', 'bench', `p${i}`), requestDigest: 'x' }, drafted);
    proposals.push(p);
  }
  await sessionsStore.saveScreening(
    proposals.map((p) => ({ current: p, next: { ...p, status: 'ELIGIBLE', screening: { reasons: [], screenedAt: at }, version: 3 } })),
    (chunk) => ({ 'screening.eligible': chunk.length }),
  );
  log(`  seeded: 300 eligible proposals, a MAG of 40`);

  const secretariat = await signLocalToken(dataDir, { subject: 'bench|secretariat', groups: ['secretariat'] });
  const evaluator = await signLocalToken(dataDir, { subject: 'bench|mag0' });
  const call = async (query: string, variables: Record<string, unknown>, token: string) => {
    const event = apiGatewayEvent({
      method: 'POST',
      path: '/graphql',
      routePath: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const response = (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
    const body = JSON.parse(response.body ?? '{}') as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const round = (
    await call(
      'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { round { id } } }',
      {
        input: {
          programmeId: toGlobalId('Programme', String(year)),
          title: 'Bench round',
          opensAt: new Date(now.getTime() - 30 * 60_000).toISOString(),
          closesAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
          idempotencyKey: 'bench-round-1',
        },
      },
      secretariat,
    )
  ).createEvaluationRound.round.id as string;

  const ASSIGN = 'mutation ($input: AssignEvaluatorsInput!) { assignEvaluators(input: $input) { proposals assigned shortfalls { missing } } }';
  for (const label of ['assign 6 evaluators to 300 proposals', 'assign again (idempotent: nobody new)']) {
    const started = performance.now();
    const { result, usage } = await measureUsage(() => call(ASSIGN, { input: { roundId: round } }, secretariat));
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    const transactions = usage.commands.filter((c) => c === 'TransactWriteItemsCommand').length;
    figures.assignments.push({
      name: label,
      seconds,
      requests: usage.requests,
      transactions,
      assigned: result.assignEvaluators.assigned,
      shortfalls: result.assignEvaluators.shortfalls.length,
    });
    log(
      `  ${label}: ${seconds.toFixed(2)} s, ${usage.requests} requests (${transactions} transactions), assigned ${result.assignEvaluators.assigned}, shortfalls ${result.assignEvaluators.shortfalls.length}`,
    );
  }

  // Two evaluations on the evaluator's first proposal, so the sheet shows others' scores.
  const queue = await call(
    'query ($r: ID!) { myEvaluationQueue(roundId: $r, first: 100) { edges { node { version sheet { id } } } } }',
    { r: round },
    evaluator,
  );
  const sheetId = queue.myEvaluationQueue.edges[0].node.sheet.id as string;
  const scores = ['CONTENT', 'POLICY_QUESTIONS', 'RELEVANCE', 'FORMAT', 'DIVERSITY', 'PARTICIPATION'].map((criterion) => ({ criterion, score: 4 }));
  await call(
    'mutation ($input: SubmitEvaluationInput!) { submitEvaluation(input: $input) { sheet { id } } }',
    { input: { sheetId, version: 1, scores } },
    evaluator,
  );

  const READS: [string, string, Record<string, unknown>, string][] = [
    [
      'a proposal in a blind round with speakers, diversity, visible evaluations (evaluator)',
      `query ($id: ID!) { evaluationSheet(id: $id) { title description speakers { stakeholder { name } role group region } diversity { confirmedSpeakers groups regions balanceIndex violations { rule } } equity { firstTimeProposer developingCountryProposer } myEvaluation { version weightedScore } evaluations { weightedScore scores { criterion score } } figures { median mean spread } } }`,
      { id: sheetId },
      evaluator,
    ],
    [
      'the same sheet with names (secretariat)',
      `query ($id: ID!) { evaluationSheet(id: $id) { title proposer { name } speakers { stakeholder { name } group } evaluations { weightedScore } evaluators { group status } } }`,
      { id: sheetId },
      secretariat,
    ],
    [
      "an evaluator's queue (45 proposals)",
      'query ($r: ID!) { myEvaluationQueue(roundId: $r, first: 100) { edges { node { title type status version } } pageInfo { hasNextPage } } }',
      { r: round },
      evaluator,
    ],
    [
      'a page of the ranked board (50)',
      'query ($r: ID!) { evaluationRound(id: $r) { agreement { meanPairwiseDifference } board(first: 50) { edges { node { title type equity { firstTimeProposer } figures { median mean spread ranked } } } pageInfo { hasNextPage } } } }',
      { r: round },
      secretariat,
    ],
  ];
  for (const [name, query, variables, token] of READS) {
    const { usage } = await measureUsage(() => call(query, variables, token));
    for (let i = 0; i < 10; i++) await call(query, variables, token);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await call(query, variables, token);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    figures.reads.push({
      name,
      requests: usage.requests,
      commands: usage.commands,
      readCapacity: usage.readCapacity,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
    });
  }
  return figures;
}
