/**
 * The annual programme's domain: programmes, their call for issues, issues
 * with their support across stakeholder groups, and themes. Pure types and
 * rules (the call's window by the clock, the cap, support breadth and
 * balance, the sort key of a call's issues by breadth) — no I/O.
 */
import { REGIONS, STAKEHOLDER_GROUPS, type Region, type StakeholderGroup } from '../stakeholders';

export const MEETING_FORMATS = ['ONSITE', 'ONLINE', 'HYBRID'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];

export const DEVELOPMENT_LINKAGES = ['DIRECT', 'INDIRECT', 'NONE'] as const;
export type DevelopmentLinkage = (typeof DEVELOPMENT_LINKAGES)[number];

export const ISSUE_STATUSES = ['SUBMITTED', 'WITHDRAWN', 'MERGED', 'TAKEN_UP', 'NOT_TAKEN_UP'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const THEME_STATUSES = ['DRAFT', 'ADOPTED'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

export const CAPACITIES = ['PERSONAL', 'ON_BEHALF_OF'] as const;
export type Capacity = (typeof CAPACITIES)[number];

/** What a theme may tag. */
export const TAG_SUBJECT_TYPES = ['Consultation', 'Contribution'] as const;
export type TagSubjectType = (typeof TAG_SUBJECT_TYPES)[number];

export type IssueCallStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';

/** The defaults of a programme's settings (the secretariat may change them per programme). */
export const DEFAULT_SETTINGS: ProgrammeSettings = { issuesPerPerson: 3 };
/** Limits that bound a transaction (a theme's issues are updated in its adoption's transaction: ≤ 100 items). */
export const MAX_CATEGORIES_PER_ISSUE = 3;
export const MAX_ISSUES_PER_THEME = 50;
export const MAX_THEMES_PER_SUBJECT = 10;

export interface ProgrammeSettings {
  readonly issuesPerPerson: number;
}

export interface DevelopmentDimension {
  readonly linkage: DevelopmentLinkage;
  readonly explanation: string;
}

export interface Programme {
  readonly year: number;
  readonly title: string;
  readonly overarchingTheme: string;
  readonly hostCountry: string;
  readonly venue: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly format: MeetingFormat;
  readonly settings: ProgrammeSettings;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface IssueCategory {
  readonly code: string;
  readonly title: string;
}

/** The call for issues of a programme (one per year: its id is the year). */
export interface IssueCall {
  readonly year: number;
  readonly opensAt: string;
  readonly closesAt: string;
  readonly categories: readonly IssueCategory[];
  readonly issuesPerPerson: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A call with its counters (the same item: one GetItem). */
export interface IssueCallWithCounts extends IssueCall {
  readonly counts: Readonly<Record<string, number>>;
}

export interface IssueDecline {
  readonly reason: string;
  readonly decisionId: string;
  readonly meetingId: string;
  readonly decidedAt: string;
}

/** Backers (the author and the supporters) by group and by region. */
export interface SupportCounts {
  readonly supporters: number;
  readonly byGroup: Readonly<Partial<Record<StakeholderGroup, number>>>;
  readonly byRegion: Readonly<Partial<Record<Region, number>>>;
}

export interface Issue {
  /** `<year>.<ulid>`: the call is in the id. */
  readonly id: string;
  readonly year: number;
  readonly title: string;
  readonly description: string;
  readonly categories: readonly string[];
  readonly developmentDimension: DevelopmentDimension;
  readonly sdgs: readonly number[];
  readonly discussedElsewhere?: string | undefined;
  readonly capacity: Capacity;
  readonly authorId: string;
  readonly organisationId?: string | undefined;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly status: IssueStatus;
  readonly mergedInto?: string | undefined;
  readonly decline?: IssueDecline | undefined;
  readonly support: SupportCounts;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A field of an issue: what a page of issues may read alone (a projection: issue.projection.ts). */
export type IssueField = keyof Issue & string;

export interface IssueSupportRecord {
  readonly issueId: string;
  readonly supporterId: string;
  readonly comment?: string | undefined;
  readonly listed: boolean;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly createdAt: string;
}

export interface ThemeAdoption {
  readonly decisionId: string;
  readonly meetingId: string;
  readonly adoptedAt: string;
}

export interface Theme {
  /** `<year>.<ulid>`. */
  readonly id: string;
  readonly year: number;
  readonly title: string;
  readonly narrative: string;
  readonly developmentDimension: DevelopmentDimension;
  readonly policyQuestions: readonly string[];
  readonly issueIds: readonly string[];
  readonly status: ThemeStatus;
  readonly adoption?: ThemeAdoption | undefined;
  readonly createdBy: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A reference to the MAG decision the meetings module adopts, given to `adoptByDecision` / `declineByDecision`. */
export interface DecisionRef {
  readonly meetingId: string;
  readonly decisionId: string;
  /** When the decision was taken (the meeting was held). */
  readonly decidedAt: string;
}

// ── Rules ──

/** Where a call stands at `now`: it opens and closes by the clock, whether or not anyone acts. */
export function callStatus(call: Pick<IssueCall, 'opensAt' | 'closesAt'>, now: Date): IssueCallStatus {
  const at = now.toISOString();
  if (at < call.opensAt) return 'SCHEDULED';
  return at < call.closesAt ? 'OPEN' : 'CLOSED';
}

/** Why a write to the call (an issue, a support, a withdrawal) is refused at `now`, if it is. */
export function callRefusal(call: Pick<IssueCall, 'opensAt' | 'closesAt'>, now: Date): 'notYetOpen' | 'closed' | undefined {
  switch (callStatus(call, now)) {
    case 'SCHEDULED':
      return 'notYetOpen';
    case 'CLOSED':
      return 'closed';
    case 'OPEN':
      return undefined;
  }
}

/** Issues that stand: listed in the call, counted in its breadth figures. */
export function isStanding(status: IssueStatus): boolean {
  return status === 'SUBMITTED' || status === 'TAKEN_UP' || status === 'NOT_TAKEN_UP';
}

export const isLinked = (dimension: DevelopmentDimension) => dimension.linkage !== 'NONE';

/** The author's backing: an issue is backed by its author's group and region from the start. */
export function initialSupport(group: StakeholderGroup, region: Region): SupportCounts {
  return { supporters: 0, byGroup: { [group]: 1 }, byRegion: { [region]: 1 } };
}

/** The counts after one more supporter of this group and region. */
export function addSupporter(support: SupportCounts, group: StakeholderGroup, region: Region): SupportCounts {
  return {
    supporters: support.supporters + 1,
    byGroup: { ...support.byGroup, [group]: (support.byGroup[group] ?? 0) + 1 },
    byRegion: { ...support.byRegion, [region]: (support.byRegion[region] ?? 0) + 1 },
  };
}

export const backers = (support: SupportCounts) => support.supporters + 1;

/** Distinct stakeholder groups among the backers (1..6). */
export function breadth(support: SupportCounts): number {
  return STAKEHOLDER_GROUPS.filter((group) => (support.byGroup[group] ?? 0) > 0).length;
}

/**
 * The sort key of a call's issues by support breadth (read in descending
 * order): breadth, then backers (zero-padded so strings sort as numbers),
 * then the id (newest first on ties). Rewritten in the transaction of every
 * support, so the order is never stale.
 */
export function breadthSortKey(issue: Pick<Issue, 'id' | 'support'>): string {
  return `${breadth(issue.support)}#${String(backers(issue.support)).padStart(7, '0')}#${issue.id}`;
}

/** The prefix of every sort key with this breadth (`breadth` filter of the list). */
export const breadthPrefix = (value: number) => `${value}#`;

/** Counter names of a call (on the call item, ADDed in the transaction of each write they count). */
export const callCounter = {
  issues: 'issues',
  issuesByGroup: (group: StakeholderGroup) => `issues.group.${group}`,
  issuesByRegion: (region: Region) => `issues.region.${region}`,
  supports: 'supports',
  supportsByGroup: (group: StakeholderGroup) => `supports.group.${group}`,
  supportsByRegion: (region: Region) => `supports.region.${region}`,
  breadth: (value: number) => `breadth.${value}`,
  category: (code: string) => `category.${code}`,
  development: (linkage: DevelopmentLinkage) => `development.${linkage}`,
  merged: 'merged',
  themes: 'themes',
  themesLinked: 'themes.linked',
} as const;

/** The increments of an issue's arrival (sign 1) or departure (sign -1) in the call's counters. */
export function issueIncrements(issue: Issue, sign: 1 | -1): Record<string, number> {
  const increments: Record<string, number> = {
    [callCounter.issues]: sign,
    [callCounter.issuesByGroup(issue.group)]: sign,
    [callCounter.issuesByRegion(issue.region)]: sign,
    [callCounter.development(issue.developmentDimension.linkage)]: sign,
    [callCounter.supports]: sign * issue.support.supporters,
  };
  for (const code of issue.categories) increments[callCounter.category(code)] = sign;
  // The supports of the issue leave with it (its author's backing is not a support).
  for (const group of STAKEHOLDER_GROUPS) {
    const n = (issue.support.byGroup[group] ?? 0) - (group === issue.group ? 1 : 0);
    if (n) increments[callCounter.supportsByGroup(group)] = sign * n;
  }
  for (const region of REGIONS) {
    const n = (issue.support.byRegion[region] ?? 0) - (region === issue.region ? 1 : 0);
    if (n) increments[callCounter.supportsByRegion(region)] = sign * n;
  }
  increments[callCounter.breadth(breadth(issue.support))] = sign;
  return increments;
}

/** The call's counter changes of one support: counts, and the issue moving from one breadth bucket to another. */
export function supportIncrements(before: SupportCounts, after: SupportCounts, group: StakeholderGroup, region: Region): Record<string, number> {
  const increments: Record<string, number> = {
    [callCounter.supports]: 1,
    [callCounter.supportsByGroup(group)]: 1,
    [callCounter.supportsByRegion(region)]: 1,
  };
  const from = breadth(before);
  const to = breadth(after);
  if (from !== to) {
    increments[callCounter.breadth(from)] = -1;
    increments[callCounter.breadth(to)] = 1;
  }
  return increments;
}

/** Issue and theme ids carry their year: `<year>.<ulid>`. */
export function yearOfId(id: string): number | undefined {
  const match = /^(\d{4})\.[0-9A-HJKMNP-TV-Z]{26}$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
