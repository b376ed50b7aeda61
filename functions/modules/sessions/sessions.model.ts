/**
 * Session proposals of the annual programme: the session types, the call for
 * proposals (opening and closing by the clock), proposals with their
 * speakers, and the live diversity of a panel with the rules it breaks.
 * Pure types and rules — no I/O.
 */
import { GENDERS, REGIONS, STAKEHOLDER_GROUPS, type Gender, type Region, type StakeholderGroup } from '../stakeholders';
import type { DevelopmentDimension, DevelopmentLinkage } from '../programme';
import type { FunnelSnapshots } from './funnel.model';

export const SESSION_FORMATS = ['ROUNDTABLE', 'PANEL', 'BREAKOUT_GROUPS', 'BIRDS_OF_A_FEATHER', 'DEBATE', 'TALK', 'OTHER'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

export const SESSION_TYPE_CODES = ['WORKSHOP', 'OPEN_FORUM', 'MAIN_SESSION', 'DYNAMIC_COALITION', 'NRI_SESSION', 'LIGHTNING_TALK'] as const;
export type SessionTypeCode = (typeof SESSION_TYPE_CODES)[number];

export interface SessionType {
  readonly code: SessionTypeCode;
  readonly title: string;
  readonly formats: readonly SessionFormat[];
  /** Durations a proposal may ask for, in minutes. */
  readonly durations: readonly number[];
  /** Whether proposals of this type are evaluated competitively by the MAG (others are screened only). */
  readonly competitive: boolean;
  /** Whether anyone may propose one through the call (main sessions are designed by the MAG instead). */
  readonly proposable: boolean;
}

/** The IGF's session types (as of 2023), with the formats and durations its calls offered. */
export const SESSION_TYPES: readonly SessionType[] = [
  {
    code: 'WORKSHOP',
    title: 'Workshop',
    formats: ['ROUNDTABLE', 'PANEL', 'BREAKOUT_GROUPS', 'BIRDS_OF_A_FEATHER', 'DEBATE', 'OTHER'],
    durations: [60, 90],
    competitive: true,
    proposable: true,
  },
  { code: 'OPEN_FORUM', title: 'Open forum', formats: ['ROUNDTABLE', 'PANEL', 'OTHER'], durations: [60], competitive: false, proposable: true },
  { code: 'MAIN_SESSION', title: 'Main session', formats: ['PANEL', 'ROUNDTABLE', 'DEBATE'], durations: [90, 120], competitive: false, proposable: false },
  {
    code: 'DYNAMIC_COALITION',
    title: 'Dynamic coalition session',
    formats: ['ROUNDTABLE', 'PANEL', 'OTHER'],
    durations: [60],
    competitive: false,
    proposable: true,
  },
  {
    code: 'NRI_SESSION',
    title: 'National and regional initiatives session',
    formats: ['ROUNDTABLE', 'PANEL', 'OTHER'],
    durations: [60, 90],
    competitive: false,
    proposable: true,
  },
  { code: 'LIGHTNING_TALK', title: 'Lightning talk', formats: ['TALK'], durations: [20, 30], competitive: true, proposable: true },
];

export const sessionType = (code: SessionTypeCode): SessionType => {
  const found = SESSION_TYPES.find((t) => t.code === code);
  if (!found) throw new Error(`Unknown session type ${code}`);
  return found;
};

// ── Screening rules (applied in screening.model.ts) ──

export const SCREENING_REASONS = [
  'TOO_FEW_CONFIRMED_SPEAKERS',
  'SINGLE_GENDER_PANEL',
  'NOT_ENOUGH_ONSITE',
  'TOO_FEW_STAKEHOLDER_GROUPS',
  'TOO_FEW_REGIONS',
  'PROPOSER_OVER_CAP',
  'ORGANISER_OVER_CAP',
  'SPEAKER_OVER_CAP',
  'MAG_MEMBER_PROPOSER',
  'EARLIER_SESSION_UNREPORTED',
] as const;
export type ScreeningReason = (typeof SCREENING_REASONS)[number];

/** The screening rules of a programme (defaults with their basis in `DEFAULT_SCREENING_RULES`). */
export interface ScreeningRules {
  /** Proposals per proposer, and per organising organisation, at most (IGF 2015–2018: 3); 0 turns the rule off. */
  readonly proposalsPerProposer: number;
  /** Sessions per speaker (confirmed), at most (IGF 2015–2018: 3); 0 turns the rule off. */
  readonly sessionsPerSpeaker: number;
  /** MAG members in term may not propose (IGF). */
  readonly magMembersMayNotPropose: boolean;
  /** A proposer or organiser with a session of an earlier programme held but never reported is screened out (IGF). */
  readonly earlierReportsRequired: boolean;
  /** Days after the call closes during which the secretariat screens (and appeals are decided). */
  readonly windowDays: number;
}

export const DEFAULT_SCREENING_RULES: ScreeningRules = {
  proposalsPerProposer: 3,
  sessionsPerSpeaker: 3,
  magMembersMayNotPropose: true,
  earlierReportsRequired: true,
  windowDays: 21,
};

export const SPEAKER_ROLES = ['SPEAKER', 'MODERATOR', 'ONLINE_MODERATOR', 'RAPPORTEUR'] as const;
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];

