/**
 * The MAG's evaluation of eligible session proposals: rounds with their own
 * permissions (who scores, blindness, when others' scores show), criteria
 * with weights on a 1–5 scale, evaluations with reason codes for low scores,
 * the figures of the ranked board (median, mean, spread) and evaluator
 * agreement, conflicts of interest from the registry and the equity flags.
 * Pure types and rules — no I/O.
 */
import type { Region, StakeholderGroup } from '../stakeholders';
import type { Proposal, SessionTypeCode } from './sessions.model';

// ── Rounds ──

/** Who may score in a round. */
export const SCORERS = ['ASSIGNED_EVALUATORS', 'MAG_MEMBERS'] as const;
export type Scorers = (typeof SCORERS)[number];

/** When an evaluator sees the other evaluators' scores of a proposal. */
export const SCORE_VISIBILITIES = ['AFTER_OWN_EVALUATION', 'AFTER_ROUND_CLOSES', 'NEVER'] as const;
export type ScoreVisibility = (typeof SCORE_VISIBILITIES)[number];

export interface Criterion {
  /** A short stable code (A–Z, 0–9, _). */
  readonly code: string;
  readonly title: string;
  /** The weight of the criterion in the weighted score (0.1..10). */
  readonly weight: number;
}

/**
 * The IGF's six workshop evaluation criteria of 2018 (media.intgovforum.org, "IGF 2018 workshop session formats and
 * evaluation criteria"), equally weighted: the IGF published no weights.
 */
export const IGF_2018_CRITERIA: readonly Criterion[] = [
  { code: 'CONTENT', title: 'Content and description', weight: 1 },
  { code: 'POLICY_QUESTIONS', title: 'Response to the policy question(s)', weight: 1 },
  { code: 'RELEVANCE', title: 'Relevance to Internet governance and the focus area', weight: 1 },
  { code: 'FORMAT', title: 'Format', weight: 1 },
  { code: 'DIVERSITY', title: 'Diversity', weight: 1 },
  { code: 'PARTICIPATION', title: 'Approach to encouraging participation', weight: 1 },
];

/** The assignment rules of a round (defaults: the balanced assignment). */
export interface AssignmentRules {
  readonly evaluatorsPerProposal: number;
  readonly minGroups: number;
  readonly minRegions: number;
  readonly maxPerGroup: number;
  /** A proposal is ranked once this many evaluations are in. */
  readonly rankedAfter: number;
}

export const DEFAULT_ASSIGNMENT_RULES: AssignmentRules = { evaluatorsPerProposal: 6, minGroups: 4, minRegions: 3, maxPerGroup: 2, rankedAfter: 4 };

