/**
 * Dashboard figures computed from counter items (never from the raw items):
 * participation balance, processing of contributions, reporting rates.
 * Pure functions over counts; `balance` and `histogramMedian` do the maths.
 */
import { BadUserInputError } from '../../core/errors';
import {
  DISPOSITIONS,
  type Consultation,
  type ConsultationCounter,
  type ConsultationCounts,
  type ConsultationStatus,
  type Disposition,
} from '../consultations';
import type { ComplianceCounts, ReportingCycle } from '../reporting';
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type StakeholderGroup } from '../stakeholders';
import { DEFAULT_THRESHOLD, balance, histogramMedian, roundRatio, type Balance } from './balance';

export type Counts = ConsultationCounts;

/** A balance as the API shows it (shares named after their category kind). */
export interface GroupBalanceView {
  readonly total: number;
  readonly shares: readonly { readonly group: StakeholderGroup; readonly count: number; readonly share: number }[];
  readonly balanceIndex: number;
  readonly minMaxRatio: number;
  readonly underThreshold: readonly StakeholderGroup[];
}

export interface RegionBalanceView {
  readonly total: number;
  readonly shares: readonly { readonly region: Region; readonly count: number; readonly share: number }[];
  readonly balanceIndex: number;
  readonly minMaxRatio: number;
  readonly underThreshold: readonly Region[];
}

export interface ParticipationBalance {
  readonly threshold: number;
  readonly contributions: number;
  readonly contributors: number;
  readonly contributionsByGroup: GroupBalanceView;
  readonly contributorsByGroup: GroupBalanceView;
  readonly contributionsByRegion: RegionBalanceView;
  readonly contributorsByRegion: RegionBalanceView;
}

export interface Processing {
  readonly contributions: number;
  readonly answered: number;
  readonly unanswered: number;
  /** answered / contributions; 0 when there are none. */
  readonly shareAnswered: number;
  readonly byDisposition: readonly { readonly disposition: Disposition; readonly contributions: number }[];
  /** Median whole days from the close to a contribution's first disposition; null before any. */
  readonly medianDaysToDisposition: number | null;
}

/** What `Consultation.analytics` resolves to. */
export interface ConsultationAnalytics {
  readonly consultation: Consultation;
  readonly status: ConsultationStatus;
  readonly participation: ParticipationBalance;
  /** Null when the caller may not see dispositions yet (before the synthesis is published). */
  readonly processing: Processing | null;
}

/** What a cycle's analytics resolve to; the consultations are loaded only when asked for. */
export interface CycleAnalytics {
  readonly year: number;
  readonly threshold: number;
  readonly participation: ParticipationBalance;
}

export interface MagBalance {
  readonly year: number;
  readonly members: number;
  readonly byGroup: GroupBalanceView;
  readonly byRegion: RegionBalanceView;
}

export interface ReportingRateValues {
  readonly onTime: number;
  readonly late: number;
  readonly missing: number;
  readonly returned: number;
  readonly published: number;
}

export interface ReportingRates<C extends { readonly year: number; readonly counts: ComplianceCounts }> {
  readonly year: number;
  readonly requested: number;
  readonly rates: ReportingRateValues;
  /** The cycle the rates come from. */
  readonly cycle: C;
  /** The rates minus those of the previous year listed (null for the first). */
  readonly change: (ReportingRateValues & { readonly fromYear: number }) | null;
}

/** The threshold argument: a share in [0, 1], 5 % when absent. */
export function thresholdOf(value: number | null | undefined): number {
  if (value === null || value === undefined) return DEFAULT_THRESHOLD;
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new BadUserInputError('"threshold" must be a share between 0 and 1 (0.05 = 5 %)', 'threshold');
  return value;
}

function prefixed<C extends string>(counts: Counts, prefix: string, categories: readonly C[]): Partial<Record<C, number>> {
  return Object.fromEntries(categories.map((category) => [category, counts[`${prefix}${category}` as ConsultationCounter] ?? 0])) as Partial<Record<C, number>>;
}

export function groupBalance(counts: Partial<Record<StakeholderGroup, number>>, threshold: number): GroupBalanceView {
  const b: Balance<StakeholderGroup> = balance(STAKEHOLDER_GROUPS, counts, threshold);
  return { ...b, shares: b.shares.map((s) => ({ group: s.category, count: s.count, share: s.share })) };
}

