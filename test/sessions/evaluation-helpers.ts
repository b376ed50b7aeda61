/**
 * An evaluation set-up of its own year: a closed call with eligible proposals
 * (drafted and screened through the stores, as the API would while the call
 * was open), MAG members in term that year from every group and region, and
 * the documents the evaluation tests use.
 */
import { toGlobalId, newId } from '../../functions/core/ids';
import { idempotencyGuardKey } from '../../functions/core/dynamodb/idempotency';
import * as evaluationStore from '../../functions/modules/sessions/evaluation.store';
import type { Proposal, Speaker } from '../../functions/modules/sessions/sessions.model';
import { createProposal, saveScreening } from '../../functions/modules/sessions/sessions.store';
import { REGIONS, STAKEHOLDER_GROUPS, type Stakeholder } from '../../functions/modules/stakeholders/stakeholder.model';
import { gql, secretariatToken, unique } from '../helpers/api';
import { createPerson, type TestPerson } from '../helpers/people';
import { createProposalCall, type TestProposalCall } from './helpers';

const HOUR = 3_600_000;

export interface EvaluationSetup {
  readonly call: TestProposalCall;
  readonly secretariat: string;
  readonly members: TestPerson[];
  readonly proposals: Proposal[];
  readonly people: TestPerson[];
}

/** `count` MAG members in term in `year`, spread over the six groups and five regions. */
export async function magMembers(year: number, count: number, overrides: (i: number) => Partial<Stakeholder> = () => ({})): Promise<TestPerson[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      createPerson({
        roles: { magTerm: { startYear: year, endYear: year } },
        stakeholder: { group: STAKEHOLDER_GROUPS[i % 6]!, region: REGIONS[(i * 7) % 5]!, ...overrides(i) },
      }),
    ),
  );
}

const speakerOf = (p: TestPerson, role: Speaker['role'] = 'SPEAKER'): Speaker => ({
  stakeholderId: p.stakeholder.id,
  role,
  attendance: 'ONSITE',
  status: 'CONFIRMED',
  group: p.stakeholder.group,
  region: p.stakeholder.region,
  gender: p.stakeholder.gender,
});

/** Eligible proposals of the call, drafted while it was open and screened eligible (the call closed an hour ago). */
export async function eligibleProposals(
  call: TestProposalCall,
  count: number,
  panel: (i: number) => { proposer: TestPerson; speakers: TestPerson[]; organiserIds?: string[] },
): Promise<Proposal[]> {
  const closesAt = Date.now() - HOUR;
  const drafted = new Date(closesAt - 30 * 60_000);
  const proposals: Proposal[] = [];
  for (let i = 0; i < count; i++) {
    const { proposer, speakers, organiserIds } = panel(i);
    const at = drafted.toISOString();
    const proposal: Proposal = {
      id: `${call.year}.${newId(drafted)}`,
      year: call.year,
      type: 'WORKSHOP',
      format: 'ROUNDTABLE',
      durationMinutes: 60,
      themeId: call.theme.id,
      policyQuestions: [call.theme.policyQuestions[0]!],
      title: `Proposal ${i} ${unique()}`.slice(0, 60),
      description: 'A roundtable on financing community networks across four regions, with time for the room.',
      developmentDimension: { linkage: 'DIRECT', explanation: 'Connectivity is the base of digital development.' },
      interactionPlan: 'Short openings, then an open floor with questions from the room and online.',
      onlineParticipationPlan: 'An online moderator relays questions from the platform in every round.',
      proposerId: proposer.stakeholder.id,
      organiserIds: organiserIds ?? [proposer.stakeholder.id],
      speakers: [speakerOf(proposer, 'MODERATOR'), ...speakers.map((s) => speakerOf(s))],
      contributionIds: [],
      issueIds: [],
      status: 'SUBMITTED',
      submittedAt: at,
      version: 2,
      createdAt: at,
      updatedAt: at,
    };
    const created = await createProposal(proposal, { key: idempotencyGuardKey('test', proposer.stakeholder.id, unique('k')), requestDigest: 'x' }, drafted);
    if (created !== 'created') throw new Error(`proposal not created: ${created}`);
    proposals.push(proposal);
  }
  const screened = proposals.map((p) => ({
    ...p,
    status: 'ELIGIBLE' as const,
    screening: { reasons: [], screenedAt: new Date().toISOString() },
    version: p.version + 1,
  }));
  if (
    (await saveScreening(
      proposals.map((p, i) => ({ current: p, next: screened[i]! })),
      (chunk) => ({ 'screening.eligible': chunk.length }),
    )) !== 'saved'
  )
    throw new Error('not screened');
  return screened;
}

/** A closed call (closed an hour ago) of a year of its own. */
export function closedCall(): Promise<TestProposalCall> {
  return createProposalCall({ opensAt: new Date(Date.now() - 3 * HOUR), closesAt: new Date(Date.now() - HOUR) });
}

