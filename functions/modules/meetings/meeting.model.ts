/**
 * The MAG's meetings: agenda, attendance, decisions with typed subjects,
 * action items and minutes. Pure: lifecycle tables, visibility, builders.
 */
import type { ConsultationCounts, Disposition } from '../consultations';
import type { Region, StakeholderGroup } from '../stakeholders';

export const MEETING_KINDS = ['OPEN_CONSULTATION_DAY', 'IN_PERSON', 'VIRTUAL'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_FORMATS = ['ONSITE', 'ONLINE', 'HYBRID'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
export const MEETING_STATUSES = ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT', 'CLOSED', 'CANCELLED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ATTENDEE_ROLES = ['MAG_MEMBER', 'SECRETARIAT', 'HOST', 'OBSERVER'] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];
export const ATTENDANCE_MODES = ['ONSITE', 'ONLINE'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];
export const ATTENDANCE_STATUSES = ['PRESENT', 'APOLOGIES', 'ABSENT'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const DECISION_METHODS = ['CONSENSUS', 'ROUGH_CONSENSUS', 'VOTE', 'CHAIR_RULING'] as const;
export type DecisionMethod = (typeof DECISION_METHODS)[number];
export const DECISION_STATES = ['PROPOSED', 'ADOPTED', 'DEFERRED', 'REJECTED'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];
export const MINUTES_STATUSES = ['DRAFT', 'CIRCULATED', 'APPROVED', 'PUBLISHED'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];
export const MINUTES_EFFECTS = ['APPROVE', 'CORRECT'] as const;
export type MinutesEffect = (typeof MINUTES_EFFECTS)[number];
export const ACTION_ITEM_STATUSES = ['OPEN', 'DONE', 'DROPPED'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
/** What a decision on a session proposal does with it (the sessions module's selection outcomes). */
export const PROPOSAL_OUTCOMES = ['ACCEPTED', 'CONDITIONALLY_ACCEPTED', 'MERGED_INTO', 'NOT_ACCEPTED'] as const;
export type ProposalOutcome = (typeof PROPOSAL_OUTCOMES)[number];

/** Which transitions each meeting status allows (the service checks; the store's conditions re-check). */
export const MEETING_TRANSITIONS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  PLANNED: ['AGENDA_ADOPTED', 'CANCELLED'],
  AGENDA_ADOPTED: ['HELD', 'CANCELLED'],
  HELD: ['MINUTES_DRAFT'],
  MINUTES_DRAFT: ['CLOSED'],
  CLOSED: [],
  CANCELLED: [],
};

export function canMove(from: MeetingStatus, to: MeetingStatus): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

/** What an agenda item processes: a consultation, questions of it, or a selection of its contributions. */
export interface AgendaProcessing {
  readonly consultationId: string;
  readonly questionIds: readonly string[];
  readonly contributionIds: readonly string[];
  readonly group?: string | undefined;
  readonly region?: string | undefined;
}

export interface AgendaItem {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly expectedOutput?: string | undefined;
  readonly minutes?: number | undefined;
  readonly documents: readonly string[];
  readonly processes?: AgendaProcessing | undefined;
  readonly items: readonly AgendaItem[];
}

export interface Meeting {
  readonly id: string;
  readonly year: number;
  readonly kind: MeetingKind;
  readonly number: number;
  readonly title: string;
  readonly startsAt: string;
  readonly format: MeetingFormat;
  readonly place?: string | undefined;
  readonly onlineLink?: string | undefined;
  readonly chairId: string;
  readonly recordingUrl?: string | undefined;
  readonly transcriptUrl?: string | undefined;
  readonly consultationIds: readonly string[];
  readonly status: MeetingStatus;
  readonly agenda: readonly AgendaItem[];
  readonly agendaAdoptedAt?: string | undefined;
  readonly cancellation?: { readonly reason: string; readonly cancelledAt: string; readonly cancelledBy: string } | undefined;
  /** Decisions recorded so far (numbers them). */
  readonly decisionCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Attendance {
  readonly meetingId: string;
  readonly stakeholderId: string;
  readonly role: AttendeeRole;
  readonly mode: AttendanceMode;
  readonly status: AttendanceStatus;
  readonly recordedAt: string;
}

/**
 * A decision's subject, stored as a typed item. Each kind carries what it
 * needs; `kind` discriminates. To add a kind: a variant here, a SubjectKind
 * in subjects/ (parse, check, effects on adoption), a GraphQL type that
 * implements DecisionSubject and a field of DecisionSubjectInput
 * (docs/api/meetings.md, "Adding a subject kind").
 */
export type DecisionSubject =
  | { readonly kind: 'CONTRIBUTION'; readonly contributionId: string; readonly disposition: Disposition; readonly response: string }
  | { readonly kind: 'MINUTES'; readonly meetingId: string; readonly effect: MinutesEffect }
  /** An issue of a call for issues the decision does not take up, with the public reason (programme module). */
  | { readonly kind: 'ISSUE'; readonly issueId: string; readonly reason: string }
  /** A draft theme of the annual programme the decision adopts (programme module). */
  | { readonly kind: 'THEME'; readonly themeId: string }
  /** A session proposal (or a designed main session) the decision selects, with its outcome (sessions module). */
  | {
      readonly kind: 'PROPOSAL';
      readonly proposalId: string;
      readonly outcome: ProposalOutcome;
      readonly conditions?: readonly string[] | undefined;
      readonly deadline?: string | undefined;
      readonly mergedInto?: string | undefined;
      readonly reason?: string | undefined;
    };

export type SubjectKindName = DecisionSubject['kind'];
export type ContributionSubjectModel = Extract<DecisionSubject, { kind: 'CONTRIBUTION' }>;
export type MinutesSubjectModel = Extract<DecisionSubject, { kind: 'MINUTES' }>;
export type IssueSubjectModel = Extract<DecisionSubject, { kind: 'ISSUE' }>;
export type ThemeSubjectModel = Extract<DecisionSubject, { kind: 'THEME' }>;
export type ProposalSubjectModel = Extract<DecisionSubject, { kind: 'PROPOSAL' }>;
export type MeetingCancellationModel = NonNullable<Meeting['cancellation']>;

/** What the processing figures resolve from: the consultation's raw counters. */
export interface ProcessingCountsSource {
  readonly counts: ConsultationCounts;
}

/** How many subjects a decision carries in its own item (the meeting page shows them without another read). */
export const FIRST_SUBJECTS = 5;
/** Subjects per decision: adoption writes each in one transaction (≤ 100 items with the decision, meeting and counters). */
export const MAX_SUBJECTS = 90;

export interface Decision {
  /** `<meetingId>.<local id>`. */
  readonly id: string;
  readonly meetingId: string;
  readonly number: number;
  readonly agendaItemId?: string | undefined;
  readonly text: string;
  readonly method: DecisionMethod;
  readonly objections: readonly string[];
  readonly state: DecisionState;
  readonly decidedAt?: string | undefined;
  readonly subjectCount: number;
  readonly firstSubjects: readonly DecisionSubject[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface ActionItem {
  /** `<meetingId>.<local id>`. */
  readonly id: string;
  readonly meetingId: string;
  readonly text: string;
  readonly ownerId: string;
  readonly dueAt: string;
  readonly status: ActionItemStatus;
  readonly reviewedAtMeetingId?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MinutesCorrection {
  readonly decisionId: string;
  readonly text: string;
  readonly correctedAt: string;
}

export interface Minutes {
  /** The meeting's id: a meeting has one set of minutes. */
  readonly meetingId: string;
  readonly status: MinutesStatus;
  readonly body: string;
  readonly revision: number;
  readonly amendmentWindowEndsAt?: string | undefined;
  readonly approvedByDecisionId?: string | undefined;
  readonly publishedAt?: string | undefined;
  readonly corrections: readonly MinutesCorrection[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MinutesRevision {
  readonly meetingId: string;
  readonly revision: number;
  readonly body: string;
  readonly savedAt: string;
}

export interface MinutesAmendment {
  readonly meetingId: string;
  readonly id: string;
  readonly authorId: string;
  readonly text: string;
  readonly createdAt: string;
}

/** Who spoke on which agenda item of a meeting, with the speaker's group and region as they were then. */
export interface Intervention {
  readonly meetingId: string;
  /** Unique within the meeting (a ULID: the order recorded). */
  readonly id: string;
  readonly agendaItemId: string;
  readonly speakerId: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly minutes?: number | undefined;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Everything a meeting page shows, read from the meeting's item collection in one Query. */
export interface MeetingPage {
  readonly meeting: Meeting;
  readonly attendance: readonly Attendance[];
  readonly decisions: readonly Decision[];
  readonly actionItems: readonly ActionItem[];
  readonly minutes?: Minutes | undefined;
}

/** Splits `<meetingId>.<local id>` ids (decisions, action items). */
export function childIdParts(id: string): { meetingId: string; localId: string } | undefined {
  const dot = id.lastIndexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  return { meetingId: id.slice(0, dot), localId: id.slice(dot + 1) };
}

export const childId = (meetingId: string, localId: string) => `${meetingId}.${localId}`;

/** The public sees a meeting once its agenda is adopted (a meeting cancelled before that stays internal). */
export function isPublic(meeting: Pick<Meeting, 'agendaAdoptedAt'>): boolean {
  return meeting.agendaAdoptedAt !== undefined;
}

/** The amendment window is open while circulated minutes have not reached its end. */
export function amendmentWindowOpen(minutes: Minutes, now: Date): boolean {
  return minutes.status === 'CIRCULATED' && minutes.amendmentWindowEndsAt !== undefined && now.toISOString() < minutes.amendmentWindowEndsAt;
}

/** Every agenda item, sub-items included, in order. */
export function flattenAgenda(items: readonly AgendaItem[]): AgendaItem[] {
  return items.flatMap((item) => [item, ...flattenAgenda(item.items)]);
}