export function regionBalance(counts: Partial<Record<Region, number>>, threshold: number): RegionBalanceView {
  const b: Balance<Region> = balance(REGIONS, counts, threshold);
  return { ...b, shares: b.shares.map((s) => ({ region: s.category, count: s.count, share: s.share })) };
}

/** Participation balance from a consultation's or a year's counters (see consultation.model for the names). */
export function participationBalance(counts: Counts, threshold: number): ParticipationBalance {
  return {
    threshold,
    contributions: counts.contributions ?? 0,
    contributors: counts.contributors ?? 0,
    contributionsByGroup: groupBalance(prefixed(counts, 'contributions.group.', STAKEHOLDER_GROUPS), threshold),
    contributorsByGroup: groupBalance(prefixed(counts, 'contributors.group.', STAKEHOLDER_GROUPS), threshold),
    contributionsByRegion: regionBalance(prefixed(counts, 'contributions.region.', REGIONS), threshold),
    contributorsByRegion: regionBalance(prefixed(counts, 'contributors.region.', REGIONS), threshold),
  };
}

const ANSWERED_AFTER = 'answeredAfterDays.';

/** Processing figures from a consultation's counters. */
export function processing(counts: Counts): Processing {
  const contributions = counts.contributions ?? 0;
  const answered = counts.answered ?? 0;
  const histogram: Record<number, number> = {};
  for (const [name, count] of Object.entries(counts)) {
    if (name.startsWith(ANSWERED_AFTER)) histogram[Number(name.slice(ANSWERED_AFTER.length))] = count ?? 0;
  }
  return {
    contributions,
    answered,
    unanswered: Math.max(0, contributions - answered),
    shareAnswered: contributions === 0 ? 0 : roundRatio(answered / contributions),
    byDisposition: DISPOSITIONS.map((disposition) => ({ disposition, contributions: counts[`disposition.${disposition}`] ?? 0 })),
    medianDaysToDisposition: histogramMedian(histogram),
  };
}

export function magBalance(year: number, members: readonly { group: StakeholderGroup; region: Region }[], threshold: number): MagBalance {
  const byGroup: Partial<Record<StakeholderGroup, number>> = {};
  const byRegion: Partial<Record<Region, number>> = {};
  for (const m of members) {
    byGroup[m.group] = (byGroup[m.group] ?? 0) + 1;
    byRegion[m.region] = (byRegion[m.region] ?? 0) + 1;
  }
  return { year, members: members.length, byGroup: groupBalance(byGroup, threshold), byRegion: regionBalance(byRegion, threshold) };
}

function rates(counts: ComplianceCounts): ReportingRateValues {
  const of = (n: number) => (counts.requested === 0 ? 0 : roundRatio(n / counts.requested));
  return {
    onTime: of(counts.submittedOnTime),
    late: of(counts.submittedLate),
    missing: of(counts.missing),
    returned: of(counts.returned),
    published: of(counts.published),
  };
}

const RATE_NAMES = ['onTime', 'late', 'missing', 'returned', 'published'] as const;

/** Rates of each year (oldest first) and their change from the previous year listed. */
export function reportingRates<C extends { readonly year: number; readonly counts: ComplianceCounts }>(cycles: readonly C[]): ReportingRates<C>[] {
  const sorted = [...cycles].sort((a, b) => a.year - b.year);
  let previous: { year: number; values: ReportingRateValues } | undefined;
  return sorted.map((cycle) => {
    const values = rates(cycle.counts);
    const change = previous
      ? {
          fromYear: previous.year,
          ...(Object.fromEntries(
            RATE_NAMES.map((name) => [name, round(values[name] - (previous as { values: ReportingRateValues }).values[name])]),
          ) as unknown as ReportingRateValues),
        }
      : null;
    previous = { year: cycle.year, values };
    return { year: cycle.year, requested: cycle.counts.requested, rates: values, cycle, change };
  });
}

const round = roundRatio;

/** Rates of a reporting cycle (the GraphQL `ReportingRates`). */
export type ReportingRatesOfCycle = ReportingRates<ReportingCycle>;
