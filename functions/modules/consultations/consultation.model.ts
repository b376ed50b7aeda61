/**
 * The consultation domain: consultations by year, their time-derived
 * status, date changes and the counters their contributions move (the
 * contributions themselves: contribution.model.ts). Pure.
 */
import type { Counts, Increments } from '../../core/dynamodb/counters';
import type { Region, StakeholderGroup } from '../stakeholders';
import type { Answer, Contribution, Disposition } from './contribution.model';

/** The contribution records and their rules are declared in contribution.model.ts; named here too for the module's users. */
export {
  CAPACITIES,
  DISPOSITIONS,
  answered,
  buildContribution,
  canonicalContent,
  contributionId,
  contributionIdParts,
  revise,
  sha256Hex,
  withdrawn,
  type Answer,
  type Contribution,
  type Disposition,
  type ContributionRevision,
  type Receipt,
  type RevisionView,
} from './contribution.model';

/**
 * DRAFT (secretariat only) → SCHEDULED (announced, not yet open) → OPEN →
 * CLOSED → SYNTHESIS_PUBLISHED. OPEN and CLOSED follow the clock. A draft or
 * a scheduled consultation may be CANCELLED (consultation-dates.ts).
 */
export const CONSULTATION_STATUSES = ['DRAFT', 'SCHEDULED', 'OPEN', 'CLOSED', 'SYNTHESIS_PUBLISHED', 'CANCELLED'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** Stored statuses past DRAFT whose effective status the clock decides. */
export const CLOCKED_STATUSES = ['SCHEDULED', 'OPEN', 'CLOSED'] as const satisfies readonly ConsultationStatus[];

export interface Question {
  readonly id: string;
  readonly text: string;
}

export interface Synthesis {
  readonly body: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
  /** Contributions (ids) the synthesis references, in order of first mention. */
  readonly referenceIds: readonly string[];
}

export interface Consultation {
  readonly id: string;
  readonly year: number;
  /** 1..3 within the year. */
  readonly sequence: number;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly language: string;
  readonly questions: readonly Question[];
  readonly opensAt: string;
  readonly closesAt: string;
  /** The status as last persisted (by a write or the scheduled job); may lag the clock. */
  readonly storedStatus: ConsultationStatus;
  readonly synthesis?: Synthesis | undefined;
  /** The secretariat's changes of its dates (extended, closed early, cancelled), oldest first. */
  readonly dateChanges?: readonly DateChange[] | undefined;
  /** The stored status it was cancelled from (a cancelled draft stays the secretariat's only). */
  readonly cancelledFrom?: ConsultationStatus | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const DATE_CHANGE_KINDS = ['EXTENDED', 'CLOSED_EARLY', 'CANCELLED'] as const;
export type DateChangeKind = (typeof DATE_CHANGE_KINDS)[number];

/** A change of a consultation's dates by the secretariat: who, when, why, and the closing time before and after. */
export interface DateChange {
  readonly kind: DateChangeKind;
  readonly at: string;
  /** The acting user (actingUserId). */
  readonly changedBy: string;
  readonly reason: string;
  readonly previousClosesAt: string;
  readonly closesAt: string;
}

/** Whether only the secretariat sees it: a draft, or a draft that was cancelled (never announced). */
export function isSecretariatOnly(consultation: Pick<Consultation, 'storedStatus' | 'cancelledFrom'>): boolean {
  return consultation.storedStatus === 'DRAFT' || (consultation.storedStatus === 'CANCELLED' && consultation.cancelledFrom === 'DRAFT');
}

/** The status the stamps imply at `now`, whether or not the scheduled job has persisted it. */
export function statusAt(consultation: Pick<Consultation, 'storedStatus' | 'opensAt' | 'closesAt'>, now: Date): ConsultationStatus {
  if (consultation.storedStatus === 'DRAFT' || consultation.storedStatus === 'SYNTHESIS_PUBLISHED' || consultation.storedStatus === 'CANCELLED')
    return consultation.storedStatus;
  const at = now.toISOString();
  if (at < consultation.opensAt) return 'SCHEDULED';
  if (at < consultation.closesAt) return 'OPEN';
  return 'CLOSED';
}

/**
 * Counter names (on the consultation's and the year's counter items):
 * `contributions`, `contributions.group.<G>`, `contributions.region.<R>`,
 * `replies`, `withdrawn`, `contributors`, `contributors.group.<G>`,
 * `contributors.region.<R>`, `disposition.<D>`, `answered`,
 * `answeredAfterDays.<n>`. `contributions` counts active (not withdrawn)
 * contributions; `contributors` counts stakeholders with at least one.
 */
export type ConsultationCounter =
  | 'contributions'
  | `contributions.group.${StakeholderGroup}`
  | `contributions.region.${Region}`
  | 'replies'
  | 'withdrawn'
  | 'contributors'
  | `contributors.group.${StakeholderGroup}`
  | `contributors.region.${Region}`
  | `disposition.${Disposition}`
  | 'answered'
  | `answeredAfterDays.${number}`
  // Processing by adopted MAG decisions (processingIncrements)
  | 'processed'
  | `processed.group.${StakeholderGroup}`
  | `processed.region.${Region}`
  | 'processedDays'
  | `processedDays.group.${StakeholderGroup}`
  | `processedDays.region.${Region}`;

/** The counters of a consultation, or of a consultation year. */
export type ConsultationCounts = Counts<ConsultationCounter>;
type ConsultationIncrements = Partial<Record<ConsultationCounter, number>>;

export function contributionIncrements(c: Pick<Contribution, 'group' | 'region' | 'parentId'>, by: 1 | -1): ConsultationIncrements {
  return {
    contributions: by,
    [`contributions.group.${c.group}`]: by,
    [`contributions.region.${c.region}`]: by,
    ...(c.parentId ? { replies: by } : {}),
  };
}

export function contributorIncrements(c: Pick<Contribution, 'group' | 'region'>, by: 1 | -1 | 0): ConsultationIncrements {
  if (by === 0) return {};
  return { contributors: by, [`contributors.group.${c.group}`]: by, [`contributors.region.${c.region}`]: by };
}

const DAY_MS = 86_400_000;

/** Counter moves of a disposition change (old bucket −1, new +1; the first answer also counts days since closing). */
export function dispositionIncrements(previous: Answer | undefined, next: Disposition, closesAt: string, now: Date): ConsultationIncrements {
  const increments: ConsultationIncrements = {};
  if (previous) increments[`disposition.${previous.disposition}`] = -1;
  increments[`disposition.${next}`] = (increments[`disposition.${next}`] ?? 0) + 1;
  if (!previous) {
    const days = Math.max(0, Math.floor((now.getTime() - Date.parse(closesAt)) / DAY_MS));
    increments.answered = 1;
    increments[`answeredAfterDays.${days}`] = 1;
  }
  return increments;
}

/**
 * Processing counters, moved when an adopted decision first references a
 * contribution: `processed`, `processed.group.<G>`, `processed.region.<R>`,
 * and the whole days from the consultation's close to that decision
 * (`processedDays`, per group and region too), so the mean time to process
 * is a division and every group's speed can be compared.
 */
export function processingIncrements(c: Pick<Contribution, 'group' | 'region' | 'closesAt'>, now: Date): ConsultationIncrements {
  const days = Math.max(0, Math.floor((now.getTime() - Date.parse(c.closesAt)) / DAY_MS));
  return {
    processed: 1,
    [`processed.group.${c.group}`]: 1,
    [`processed.region.${c.region}`]: 1,
    processedDays: days,
    [`processedDays.group.${c.group}`]: days,
    [`processedDays.region.${c.region}`]: days,
  };
}

/** Adds increments into a running total (used by the seeder's and tests' recounts). */
export function addInto<Name extends string>(total: Partial<Record<Name, number>>, increments: Increments<Name>): void {
  for (const [name, by] of Object.entries(increments) as [Name, number | undefined][]) total[name] = (total[name] ?? 0) + (by ?? 0);
}

/** What the `counts` field resolves from: the raw counters and whether dispositions may be shown. */
export interface ParticipationCountsSource {
  readonly counts: ConsultationCounts;
  readonly showDispositions: boolean;
}

/** A question with its position, as the API shows it. */
export interface QuestionView extends Question {
  readonly position: number;
}
