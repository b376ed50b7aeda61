/** Evaluation rounds, sheets, evaluations, the board and the queue: thin adapters over the evaluation service. */
import type { Resolvers } from '../../generated/resolvers-types';
import { toGlobalId } from '../../core/ids';
import { toConnection } from '../../core/pagination';
import { roundCounter, sheetId, type Evaluation, type EvaluationRoundWithCounts, type EvaluationSheet, type SheetFigures } from './evaluation.model';
import type { AssignmentResult, SheetView } from './evaluation.service';
import { sessionType, type Speaker } from './sessions.model';

/** An evaluation with who is looking: whether its evaluator and decline statement show. */
export interface EvaluationInView {
  readonly evaluation: Evaluation;
  readonly viewerId: string | undefined;
  readonly internal: boolean;
}

/** A speaker with whether their identity shows (never in a blind round, but to the secretariat). */
export interface SpeakerInView {
  readonly speaker: Speaker;
  readonly identities: boolean;
}

export interface ShortfallInRound {
  readonly roundId: string;
  readonly proposalId: string;
  readonly missing: number;
  readonly groups: number;
  readonly regions: number;
}

export type AssignmentInRound = AssignmentResult;

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

const present = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

const figures = (f: SheetFigures) => f;

const METHOD =
  'Mean absolute difference between two evaluators’ weighted scores of the same proposal, averaged over proposals with at least two evaluations (0 = full agreement, 4 = widest disagreement).';