export const ATTENDANCES = ['ONSITE', 'ONLINE'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const INVITATION_STATUSES = ['INVITED', 'CONFIRMED', 'DECLINED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const PROPOSAL_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'ELIGIBLE',
  'SCREENED_OUT',
  // Selection and after (selection.model.ts).
  'ACCEPTED',
  'CONDITIONALLY_ACCEPTED',
  'MERGED',
  'NOT_ACCEPTED',
  'CONFIRMED',
  'SCHEDULED',
  'HELD',
  'REPORTED',
  'CANCELLED',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type ProposalCallStatus = 'SCHEDULED' | 'OPEN' | 'CLOSED';

/** The diversity rules a proposal is checked against (configurable per call; the defaults carry their basis). */
export interface DiversityRules {
  /** Confirmed speakers at least (IGF since 2017: 3). */
  readonly minConfirmedSpeakers: number;
  /** Not all confirmed speakers of one declared gender (IGF 2023). */
  readonly genderDiverse: boolean;
  /** Distinct stakeholder groups among confirmed speakers at least (Agora's floor: 2). */
  readonly minGroups: number;
  /** Distinct regions among confirmed speakers at least (Agora's floor: 2). */
  readonly minRegions: number;
  /** For hybrid programmes: a moderator and this many speakers onsite (IGF 2023: 2); 0 turns the rule off. */
  readonly minOnsiteSpeakers: number;
}

export const DEFAULT_DIVERSITY_RULES: DiversityRules = { minConfirmedSpeakers: 3, genderDiverse: true, minGroups: 2, minRegions: 2, minOnsiteSpeakers: 2 };

export const DIVERSITY_RULE_CODES = [
  'MIN_CONFIRMED_SPEAKERS',
  'GENDER_DIVERSITY',
  'MIN_STAKEHOLDER_GROUPS',
  'MIN_REGIONS',
  'ONSITE_MODERATOR',
  'MIN_ONSITE_SPEAKERS',
] as const;
export type DiversityRuleCode = (typeof DIVERSITY_RULE_CODES)[number];

export interface RuleViolation {
  readonly rule: DiversityRuleCode;
  readonly needed: number;
  readonly have: number;
}

export interface ProposalCall {
  readonly year: number;
  readonly opensAt: string;
  readonly closesAt: string;
  /** Whether the programme is hybrid: the onsite rules apply. */
  readonly hybrid: boolean;
  readonly rules: DiversityRules;
  /** The secretariat's screening rules and window (configurable per programme). */
  readonly screening: ScreeningRules;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ProposalCallWithCounts extends ProposalCall {
  readonly counts: Readonly<Record<string, number>>;
}

/** A speaker on a proposal, with the registry's group, region and (private) gender as of their last answer or invitation. */
export interface Speaker {
  readonly stakeholderId: string;
  readonly role: SpeakerRole;
  readonly attendance: Attendance;
  readonly status: InvitationStatus;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly gender?: Gender | undefined;
  readonly respondedAt?: string | undefined;
}

export interface Proposal {
  /** `<year>.<ulid>`. */
  readonly id: string;
  readonly year: number;
  readonly type: SessionTypeCode;
  readonly format: SessionFormat;
  readonly durationMinutes: number;
  readonly themeId: string;
  /** The theme's policy questions the session addresses (1..3, as the theme states them). */
  readonly policyQuestions: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly developmentDimension: DevelopmentDimension;
  readonly interactionPlan: string;
  readonly onlineParticipationPlan: string;
  readonly proposerId: string;
  readonly organiserIds: readonly string[];
  readonly speakers: readonly Speaker[];
  readonly contributionIds: readonly string[];
  readonly issueIds: readonly string[];
  readonly status: ProposalStatus;
  readonly submittedAt?: string | undefined;
  /** The secretariat's screening, once done. */
  readonly screening?: Screening | undefined;
  /** The proposal's people as counted by the funnel when it entered each stage (funnel.ts). */
  readonly funnel?: FunnelSnapshots | undefined;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A proposal's screening: the reasons it was screened out for (none: eligible), its one appeal and the decision on it. */
export interface Screening {
  readonly reasons: readonly ScreeningReason[];
  readonly screenedAt: string;
  readonly appeal?: { readonly statement: string; readonly appealedAt: string } | undefined;
  readonly appealDecision?: { readonly restored: boolean; readonly reason: string; readonly decidedBy: string; readonly decidedAt: string } | undefined;
}

/** One saved version of a proposal (every save keeps one). */
export interface ProposalVersion {
  readonly proposalId: string;
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly savedBy: string;
  readonly savedAt: string;
  readonly snapshot: string;
}

export interface Diversity {
  readonly confirmedSpeakers: number;
  readonly invitedSpeakers: number;
  readonly byGroup: Readonly<Partial<Record<StakeholderGroup, number>>>;
  readonly byRegion: Readonly<Partial<Record<Region, number>>>;
  readonly byGender: Readonly<Partial<Record<Gender, number>>>;
  readonly groups: number;
  readonly regions: number;
  readonly onsite: number;
  readonly violations: readonly RuleViolation[];
}

export const MAX_TITLE_CHARACTERS = 60;
export const MAX_DESCRIPTION_WORDS = 250;
export const MAX_SPEAKERS = 12;
export const MAX_ORGANISERS = 5;
export const MAX_PROMPTS = 10;

// ── Rules ──

export function proposalCallStatus(call: Pick<ProposalCall, 'opensAt' | 'closesAt'>, now: Date): ProposalCallStatus {
  const at = now.toISOString();
  if (at < call.opensAt) return 'SCHEDULED';
  return at < call.closesAt ? 'OPEN' : 'CLOSED';
}

export const wordCount = (text: string) => text.split(/\s+/).filter((word) => word.length > 0).length;

const tally = <K extends string>(keys: readonly K[]): Partial<Record<K, number>> => {
  const counts: Partial<Record<K, number>> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};

/**
 * The diversity of a panel: only confirmed speakers count. Each rule it
 * breaks is `{rule, needed, have}`; a proposal can be saved with violations
 * but not submitted.
 */
export function diversityOf(speakers: readonly Speaker[], rules: DiversityRules, hybrid: boolean): Diversity {
  const confirmed = speakers.filter((s) => s.status === 'CONFIRMED');
  // One person counts once, whatever roles they hold.
  const people = [...new Map(confirmed.map((s) => [s.stakeholderId, s])).values()];
  const byGroup = tally(people.map((s) => s.group));
  const byRegion = tally(people.map((s) => s.region));
  const byGender = tally(people.map((s) => s.gender ?? 'UNDISCLOSED'));
  const groups = STAKEHOLDER_GROUPS.filter((g) => (byGroup[g] ?? 0) > 0).length;
  const regions = REGIONS.filter((r) => (byRegion[r] ?? 0) > 0).length;
  const onsitePeople = people.filter((p) => confirmed.some((s) => s.stakeholderId === p.stakeholderId && s.attendance === 'ONSITE'));
  const violations: RuleViolation[] = [];
  if (people.length < rules.minConfirmedSpeakers) violations.push({ rule: 'MIN_CONFIRMED_SPEAKERS', needed: rules.minConfirmedSpeakers, have: people.length });
  if (rules.genderDiverse) {
    // Declared genders only: undisclosed ones neither make nor break the rule.
    const declared = GENDERS.filter((g) => g !== 'UNDISCLOSED' && (byGender[g] ?? 0) > 0).length;
    const allDeclared = people.length > 0 && (byGender.UNDISCLOSED ?? 0) === 0;
    if (allDeclared && people.length > 1 && declared < 2) violations.push({ rule: 'GENDER_DIVERSITY', needed: 2, have: declared });
  }
  if (groups < rules.minGroups) violations.push({ rule: 'MIN_STAKEHOLDER_GROUPS', needed: rules.minGroups, have: groups });
  if (regions < rules.minRegions) violations.push({ rule: 'MIN_REGIONS', needed: rules.minRegions, have: regions });
  if (hybrid && rules.minOnsiteSpeakers > 0) {
    const moderators = confirmed.filter((s) => s.role === 'MODERATOR' && s.attendance === 'ONSITE').length;
    if (moderators < 1) violations.push({ rule: 'ONSITE_MODERATOR', needed: 1, have: moderators });
    const onsiteSpeakers = new Set(confirmed.filter((s) => s.role === 'SPEAKER' && s.attendance === 'ONSITE').map((s) => s.stakeholderId)).size;
    if (onsiteSpeakers < rules.minOnsiteSpeakers) violations.push({ rule: 'MIN_ONSITE_SPEAKERS', needed: rules.minOnsiteSpeakers, have: onsiteSpeakers });
  }
  return {
    confirmedSpeakers: people.length,
    invitedSpeakers: new Set(speakers.filter((s) => s.status === 'INVITED').map((s) => s.stakeholderId)).size,
    byGroup,
    byRegion,
    byGender,
    groups,
    regions,
    onsite: onsitePeople.length,
    violations,
  };
}

/** Counter names of a call for proposals (on the call item, ADDed in the transaction of each submission). */
export const proposalCallCounter = {
  drafts: 'proposals.drafted',
  submitted: 'proposals.submitted',
  submittedByType: (type: SessionTypeCode) => `proposals.submitted.type.${type}`,
  /** Submitted proposals by development linkage (moved by an edit of a submitted proposal's linkage). */
  submittedByLinkage: (linkage: DevelopmentLinkage) => `proposals.submitted.development.${linkage}`,
  eligible: 'screening.eligible',
  screenedOut: 'screening.screenedOut',
  screenedOutFor: (reason: ScreeningReason) => `screening.reason.${reason}`,
  restored: 'screening.restored',
} as const;

/** Proposal ids carry their year: `<year>.<ulid>`. */
export function yearOfProposalId(id: string): number | undefined {
  const match = /^(\d{4})\.[0-9A-HJKMNP-TV-Z]{26}$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