export interface EvaluationRound {
  /** `<year>.<ulid>`. */
  readonly id: string;
  readonly year: number;
  readonly title: string;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly blind: boolean;
  readonly scorers: Scorers;
  readonly scoresVisible: ScoreVisibility;
  readonly criteria: readonly Criterion[];
  readonly assignment: AssignmentRules;
  /** The session types evaluated (the competitive ones by default); other eligible proposals are screened only. */
  readonly types: readonly SessionTypeCode[];
  /** When the secretariat released the per-criterion medians and reason codes to proposers (after the round closed). */
  readonly feedbackReleasedAt?: string | undefined;
  readonly createdBy: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EvaluationRoundWithCounts extends EvaluationRound {
  readonly counts: Readonly<Record<string, number>>;
}

export type EvaluationRoundStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';

export function roundStatus(round: Pick<EvaluationRound, 'opensAt' | 'closesAt'>, now: Date): EvaluationRoundStatus {
  const at = now.toISOString();
  if (at < round.opensAt) return 'SCHEDULED';
  return at < round.closesAt ? 'OPEN' : 'CLOSED';
}

/** Counter names on a round item (ADDed in the transactions they count). */
export const roundCounter = {
  assigned: 'assigned',
  submitted: 'evaluations.submitted',
  declined: 'evaluations.declined',
  conflicts: 'evaluations.conflicts',
  ranked: 'proposals.ranked',
  /** Proposals with ≥ 2 evaluations, and the sum of their mean pairwise differences (in thousandths). */
  agreementProposals: 'agreement.proposals',
  agreementSumMilli: 'agreement.pairwiseSumMilli',
  /** An evaluator's workload: assignments not declined. */
  load: (evaluatorId: string) => `load.${evaluatorId}`,
} as const;

// ── Evaluations ──

/** Standard reasons for a score of 3 or less (MAG members asked for "radio buttons" in 2015). */
export const LOW_SCORE_REASONS = [
  'INCOMPLETE_DESCRIPTION',
  'POLICY_QUESTION_NOT_ADDRESSED',
  'WEAK_RELEVANCE',
  'FORMAT_UNSUITED',
  'LACKS_DIVERSITY',
  'LIMITED_INTERACTION',
  'OVERLAPS_OTHER_PROPOSALS',
  'OTHER',
] as const;
export type LowScoreReason = (typeof LOW_SCORE_REASONS)[number];

/** A score of this or less needs a reason code. */
export const REASON_NEEDED_AT = 3;

export const EVALUATION_STATUSES = ['ASSIGNED', 'SUBMITTED', 'CONFLICT', 'ABSTAINED'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const DECLINE_REASONS = ['CONFLICT_OF_INTEREST', 'ABSTAIN'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export interface CriterionScore {
  readonly criterion: string;
  readonly score: number;
  readonly reason?: LowScoreReason | undefined;
}

/** One evaluator's assignment to a proposal in a round, and their evaluation once given (one item). */
export interface Evaluation {
  readonly roundId: string;
  readonly proposalId: string;
  readonly evaluatorId: string;
  readonly evaluatorGroup: StakeholderGroup;
  readonly evaluatorRegion: Region;
  readonly status: EvaluationStatus;
  readonly scores?: readonly CriterionScore[] | undefined;
  /** The weighted mean of the scores (1..5). */
  readonly weighted?: number | undefined;
  readonly comment?: string | undefined;
  /** A declared conflict or abstention (private to the secretariat). */
  readonly declined?: { readonly reason: DeclineReason; readonly statement: string; readonly at: string } | undefined;
  /** Whether the evaluator was assigned (false: a MAG member scoring in an open round). */
  readonly assigned: boolean;
  readonly assignedAt: string;
  readonly submittedAt?: string | undefined;
  /** What the queue shows without reading the proposal (a screened proposal no longer changes). */
  readonly title: string;
  readonly type: SessionTypeCode;
  readonly themeId: string;
  readonly version: number;
  readonly updatedAt: string;
}

export const isActive = (e: Pick<Evaluation, 'status'>) => e.status === 'ASSIGNED' || e.status === 'SUBMITTED';

// ── Equity flags and the panel as evaluators see it ──

/**
 * Countries of the UN M49 "developed regions" (Europe, Northern America, Japan, Australia, New Zealand): a
 * proposer whose registry country is not one of them is a developing-country proposer. M49 dropped the
 * designation in 2021 but the IGF's evaluation forms kept the notion; this list is its last form.
 */
const DEVELOPED = new Set(
  `AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT
   RO RS RU SE SI SJ SK SM UA VA BM CA GL PM US JP AU NZ`.split(/\s+/),
);

export const isDevelopingCountry = (country: string) => !DEVELOPED.has(country);

export interface EquityFlags {
  /** The proposer has no proposal submitted in an earlier programme. */
  readonly firstTimeProposer: boolean;
  /** The proposer's registry country is a developing country (see `isDevelopingCountry`). */
  readonly developingCountryProposer: boolean;
}

/** A proposal's evaluators as the sheet records them (identities are the secretariat's). */
export interface SheetEvaluator {
  readonly evaluatorId: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly status: EvaluationStatus;
}

/** The figures of a proposal in a round: computed from its submitted evaluations at every write. */
export interface SheetFigures {
  readonly evaluations: number;
  readonly median?: number | undefined;
  readonly mean?: number | undefined;
  /** Highest minus lowest weighted score. */
  readonly spread?: number | undefined;
  /** Mean absolute difference between two evaluators' weighted scores (agreement; null below 2 evaluations). */
  readonly pairwise?: number | undefined;
  readonly criterionMedians: readonly { readonly criterion: string; readonly median: number }[];
  readonly reasons: readonly { readonly reason: LowScoreReason; readonly count: number }[];
  readonly ranked: boolean;
}

/** A proposal in a round (one item beside the proposal): its evaluators, equity flags, figures and rank key. */
export interface EvaluationSheet extends SheetFigures {
  readonly roundId: string;
  readonly proposalId: string;
  readonly year: number;
  readonly title: string;
  readonly type: SessionTypeCode;
  readonly themeId: string;
  readonly equity: EquityFlags;
  /** The round's blindness (fixed when the round is created), so a read knows whether to fetch the panel's people. */
  readonly blind: boolean;
  readonly evaluators: readonly SheetEvaluator[];
  /** MAG members with a conflict of interest from the registry at assignment (private to the secretariat). */
  readonly conflicted: readonly string[];
  readonly version: number;
  readonly updatedAt: string;
}

// ── Rules ──

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export function weightedScore(scores: readonly CriterionScore[], criteria: readonly Criterion[]): number {
  let sum = 0;
  let weights = 0;
  for (const criterion of criteria) {
    const score = scores.find((s) => s.criterion === criterion.code);
    if (!score) continue;
    sum += score.score * criterion.weight;
    weights += criterion.weight;
  }
  return round3(sum / weights);
}

/** Mean absolute difference over all pairs of values (0 when all agree). */
export function meanPairwiseDifference(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      sum += Math.abs(values[i]! - values[j]!);
      pairs++;
    }
  }
  return round3(sum / pairs);
}

export function figuresOf(evaluations: readonly Evaluation[], criteria: readonly Criterion[], rankedAfter: number): SheetFigures {
  const submitted = evaluations.filter((e) => e.status === 'SUBMITTED' && e.weighted !== undefined);
  const weighted = submitted.map((e) => e.weighted!);
  const reasons = new Map<LowScoreReason, number>();
  for (const e of submitted) for (const s of e.scores ?? []) if (s.reason) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  return {
    evaluations: submitted.length,
    median: median(weighted),
    mean: weighted.length ? round3(weighted.reduce((a, b) => a + b, 0) / weighted.length) : undefined,
    spread: weighted.length ? round3(Math.max(...weighted) - Math.min(...weighted)) : undefined,
    pairwise: meanPairwiseDifference(weighted),
    criterionMedians: criteria.flatMap((c) => {
      const m = median(submitted.flatMap((e) => (e.scores ?? []).filter((s) => s.criterion === c.code).map((s) => s.score)));
      return m === undefined ? [] : [{ criterion: c.code, median: m }];
    }),
    reasons: LOW_SCORE_REASONS.filter((r) => reasons.has(r)).map((reason) => ({ reason, count: reasons.get(reason)! })),
    ranked: submitted.length >= rankedAfter,
  };
}

/**
 * The board's sort key: ranked proposals first, then by median, then mean, highest first (inverted, zero-padded
 * thousandths), then by id.
 */
export function rankKey(figures: Pick<SheetFigures, 'ranked' | 'median' | 'mean'>, proposalId: string): string {
  const inverted = (value: number | undefined) => String(9999 - Math.round((value ?? 0) * 1000)).padStart(4, '0');
  return `${figures.ranked ? '0' : '1'}#${inverted(figures.median)}#${inverted(figures.mean)}#${proposalId}`;
}

/** A person as the conflict rules see them: who they are and which organisations they belong to. */
export interface Affiliated {
  readonly id: string;
  readonly kind: 'PERSON' | 'ORGANISATION';
  readonly affiliationId?: string | undefined;
  readonly representativeOf: readonly string[];
}

/** The organisations a person belongs to (their affiliation and the ones they represent); an organisation is its own. */
export const organisationsOf = (s: Affiliated): string[] =>
  s.kind === 'ORGANISATION' ? [s.id] : [...(s.affiliationId ? [s.affiliationId] : []), ...s.representativeOf];

/**
 * Conflict of interest from the registry: the MAG member organises (proposes, co-organises) or speaks on the
 * proposal, or an organisation of theirs organises it or is an organiser's or a speaker's organisation.
 */
export function hasRegistryConflict(
  member: Affiliated,
  proposal: Pick<Proposal, 'proposerId' | 'organiserIds' | 'speakers'>,
  people: ReadonlyMap<string, Affiliated>,
): boolean {
  const involved = [proposal.proposerId, ...proposal.organiserIds, ...proposal.speakers.map((s) => s.stakeholderId)];
  if (involved.includes(member.id)) return true;
  const mine = new Set(organisationsOf(member));
  if (mine.size === 0) return false;
  return involved.some((id) => {
    if (mine.has(id)) return true;
    const person = people.get(id);
    return person !== undefined && organisationsOf(person).some((org) => mine.has(org));
  });
}

/** A score of 3 or less without a reason code, a criterion twice, a missing or unknown criterion: the first problem, or undefined. */
export function scoreProblem(scores: readonly CriterionScore[], criteria: readonly Criterion[]): { index: number; message: string } | undefined {
  const seen = new Set<string>();
  for (const [index, s] of scores.entries()) {
    if (!criteria.some((c) => c.code === s.criterion)) return { index, message: `the round has no criterion ${s.criterion}` };
    if (seen.has(s.criterion)) return { index, message: `criterion ${s.criterion} is scored twice` };
    seen.add(s.criterion);
    if (s.score <= REASON_NEEDED_AT && !s.reason) return { index, message: `a score of ${REASON_NEEDED_AT} or less needs a reason code` };
  }
  const missing = criteria.find((c) => !seen.has(c.code));
  if (missing) return { index: scores.length, message: `criterion ${missing.code} is not scored` };
  return undefined;
}

/** Sheet global ids carry the round and the proposal: `<roundId>|<proposalId>`. */
export const sheetId = (roundId: string, proposalId: string) => `${roundId}|${proposalId}`;

export function parseSheetId(id: string): { roundId: string; proposalId: string } | undefined {
  const match = /^(\d{4}\.[0-9A-HJKMNP-TV-Z]{26})\|(\d{4}\.[0-9A-HJKMNP-TV-Z]{26})$/.exec(id);
  return match ? { roundId: match[1]!, proposalId: match[2]! } : undefined;
}

export function yearOfRoundId(id: string): number | undefined {
  const match = /^(\d{4})\.[0-9A-HJKMNP-TV-Z]{26}$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