export const evaluationResolvers: Resolvers = {
  Query: {
    evaluationRound: (_, { id }, { services }) => services.evaluation.roundByGlobalId(id).then((r) => r ?? null),
    evaluationSheet: (_, { id }, { services }) => services.evaluation.getSheetByGlobalId(id).then((s) => s ?? null),
    myEvaluationQueue: async (_, { roundId, first, after }, { services }) => {
      const page = await services.evaluation.queue(roundId, first, after);
      return toConnection({ ...page, items: page.items.map((evaluation) => ({ evaluation, viewerId: evaluation.evaluatorId, internal: false })) });
    },
  },
  Mutation: {
    createEvaluationRound: async (_, { input }, { services }) => ({ round: await services.evaluation.createRound(input) }),
    updateEvaluationRound: async (_, { input }, { services }) => ({ round: await services.evaluation.updateRound(input) }),
    assignEvaluators: (_, { input }, { services }) => services.evaluation.assign(input),
    submitEvaluation: async (_, { input }, { services }) => ({ sheet: await services.evaluation.submit(input) }),
    declineEvaluation: async (_, { input }, { services }) => {
      const { evaluation, replacementAssigned } = await services.evaluation.decline(input);
      return { evaluation: { evaluation, viewerId: evaluation.evaluatorId, internal: false }, replacementAssigned };
    },
    releaseEvaluationFeedback: async (_, { input }, { services }) => ({ round: await services.evaluation.releaseFeedback(input) }),
  },
  Programme: {
    evaluationRounds: async (p, { first, after }, { services }) => toConnection(await services.evaluation.roundsOf(p.year, first, after)),
  },
  Proposal: {
    evaluationFeedback: (p, _, { services }) => services.evaluation.feedback(p),
  },
  AssignEvaluatorsPayload: {
    shortfalls: (a) => a.shortfalls.map((s) => ({ ...s, roundId: a.roundId })),
    round: async (a, _, { services }) => required(await services.evaluation.round(a.roundId), 'round'),
  },
  AssignmentShortfall: {
    sheet: (s, _, { services }) => services.evaluation.sheet(s.roundId, s.proposalId).then((v) => v ?? null),
  },
  EvaluationRound: {
    id: (r) => toGlobalId('EvaluationRound', r.id),
    programme: async (r, _, { services }) => required(await services.programmes.get(r.year), `programme ${r.year}`),
    status: (r, _, { services }) => services.evaluation.status(r),
    criteria: (r) => [...r.criteria],
    evaluatorsPerProposal: (r) => r.assignment.evaluatorsPerProposal,
    minGroups: (r) => r.assignment.minGroups,
    minRegions: (r) => r.assignment.minRegions,
    maxPerGroup: (r) => r.assignment.maxPerGroup,
    rankedAfter: (r) => r.assignment.rankedAfter,
    types: (r) => [...r.types],
    feedbackReleasedAt: (r) => r.feedbackReleasedAt ?? null,
    assigned: (r) => r.counts[roundCounter.assigned] ?? 0,
    submitted: (r) => r.counts[roundCounter.submitted] ?? 0,
    conflictsDeclared: (r) => r.counts[roundCounter.conflicts] ?? 0,
    rankedProposals: (r) => r.counts[roundCounter.ranked] ?? 0,
    agreement: (r: EvaluationRoundWithCounts) => {
      const proposals = r.counts[roundCounter.agreementProposals] ?? 0;
      const sum = r.counts[roundCounter.agreementSumMilli] ?? 0;
      return { proposals, meanPairwiseDifference: proposals > 0 ? Math.round(sum / proposals) / 1000 : null, method: METHOD };
    },
    board: async (r, { themeId, type, first, after }, { services }) =>
      toConnection(await services.evaluation.board(toGlobalId('EvaluationRound', r.id), { themeId, type }, first, after)),
  },
  EvaluationSheet: {
    id: (v) => toGlobalId('EvaluationSheet', sheetId(v.sheet.roundId, v.sheet.proposalId)),
    round: (v) => v.round,
    proposal: (v, _, { services }) => services.proposals.get(v.proposal.id).then((p) => p ?? null),
    title: (v) => v.proposal.title,
    description: (v) => v.proposal.description,
    type: (v) => sessionType(v.proposal.type),
    format: (v) => v.proposal.format,
    durationMinutes: (v) => v.proposal.durationMinutes,
    theme: async (v, _, { services }) => required(await services.themes.get(v.proposal.themeId), `theme of ${v.proposal.id}`),
    policyQuestions: (v) => [...v.proposal.policyQuestions],
    developmentDimension: (v) => v.proposal.developmentDimension,
    interactionPlan: (v) => v.proposal.interactionPlan,
    onlineParticipationPlan: (v) => v.proposal.onlineParticipationPlan,
    proposer: async (v: SheetView, _, { services }) => (v.identities ? ((await services.stakeholders.get(v.proposal.proposerId)) ?? null) : null),
    organisers: async (v: SheetView, _, { services }) =>
      v.identities ? present(await Promise.all(v.proposal.organiserIds.map((id) => services.stakeholders.get(id)))) : null,
    speakers: (v) => v.proposal.speakers.map((speaker) => ({ speaker, identities: v.identities })),
    diversity: (v) => v.diversity,
    equity: (v) => v.sheet.equity,
    myEvaluation: (v) => {
      const mine = v.evaluations.find((e) => e.evaluatorId === v.viewerId);
      return mine ? { evaluation: mine, viewerId: v.viewerId, internal: v.internal } : null;
    },
    evaluations: (v) => v.evaluations.map((evaluation) => ({ evaluation, viewerId: v.viewerId, internal: v.internal })),
    figures: (v) => (v.othersVisible || v.internal ? figures(v.sheet) : null),
    evaluators: (v) => (v.internal ? [...v.sheet.evaluators] : null),
    version: (v) => v.sheet.version,
  },
  EvaluatedSpeaker: {
    stakeholder: async (s, _, { services }) => (s.identities ? ((await services.stakeholders.get(s.speaker.stakeholderId)) ?? null) : null),
    role: (s) => s.speaker.role,
    attendance: (s) => s.speaker.attendance,
    status: (s) => s.speaker.status,
    group: (s) => s.speaker.group,
    region: (s) => s.speaker.region,
  },
  SheetEvaluator: {
    stakeholder: async (e, _, { services }) => required(await services.stakeholders.get(e.evaluatorId), `evaluator ${e.evaluatorId}`),
  },
  Evaluation: {
    sheet: (e, _, { services }) => services.evaluation.sheet(e.evaluation.roundId, e.evaluation.proposalId).then((v) => v ?? null),
    title: (e) => e.evaluation.title,
    type: (e) => e.evaluation.type,
    status: (e) => e.evaluation.status,
    mine: (e) => e.viewerId !== undefined && e.evaluation.evaluatorId === e.viewerId,
    evaluator: async (e, _, { services }) =>
      e.internal || e.evaluation.evaluatorId === e.viewerId ? ((await services.stakeholders.get(e.evaluation.evaluatorId)) ?? null) : null,
    evaluatorGroup: (e) => e.evaluation.evaluatorGroup,
    evaluatorRegion: (e) => e.evaluation.evaluatorRegion,
    scores: (e) => (e.evaluation.scores ?? []).map((s) => ({ criterion: s.criterion, score: s.score, reason: s.reason ?? null })),
    weightedScore: (e) => e.evaluation.weighted ?? null,
    comment: (e) => e.evaluation.comment ?? null,
    declineStatement: (e) => (e.internal ? (e.evaluation.declined?.statement ?? null) : null),
    submittedAt: (e) => e.evaluation.submittedAt ?? null,
    version: (e) => e.evaluation.version,
  },
  EvaluationFigures: {
    median: (f) => f.median ?? null,
    mean: (f) => f.mean ?? null,
    spread: (f) => f.spread ?? null,
    meanPairwiseDifference: (f) => f.pairwise ?? null,
    criterionMedians: (f) => [...f.criterionMedians],
    reasons: (f) => [...f.reasons],
  },
  EvaluationBoardEntry: {
    sheet: (s: EvaluationSheet, _, { services }) => services.evaluation.sheet(s.roundId, s.proposalId).then((v) => v ?? null),
    themeId: (s) => toGlobalId('Theme', s.themeId),
    figures: (s) => s,
  },
  EvaluationFeedback: {
    evaluations: (f) => f.figures.evaluations,
    criterionMedians: (f) => [...f.figures.criterionMedians],
    reasons: (f) => [...f.figures.reasons],
  },
};
