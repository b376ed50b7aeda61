/**
 * The meetings module's items, declared once (core/dynamodb/entity.ts): a
 * meeting (its agenda inside, its lists by year and of all years), the link
 * of a meeting to a consultation it processes, attendance, decisions with
 * their typed subjects, action items, minutes with their revisions and
 * amendments, and interventions. How each becomes an item, which index slot
 * carries which key and how an item is read back (a malformed one refused
 * with MalformedItemError) are said here only; key formats stay in
 * meeting.keys.ts, and the stores build their conditions and transactions
 * from these declarations.
 */
import { DISPOSITIONS } from '../consultations';
import type { Item } from '../../core/dynamodb/batch';
import { attr, defineEntity, type Attr } from '../../core/dynamodb/entity';
import type { ItemKey } from '../../core/dynamodb/keys';
import { GSI } from '../../core/dynamodb/table';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { interventionKeys, meetingKeys } from './meeting.keys';
import {
  ACTION_ITEM_STATUSES,
  ATTENDANCE_MODES,
  ATTENDANCE_STATUSES,
  ATTENDEE_ROLES,
  DECISION_METHODS,
  DECISION_STATES,
  MEETING_FORMATS,
  MEETING_KINDS,
  MEETING_STATUSES,
  MINUTES_EFFECTS,
  MINUTES_STATUSES,
  PROPOSAL_OUTCOMES,
  childIdParts,
  type ActionItem,
  type AgendaItem,
  type AgendaProcessing,
  type Attendance,
  type ContributionSubjectModel,
  type Decision,
  type DecisionSubject,
  type IssueSubjectModel,
  type Intervention,
  type Meeting,
  type MeetingCancellationModel,
  type Minutes,
  type MinutesAmendment,
  type MinutesCorrection,
  type MinutesRevision,
  type MinutesSubjectModel,
  type ProposalSubjectModel,
  type SubjectKindName,
  type ThemeSubjectModel,
} from './meeting.model';

// ---------------------------------------------------------------- meetings

const agendaProcessing = attr.object<AgendaProcessing>({
  consultationId: attr.string,
  questionIds: attr.orElse(attr.list(attr.string), []),
  contributionIds: attr.orElse(attr.list(attr.string), []),
  group: attr.optional(attr.string),
  region: attr.optional(attr.string),
});

/** An agenda item with its sub-items (the agenda is a tree inside the meeting's item). */
const agendaItem: Attr<AgendaItem> = attr.object<AgendaItem>({
  id: attr.string,
  number: attr.string,
  title: attr.string,
  expectedOutput: attr.optional(attr.string),
  minutes: attr.optional(attr.number),
  documents: attr.orElse(attr.list(attr.string), []),
  processes: attr.optional(agendaProcessing),
  items: { parse: (value, path) => attr.orElse(attr.list(agendaItem), []).parse(value, path) },
});

const byStart = (m: Pick<Meeting, 'startsAt' | 'id'>) => meetingKeys.byStart(m.startsAt, m.id);