/** The whole set-up: `proposals` eligible proposals with distinct proposers and a diverse panel, `mag` MAG members. */
export async function evaluationSetup(options: { proposals: number; mag: number }): Promise<EvaluationSetup> {
  const call = await closedCall();
  const [secretariat, members, people] = await Promise.all([
    secretariatToken(),
    magMembers(call.year, options.mag),
    Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createPerson({ stakeholder: { group: STAKEHOLDER_GROUPS[i]!, region: REGIONS[i % 5]!, country: i % 2 ? 'KE' : 'NO' } }),
      ),
    ),
  ]);
  const proposals = await eligibleProposals(call, options.proposals, (i) => ({
    proposer: people[i % 6]!,
    speakers: [people[(i + 1) % 6]!, people[(i + 2) % 6]!],
  }));
  return { call, secretariat, members, proposals, people };
}

export const CREATE_ROUND = `mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { round {
  id title status blind scorers scoresVisible criteria { code title weight } evaluatorsPerProposal minGroups minRegions maxPerGroup rankedAfter types version
} } }`;
export const ASSIGN = `mutation ($input: AssignEvaluatorsInput!) { assignEvaluators(input: $input) {
  proposals assigned shortfalls { missing groups regions } round { assigned }
} }`;
export const SUBMIT = `mutation ($input: SubmitEvaluationInput!) { submitEvaluation(input: $input) { sheet {
  id version myEvaluation { status version weightedScore scores { criterion score reason } }
  evaluations { mine weightedScore comment evaluator { id } }
  figures { evaluations median mean spread meanPairwiseDifference ranked criterionMedians { criterion median } reasons { reason count } }
} } }`;
export const DECLINE = `mutation ($input: DeclineEvaluationInput!) { declineEvaluation(input: $input) { evaluation { status version } replacementAssigned } }`;
export const QUEUE = `query ($roundId: ID!, $first: Int, $after: String) { myEvaluationQueue(roundId: $roundId, first: $first, after: $after) {
  edges { node { title type status version mine } cursor } pageInfo { hasNextPage endCursor }
} }`;
export const SHEET = `query ($id: ID!) { evaluationSheet(id: $id) {
  id title description type { code } format durationMinutes policyQuestions interactionPlan onlineParticipationPlan
  proposer { id name contactEmail } organisers { id name }
  speakers { stakeholder { id name contactEmail } role attendance status group region }
  diversity { confirmedSpeakers groups regions balanceIndex byGender { gender count } }
  equity { firstTimeProposer developingCountryProposer }
  myEvaluation { status version }
  evaluations { mine status weightedScore comment declineStatement evaluator { id } scores { criterion score reason } }
  figures { evaluations median mean spread ranked }
  evaluators { stakeholder { id } group region status }
  proposal { id title }
} }`;

export const sheetGlobalId = (roundGlobalId: string, proposalId: string) =>
  toGlobalId('EvaluationSheet', `${Buffer.from(roundGlobalId, 'base64url').toString('utf8').split(':')[1]}|${proposalId}`);

export const roundInternalId = (roundGlobalId: string) => Buffer.from(roundGlobalId, 'base64url').toString('utf8').split(':')[1]!;

/** A round of the call through the API (open from half an hour ago unless given). */
export async function createRound(
  setup: { call: TestProposalCall; secretariat: string },
  overrides: Record<string, unknown> = {},
): Promise<Record<string, any>> {
  const response = await gql(
    CREATE_ROUND,
    {
      input: {
        programmeId: setup.call.programmeId,
        title: 'Workshop evaluation',
        opensAt: new Date(Date.now() - 30 * 60_000).toISOString(),
        closesAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        idempotencyKey: unique('round-'),
        ...overrides,
      },
    },
    setup.secretariat,
  );
  if (response.errors) throw new Error(`createEvaluationRound failed: ${JSON.stringify(response.errors)}`);
  return response.data?.createEvaluationRound.round;
}

/** Moves a round's window straight through the store (e.g. closes it now). */
export async function moveRound(roundGlobalId: string, window: { opensAt?: Date; closesAt?: Date }): Promise<void> {
  const id = roundInternalId(roundGlobalId);
  const year = Number(id.slice(0, 4));
  const current = await evaluationStore.getRoundConsistent(year, id);
  if (!current) throw new Error('no round');
  const { counts: _counts, ...round } = current;
  const next = {
    ...round,
    opensAt: window.opensAt?.toISOString() ?? round.opensAt,
    closesAt: window.closesAt?.toISOString() ?? round.closesAt,
    version: round.version + 1,
  };
  if ((await evaluationStore.saveRound(next, current.version)) !== 'saved') throw new Error('round not moved');
}

/** Scores for every IGF 2018 criterion: all `score`, with a reason where needed. */
export const allScores = (score: number) =>
  ['CONTENT', 'POLICY_QUESTIONS', 'RELEVANCE', 'FORMAT', 'DIVERSITY', 'PARTICIPATION'].map((criterion) => ({
    criterion,
    score,
    ...(score <= 3 ? { reason: 'OTHER' } : {}),
  }));