export const meetingEntity = defineEntity<Meeting>()({
  name: 'Meeting',
  attributes: {
    id: attr.string,
    year: attr.number,
    kind: attr.oneOf(MEETING_KINDS),
    number: attr.number,
    title: attr.string,
    startsAt: attr.string,
    format: attr.oneOf(MEETING_FORMATS),
    place: attr.optional(attr.string),
    onlineLink: attr.optional(attr.string),
    chairId: attr.string,
    recordingUrl: attr.optional(attr.string),
    transcriptUrl: attr.optional(attr.string),
    consultationIds: attr.orElse(attr.list(attr.string), []),
    status: attr.oneOf(MEETING_STATUSES),
    agenda: attr.orElse(attr.list(agendaItem), []),
    agendaAdoptedAt: attr.optional(attr.string),
    cancellation: attr.optional(attr.object<MeetingCancellationModel>({ reason: attr.string, cancelledAt: attr.string, cancelledBy: attr.string })),
    decisionCount: attr.orElse(attr.number, 0),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (m) => meetingKeys.meeting(m.id),
  changes: (m) => [m.updatedAt, m.id],
  patterns: {
    /** Meetings of a year, by start. */
    ofYear: { index: 'gsi1', pk: (p: Pick<Meeting, 'year'>) => meetingKeys.ofYear(p.year), sk: byStart },
    /** Every meeting, by start. */
    all: { index: 'gsi2', pk: () => meetingKeys.all(), sk: byStart },
    /** The meeting's item collection: the meeting with its attendance, decisions, action items, minutes and links (the meeting page). */
    collection: { pk: (p: Pick<Meeting, 'id'>) => meetingKeys.partition(p.id) },
  },
});

/** The meeting's item, with the flag the public lists filter on (the public sees a meeting once its agenda is adopted). */
export function meetingItem(m: Meeting): Item {
  return { ...meetingEntity.item(m), visibleToPublic: m.agendaAdoptedAt !== undefined };
}

/** A link of a meeting to a consultation it processes, in the meeting's partition. */
export interface MeetingConsultationLink {
  readonly meetingId: string;
  readonly consultationId: string;
}

export const linkEntity = defineEntity<MeetingConsultationLink>()({
  name: 'MeetingConsultationLink',
  attributes: { meetingId: attr.string, consultationId: attr.string },
  key: (link) => meetingKeys.processesLink(link.meetingId, link.consultationId),
  patterns: {
    /** The meetings that process a consultation, by the meeting's start (the sort key is the meeting's, so the link item fills it below). */
    ofConsultation: { index: 'gsi3', pk: (p: Pick<MeetingConsultationLink, 'consultationId'>) => meetingKeys.ofConsultation(p.consultationId) },
  },
});

/** The link's item: its index key sorts by the meeting's start, which the link itself does not store. */
export function linkItem(link: MeetingConsultationLink, meeting: Pick<Meeting, 'startsAt' | 'id'>): Item {
  const slot = GSI.gsi3;
  return { ...linkEntity.item(link), [slot.partitionKey]: linkEntity.at.ofConsultation(link).pk, [slot.sortKey]: byStart(meeting) };
}

// ---------------------------------------------------------------- attendance

export const attendanceEntity = defineEntity<Attendance>()({
  name: 'Attendance',
  attributes: {
    meetingId: attr.string,
    stakeholderId: attr.string,
    role: attr.oneOf(ATTENDEE_ROLES),
    mode: attr.oneOf(ATTENDANCE_MODES),
    status: attr.oneOf(ATTENDANCE_STATUSES),
    recordedAt: attr.string,
  },
  key: (a) => meetingKeys.attendance(a.meetingId, a.stakeholderId),
  patterns: {},
});

// ---------------------------------------------------------------- decisions and their subjects

/** The key of a child of a meeting (decision, action item) from its `<meetingId>.<local id>` id; undefined for a malformed id. */
function childKey(id: string, key: (meetingId: string, localId: string) => ItemKey): ItemKey | undefined {
  const parts = childIdParts(id);
  return parts ? key(parts.meetingId, parts.localId) : undefined;
}

function requiredChildKey(kind: string, id: string, key: (meetingId: string, localId: string) => ItemKey): ItemKey {
  const found = childKey(id, key);
  if (!found) throw new Error(`Malformed ${kind} id ${id}`);
  return found;
}

export const decisionKey = (id: string): ItemKey | undefined => childKey(id, meetingKeys.decision);
export const actionItemKey = (id: string): ItemKey | undefined => childKey(id, meetingKeys.actionItem);

/** Every subject kind, each with its own fields: the typed union a decision's subjects are read as. */
const SUBJECT_VARIANTS: { readonly [K in SubjectKindName]: Attr<Extract<DecisionSubject, { kind: K }>> } = {
  CONTRIBUTION: attr.object<ContributionSubjectModel>({
    kind: attr.oneOf(['CONTRIBUTION']),
    contributionId: attr.string,
    disposition: attr.oneOf(DISPOSITIONS),
    response: attr.string,
  }),
  MINUTES: attr.object<MinutesSubjectModel>({ kind: attr.oneOf(['MINUTES']), meetingId: attr.string, effect: attr.oneOf(MINUTES_EFFECTS) }),
  ISSUE: attr.object<IssueSubjectModel>({ kind: attr.oneOf(['ISSUE']), issueId: attr.string, reason: attr.string }),
  THEME: attr.object<ThemeSubjectModel>({ kind: attr.oneOf(['THEME']), themeId: attr.string }),
  PROPOSAL: attr.object<ProposalSubjectModel>({
    kind: attr.oneOf(['PROPOSAL']),
    proposalId: attr.string,
    outcome: attr.oneOf(PROPOSAL_OUTCOMES),
    conditions: attr.optional(attr.list(attr.string)),
    deadline: attr.optional(attr.string),
    mergedInto: attr.optional(attr.string),
    reason: attr.optional(attr.string),
  }),
};
const SUBJECT_KIND_NAMES = ['CONTRIBUTION', 'MINUTES', 'ISSUE', 'THEME', 'PROPOSAL'] as const satisfies readonly SubjectKindName[];
const subjectKind = attr.object<{ readonly kind: SubjectKindName }>({ kind: attr.oneOf(SUBJECT_KIND_NAMES) });

/** A decision's subject: its `kind` says which fields it has; an unknown kind or a missing field is malformed. */
export const decisionSubject: Attr<DecisionSubject> = {
  parse: (value, path) => SUBJECT_VARIANTS[subjectKind.parse(value, path).kind].parse(value, path),
};

export const decisionEntity = defineEntity<Decision>()({
  name: 'Decision',
  attributes: {
    id: attr.string,
    meetingId: attr.string,
    number: attr.number,
    agendaItemId: attr.optional(attr.string),
    text: attr.string,
    method: attr.oneOf(DECISION_METHODS),
    objections: attr.orElse(attr.list(attr.string), []),
    state: attr.oneOf(DECISION_STATES),
    decidedAt: attr.optional(attr.string),
    subjectCount: attr.number,
    firstSubjects: attr.orElse(attr.list(decisionSubject), []),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (d) => requiredChildKey('decision', d.id, meetingKeys.decision),
  changes: (d) => [d.updatedAt, d.id],
  patterns: {},
});

/** Where a subject stands: its decision and its position (from 1). Its item carries the subject's own fields beside these. */
export interface SubjectPosition {
  readonly decisionId: string;
  readonly position: number;
}

export const subjectEntity = defineEntity<SubjectPosition>()({
  name: 'DecisionSubject',
  attributes: { decisionId: attr.string, position: attr.number },
  key: (s) => meetingKeys.subject(s.decisionId, s.position),
  patterns: {
    /** A decision's subjects, in order (`S#` sort keys). */
    ofDecision: { pk: (p: Pick<SubjectPosition, 'decisionId'>) => meetingKeys.subjectsPartition(p.decisionId) },
  },
});

export function subjectItem(decisionId: string, position: number, subject: DecisionSubject): Item {
  return { ...subjectEntity.item({ decisionId, position }), ...subject };
}

/** A subject's item read back as the subject (refused if it is another entity's item or malformed). */
export function subjectFromItem(item: Item): DecisionSubject {
  subjectEntity.parse(item);
  return decisionSubject.parse(item, subjectEntity.name);
}

// ---------------------------------------------------------------- action items

export const actionItemEntity = defineEntity<ActionItem>()({
  name: 'ActionItem',
  attributes: {
    id: attr.string,
    meetingId: attr.string,
    text: attr.string,
    ownerId: attr.string,
    dueAt: attr.string,
    status: attr.oneOf(ACTION_ITEM_STATUSES),
    reviewedAtMeetingId: attr.optional(attr.string),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (a) => requiredChildKey('action item', a.id, meetingKeys.actionItem),
  changes: (a) => [a.updatedAt, a.id],
  patterns: {},
});

// ---------------------------------------------------------------- minutes

export const minutesEntity = defineEntity<Minutes>()({
  name: 'Minutes',
  attributes: {
    meetingId: attr.string,
    status: attr.oneOf(MINUTES_STATUSES),
    body: attr.string,
    revision: attr.number,
    amendmentWindowEndsAt: attr.optional(attr.string),
    approvedByDecisionId: attr.optional(attr.string),
    publishedAt: attr.optional(attr.string),
    corrections: attr.orElse(attr.list(attr.object<MinutesCorrection>({ decisionId: attr.string, text: attr.string, correctedAt: attr.string })), []),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (m) => meetingKeys.minutes(m.meetingId),
  changes: (m) => [m.updatedAt, m.meetingId],
  patterns: {},
});

/** The minutes' item, with the `id` the change feed reads (minutes are identified by their meeting). */
export function minutesItem(m: Minutes): Item {
  return { ...minutesEntity.item(m), id: m.meetingId };
}

const ofMinutes = { pk: (p: { readonly meetingId: string }) => meetingKeys.minutesPartition(p.meetingId) };

export const minutesRevisionEntity = defineEntity<MinutesRevision>()({
  name: 'MinutesRevision',
  attributes: { meetingId: attr.string, revision: attr.number, body: attr.string, savedAt: attr.string },
  key: (r) => meetingKeys.minutesRevision(r.meetingId, r.revision),
  patterns: {
    /** The revisions of a meeting's minutes, in order (`REV#` sort keys of the minutes' partition). */
    ofMinutes,
  },
});

export const amendmentEntity = defineEntity<MinutesAmendment>()({
  name: 'MinutesAmendment',
  attributes: { meetingId: attr.string, id: attr.string, authorId: attr.string, text: attr.string, createdAt: attr.string },
  key: (a) => meetingKeys.amendment(a.meetingId, a.id),
  patterns: {
    /** The amendments to a meeting's minutes, oldest first (`AMD#` sort keys of the minutes' partition). */
    ofMinutes,
  },
});

// ---------------------------------------------------------------- interventions

export const interventionEntity = defineEntity<Intervention>()({
  name: 'Intervention',
  attributes: {
    meetingId: attr.string,
    id: attr.string,
    agendaItemId: attr.string,
    speakerId: attr.string,
    group: attr.oneOf(STAKEHOLDER_GROUPS),
    region: attr.oneOf(REGIONS),
    minutes: attr.optional(attr.number),
    recordedAt: attr.string,
    recordedBy: attr.string,
  },
  key: (i) => interventionKeys.intervention(i.meetingId, i.id),
  patterns: {
    /** A meeting's interventions, in the order recorded (`I#` sort keys of their own partition). */
    ofMeeting: { pk: (p: Pick<Intervention, 'meetingId'>) => interventionKeys.partition(p.meetingId) },
  },
});
