/**
 * Meetings in DynamoDB — the only code of this module that knows items,
 * conditions and transactions. Every transition is a conditional write;
 * transaction items carry names, and a failed condition comes back as the
 * name of the item whose condition failed (an outcome, not an exception).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { changeKeys, type ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { transactWrite, type NamedItem, type TransactItem, type TransactOutcome } from '../../core/dynamodb/transact';
import { meetingKeys } from './meeting.keys';
import {
  childIdParts,
  type ActionItem,
  type Attendance,
  type Decision,
  type DecisionSubject,
  type Meeting,
  type MeetingPage,
  type MeetingStatus,
  type Minutes,
  type MinutesAmendment,
  type MinutesRevision,
} from './meeting.model';

const MEETING = 'Meeting';
const ATTENDANCE = 'Attendance';
const DECISION = 'Decision';
const SUBJECT = 'DecisionSubject';
const ACTION_ITEM = 'ActionItem';
const MINUTES = 'Minutes';
const MINUTES_REVISION = 'MinutesRevision';
const AMENDMENT = 'MinutesAmendment';
const LINK = 'MeetingConsultationLink';

export type { NamedItem };

/** The store's transactions: named items, a failed condition comes back as its item's name. */
export function transact(items: readonly NamedItem[]): Promise<TransactOutcome> {
  return transactWrite(items);
}

// ---------------------------------------------------------------- items and parsing

function meetingItem(m: Meeting): Item {
  const byStart = meetingKeys.byStart(m.startsAt, m.id);
  return {
    ...meetingKeys.meeting(m.id),
    entity: MEETING,
    GSI1PK: meetingKeys.ofYear(m.year),
    GSI1SK: byStart,
    GSI2PK: meetingKeys.all(),
    GSI2SK: byStart,
    ...changeKeys(MEETING, m.updatedAt, m.id),
    ...m,
    // A flag the public lists filter on (the public sees a meeting once its agenda is adopted).
    visibleToPublic: m.agendaAdoptedAt !== undefined,
  };
}

export function meetingFromItem(item: Item): Meeting {
  return {
    id: item.id as string,
    year: item.year as number,
    kind: item.kind as Meeting['kind'],
    number: item.number as number,
    title: item.title as string,
    startsAt: item.startsAt as string,
    format: item.format as Meeting['format'],
    place: item.place as string | undefined,
    onlineLink: item.onlineLink as string | undefined,
    chairId: item.chairId as string,
    recordingUrl: item.recordingUrl as string | undefined,
    transcriptUrl: item.transcriptUrl as string | undefined,
    consultationIds: (item.consultationIds as string[] | undefined) ?? [],
    status: item.status as MeetingStatus,
    agenda: (item.agenda as Meeting['agenda'] | undefined) ?? [],
    agendaAdoptedAt: item.agendaAdoptedAt as string | undefined,
    cancellation: item.cancellation as Meeting['cancellation'],
    decisionCount: (item.decisionCount as number | undefined) ?? 0,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function attendanceItem(a: Attendance): Item {
  return { ...meetingKeys.attendance(a.meetingId, a.stakeholderId), entity: ATTENDANCE, ...a };
}

function attendanceFromItem(item: Item): Attendance {
  return {
    meetingId: item.meetingId as string,
    stakeholderId: item.stakeholderId as string,
    role: item.role as Attendance['role'],
    mode: item.mode as Attendance['mode'],
    status: item.status as Attendance['status'],
    recordedAt: item.recordedAt as string,
  };
}

function decisionKey(id: string): ItemKey | undefined {
  const parts = childIdParts(id);
  return parts ? meetingKeys.decision(parts.meetingId, parts.localId) : undefined;
}

function decisionItem(d: Decision): Item {
  const parts = childIdParts(d.id);
  if (!parts) throw new Error(`Malformed decision id ${d.id}`);
  return { ...meetingKeys.decision(parts.meetingId, parts.localId), entity: DECISION, ...changeKeys(DECISION, d.updatedAt, d.id), ...d };
}

function decisionFromItem(item: Item): Decision {
  return {
    id: item.id as string,
    meetingId: item.meetingId as string,
    number: item.number as number,
    agendaItemId: item.agendaItemId as string | undefined,
    text: item.text as string,
    method: item.method as Decision['method'],
    objections: (item.objections as string[] | undefined) ?? [],
    state: item.state as Decision['state'],
    decidedAt: item.decidedAt as string | undefined,
    subjectCount: item.subjectCount as number,
    firstSubjects: (item.firstSubjects as DecisionSubject[] | undefined) ?? [],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function subjectFromItem(item: Item): DecisionSubject {
  const { kind } = item as { kind: DecisionSubject['kind'] };
  switch (kind) {
    case 'CONTRIBUTION':
      return { kind, contributionId: item.contributionId as string, disposition: item.disposition as never, response: item.response as string };
    case 'MINUTES':
      return { kind, meetingId: item.meetingId as string, effect: item.effect as never };
    case 'ISSUE':
      return { kind, issueId: item.issueId as string, reason: item.reason as string };
    case 'THEME':
      return { kind, themeId: item.themeId as string };
    case 'PROPOSAL':
      return {
        kind,
        proposalId: item.proposalId as string,
        outcome: item.outcome as never,
        conditions: item.conditions as string[] | undefined,
        deadline: item.deadline as string | undefined,
        mergedInto: item.mergedInto as string | undefined,
        reason: item.reason as string | undefined,
      };
    default:
      throw new Error(`Unknown subject kind ${String(kind)}`);
  }
}

function actionItemItem(a: ActionItem): Item {
  const parts = childIdParts(a.id);
  if (!parts) throw new Error(`Malformed action item id ${a.id}`);
  return { ...meetingKeys.actionItem(parts.meetingId, parts.localId), entity: ACTION_ITEM, ...changeKeys(ACTION_ITEM, a.updatedAt, a.id), ...a };
}

function actionItemFromItem(item: Item): ActionItem {
  return {
    id: item.id as string,
    meetingId: item.meetingId as string,
    text: item.text as string,
    ownerId: item.ownerId as string,
    dueAt: item.dueAt as string,
    status: item.status as ActionItem['status'],
    reviewedAtMeetingId: item.reviewedAtMeetingId as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function minutesItem(m: Minutes): Item {
  return { ...meetingKeys.minutes(m.meetingId), entity: MINUTES, id: m.meetingId, ...changeKeys(MINUTES, m.updatedAt, m.meetingId), ...m };
}

function minutesFromItem(item: Item): Minutes {
  return {
    meetingId: item.meetingId as string,
    status: item.status as Minutes['status'],
    body: item.body as string,
    revision: item.revision as number,
    amendmentWindowEndsAt: item.amendmentWindowEndsAt as string | undefined,
    approvedByDecisionId: item.approvedByDecisionId as string | undefined,
    publishedAt: item.publishedAt as string | undefined,
    corrections: (item.corrections as Minutes['corrections'] | undefined) ?? [],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

const put = (item: Item, condition?: string, values?: Record<string, unknown>, names?: Record<string, string>): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: item,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
  },
});

const STATUS = { '#status': 'status' };

/** The meeting item replaced at `expectedVersion` while its status is one of `from`. */
function meetingPut(next: Meeting, expectedVersion: number, from: readonly MeetingStatus[]): NamedItem {
  const values: Record<string, unknown> = { ':version': expectedVersion };
  from.forEach((status, i) => (values[`:from${i}`] = status));
  return {
    name: 'meeting',
    item: put(meetingItem(next), `version = :version AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`, values, STATUS),
  };
}

/** A check that the meeting is in one of `statuses` (for writes of its children). */
export function meetingInStatus(meetingId: string, statuses: readonly MeetingStatus[]): NamedItem {
  const values: Record<string, unknown> = {};
  statuses.forEach((status, i) => (values[`:s${i}`] = status));
  return {
    name: 'meetingStatus',
    item: {
      ConditionCheck: {
        TableName: tableName(),
        Key: meetingKeys.meeting(meetingId),
        ConditionExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: STATUS,
        ExpressionAttributeValues: values,
      },
    },
  };
}

// ---------------------------------------------------------------- meetings

export type CreateOutcome = { readonly kind: 'created' } | { readonly kind: 'numberTaken' } | { readonly kind: 'replayed'; readonly resultId: string; readonly requestDigest: string };

/** Creates a meeting with its number guard, its consultation links and its idempotency guard, all or nothing. */
export async function createMeeting(m: Meeting, guard: { key: ItemKey; requestDigest: string }, now: Date): Promise<CreateOutcome> {
  const byStart = meetingKeys.byStart(m.startsAt, m.id);
  const outcome = await transact([
    // The idempotency guard first: a retry is reported as one even when its number is now taken (by itself).
    { name: 'idempotency', item: idempotencyGuardPut(guard.key, m.id, guard.requestDigest, now) },
    { name: 'meeting', item: put(meetingItem(m), 'attribute_not_exists(PK)') },
    { name: 'number', item: put({ ...meetingKeys.numberGuard(m.year, m.kind, m.number), entity: 'MeetingNumberGuard', meetingId: m.id }, 'attribute_not_exists(PK)') },
    ...m.consultationIds.map((consultationId) => ({
      name: `link:${consultationId}`,
      item: put({ ...meetingKeys.processesLink(m.id, consultationId), entity: LINK, meetingId: m.id, consultationId, GSI3PK: meetingKeys.ofConsultation(consultationId), GSI3SK: byStart }),
    })),
  ]);
  if (outcome.ok) return { kind: 'created' };
  if (outcome.failed === 'number') return { kind: 'numberTaken' };
  if (outcome.failed === 'idempotency') {
    const earlier = await findIdempotentResult(guard.key);
    if (earlier) return { kind: 'replayed', ...earlier };
  }
  throw new Error(`Meeting ${m.id} could not be stored (${outcome.failed})`);
}

/** Replaces the meeting at `expectedVersion` while its status is one of `from`; 'stale' otherwise. */
export async function saveMeeting(next: Meeting, expectedVersion: number, from: readonly MeetingStatus[]): Promise<'saved' | 'stale'> {
  const outcome = await transact([meetingPut(next, expectedVersion, from)]);
  return outcome.ok ? 'saved' : 'stale';
}

export async function getMeetings(ids: readonly string[]): Promise<(Meeting | undefined)[]> {
  const items = await batchGetItems(ids.map((id) => meetingKeys.meeting(id)));
  return items.map((item) => (item?.entity === MEETING ? meetingFromItem(item) : undefined));
}

export async function getMeetingConsistent(id: string): Promise<Meeting | undefined> {
  const item = await getItemConsistent(meetingKeys.meeting(id));
  return item?.entity === MEETING ? meetingFromItem(item) : undefined;
}

/**
 * The meeting page: the meeting with its agenda, attendance, decisions (each
 * with its first subjects), action items and minutes — one item collection,
 * one Query (paged through if it ever exceeds 1 MB).
 */
export async function getMeetingPage(id: string, consistent = false): Promise<MeetingPage | undefined> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': meetingKeys.partition(id) },
        ...(start ? { ExclusiveStartKey: start } : {}),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...((result.Items ?? []) as Item[]));
    start = result.LastEvaluatedKey;
  } while (start);
  const meta = items.find((item) => item.SK === meetingKeys.metaSk && item.entity === MEETING);
  if (!meta) return undefined;
  const minutes = items.find((item) => item.SK === meetingKeys.minutesSk);
  return {
    meeting: meetingFromItem(meta),
    attendance: items.filter((item) => item.entity === ATTENDANCE).map(attendanceFromItem),
    decisions: items
      .filter((item) => item.entity === DECISION)
      .map(decisionFromItem)
      .sort((a, b) => a.number - b.number),
    actionItems: items.filter((item) => item.entity === ACTION_ITEM).map(actionItemFromItem),
    minutes: minutes ? minutesFromItem(minutes) : undefined,
  };
}

export interface MeetingListRequest {
  readonly year?: number | undefined;
  readonly status?: MeetingStatus | undefined;
  readonly includeInternal: boolean;
  readonly first: number;
  readonly after?: string | null | undefined;
}

/** Meetings by start; the public's lists hold only meetings whose agenda was adopted. */
export function listMeetings(request: MeetingListRequest): Promise<Page<Meeting>> {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (!request.includeInternal) {
    parts.push('visibleToPublic = :yes');
    values[':yes'] = true;
  }
  if (request.status) {
    parts.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = request.status;
  }
  const byYear = request.year !== undefined;
  return queryPage(
    {
      scope: `meetings:${request.year ?? '*'}:${request.status ?? '*'}:${request.includeInternal ? 'i' : ''}`,
      index: byYear ? 'gsi1' : 'gsi2',
      pk: byYear ? meetingKeys.ofYear(request.year as number) : meetingKeys.all(),
      ...(parts.length ? { filter: { expression: parts.join(' AND '), names, values } } : {}),
      first: request.first,
      after: request.after,
    },
    meetingFromItem,
  );
}

/** Ids of the meetings that process a consultation, by start (a consultation has a few). */
export async function meetingIdsOfConsultation(consultationId: string): Promise<string[]> {
  const page = await queryPage(
    { scope: `meetings-of:${consultationId}`, index: 'gsi3', pk: meetingKeys.ofConsultation(consultationId), first: 100 },
    (item) => item.meetingId as string,
  );
  return page.items;
}

// ---------------------------------------------------------------- attendance

/** Records attendance entries while the meeting is neither closed nor cancelled. */
export async function recordAttendance(meetingId: string, entries: readonly Attendance[]): Promise<'saved' | 'wrongState'> {
  const outcome = await transact([
    meetingInStatus(meetingId, ['PLANNED', 'AGENDA_ADOPTED', 'HELD', 'MINUTES_DRAFT']),
    ...entries.map((entry) => ({ name: `attendance:${entry.stakeholderId}`, item: put(attendanceItem(entry)) })),
  ]);
  return outcome.ok ? 'saved' : 'wrongState';
}


// ---------------------------------------------------------------- decisions

export async function getDecisions(ids: readonly string[]): Promise<(Decision | undefined)[]> {
  const keys = ids.map(decisionKey);
  const valid = keys.filter((key): key is ItemKey => key !== undefined);
  const items = valid.length ? await batchGetItems(valid) : [];
  let next = 0;
  return keys.map((key) => {
    if (!key) return undefined;
    const item = items[next++];
    return item?.entity === DECISION ? decisionFromItem(item) : undefined;
  });
}

export async function getDecisionConsistent(id: string): Promise<Decision | undefined> {
  const key = decisionKey(id);
  const item = key ? await getItemConsistent(key) : undefined;
  return item?.entity === DECISION ? decisionFromItem(item) : undefined;
}

function subjectItem(decisionId: string, position: number, subject: DecisionSubject): Item {
  return { ...meetingKeys.subject(decisionId, position), entity: SUBJECT, decisionId, position, ...subject };
}

export type RecordDecisionOutcome =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'notHeld' }
  | { readonly kind: 'numberMoved' }
  | { readonly kind: 'replayed'; readonly resultId: string; readonly requestDigest: string };

/**
 * Stores a proposed decision and its subject items, numbered after the
 * meeting's `decisionCount` as read, while the meeting is HELD.
 */
export async function recordDecision(
  decision: Decision,
  subjects: readonly DecisionSubject[],
  guard: { key: ItemKey; requestDigest: string },
  now: Date,
): Promise<RecordDecisionOutcome> {
  const outcome = await transact([
    { name: 'idempotency', item: idempotencyGuardPut(guard.key, decision.id, guard.requestDigest, now) },
    {
      name: 'meetingStatus',
      item: {
        Update: {
          TableName: tableName(),
          Key: meetingKeys.meeting(decision.meetingId),
          UpdateExpression: 'SET decisionCount = :next',
          ConditionExpression: '#status = :held AND (decisionCount = :count OR (attribute_not_exists(decisionCount) AND :count = :zero))',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: { ':held': 'HELD', ':next': decision.number, ':count': decision.number - 1, ':zero': 0 },
        },
      },
    },
    { name: 'decision', item: put(decisionItem(decision), 'attribute_not_exists(PK)') },
    ...subjects.map((subject, i) => ({ name: `subject:${i}`, item: put(subjectItem(decision.id, i + 1, subject)) })),
  ]);
  if (outcome.ok) return { kind: 'recorded' };
  if (outcome.failed === 'idempotency') {
    const earlier = await findIdempotentResult(guard.key);
    if (earlier) return { kind: 'replayed', ...earlier };
  }
  if (outcome.failed === 'meetingStatus') {
    const meeting = await getMeetingConsistent(decision.meetingId);
    return meeting?.status === 'HELD' ? { kind: 'numberMoved' } : { kind: 'notHeld' };
  }
  throw new Error(`Decision ${decision.id} could not be stored (${outcome.failed})`);
}

/** The decision's new state at `expectedVersion` while it is PROPOSED. */
export function decisionPut(next: Decision, expectedVersion: number): NamedItem {
  return {
    name: 'decision',
    item: put(decisionItem(next), 'version = :version AND #state = :proposed', { ':version': expectedVersion, ':proposed': 'PROPOSED' }, { '#state': 'state' }),
  };
}

/** A page of a decision's subjects, in order. */
export function listSubjects(decisionId: string, first: number, after?: string | null): Promise<Page<DecisionSubject>> {
  return queryPage({ scope: `subjects:${decisionId}`, pk: meetingKeys.subjectsPartition(decisionId), sk: { beginsWith: 'S#' }, first, after }, subjectFromItem);
}

/** Every subject of a decision (at most MAX_SUBJECTS), for adoption. */
export async function allSubjects(decisionId: string): Promise<DecisionSubject[]> {
  const page = await queryPage({ scope: `subjects:${decisionId}`, pk: meetingKeys.subjectsPartition(decisionId), sk: { beginsWith: 'S#' }, first: 100, consistentRead: true }, subjectFromItem);
  return page.items;
}

/** The key of a subject at a position (for cursors of the subjects a decision item carries). */
export const subjectKey = (decisionId: string, position: number) => meetingKeys.subject(decisionId, position);

// ---------------------------------------------------------------- action items

export async function getActionItemConsistent(id: string): Promise<ActionItem | undefined> {
  const parts = childIdParts(id);
  const item = parts ? await getItemConsistent(meetingKeys.actionItem(parts.meetingId, parts.localId)) : undefined;
  return item?.entity === ACTION_ITEM ? actionItemFromItem(item) : undefined;
}


/** Creates an action item while the meeting is HELD or its minutes are in draft. */
export async function createActionItem(a: ActionItem): Promise<'created' | 'wrongState'> {
  const outcome = await transact([meetingInStatus(a.meetingId, ['HELD', 'MINUTES_DRAFT']), { name: 'actionItem', item: put(actionItemItem(a), 'attribute_not_exists(PK)') }]);
  return outcome.ok ? 'created' : 'wrongState';
}

export async function saveActionItem(next: ActionItem, expectedVersion: number): Promise<'saved' | 'stale'> {
  const outcome = await transact([{ name: 'actionItem', item: put(actionItemItem(next), 'version = :version', { ':version': expectedVersion }) }]);
  return outcome.ok ? 'saved' : 'stale';
}

// ---------------------------------------------------------------- minutes

export async function getMinutesConsistent(meetingId: string): Promise<Minutes | undefined> {
  const item = await getItemConsistent(meetingKeys.minutes(meetingId));
  return item?.entity === MINUTES ? minutesFromItem(item) : undefined;
}


export async function getMinutesMany(meetingIds: readonly string[]): Promise<(Minutes | undefined)[]> {
  const items = await batchGetItems(meetingIds.map((id) => meetingKeys.minutes(id)));
  return items.map((item) => (item?.entity === MINUTES ? minutesFromItem(item) : undefined));
}

function revisionPut(r: MinutesRevision): NamedItem {
  return { name: 'revision', item: put({ ...meetingKeys.minutesRevision(r.meetingId, r.revision), entity: MINUTES_REVISION, ...r }, 'attribute_not_exists(PK)') };
}

/** First draft: the meeting moves HELD → MINUTES_DRAFT at its version, the minutes and revision 1 are created. */
export async function draftMinutes(meeting: Meeting, expectedVersion: number, minutes: Minutes): Promise<'saved' | 'stale'> {
  const outcome = await transact([
    meetingPut(meeting, expectedVersion, ['HELD']),
    { name: 'minutes', item: put(minutesItem(minutes), 'attribute_not_exists(PK)') },
    revisionPut({ meetingId: minutes.meetingId, revision: 1, body: minutes.body, savedAt: minutes.updatedAt }),
  ]);
  return outcome.ok ? 'saved' : 'stale';
}

/** Replaces the minutes at `expectedVersion` while their status is one of `from`; a new revision is kept when the text changed. */
export async function saveMinutes(next: Minutes, expectedVersion: number, from: readonly Minutes['status'][], newRevision = false, meeting?: { next: Meeting; expectedVersion: number }): Promise<'saved' | 'stale'> {
  const values: Record<string, unknown> = { ':version': expectedVersion };
  from.forEach((status, i) => (values[`:from${i}`] = status));
  const outcome = await transact([
    { name: 'minutes', item: put(minutesItem(next), `version = :version AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`, values, STATUS) },
    ...(newRevision ? [revisionPut({ meetingId: next.meetingId, revision: next.revision, body: next.body, savedAt: next.updatedAt })] : []),
    ...(meeting ? [meetingPut(meeting.next, meeting.expectedVersion, ['MINUTES_DRAFT'])] : []),
  ]);
  return outcome.ok ? 'saved' : 'stale';
}

export type AmendOutcome = 'saved' | 'notPresent' | 'windowClosed';

/** Stores an amendment from someone recorded PRESENT, while the minutes are circulated and the window open. */
export async function proposeAmendment(amendment: MinutesAmendment, now: Date): Promise<AmendOutcome> {
  const outcome = await transact([
    {
      name: 'presence',
      item: {
        ConditionCheck: {
          TableName: tableName(),
          Key: meetingKeys.attendance(amendment.meetingId, amendment.authorId),
          ConditionExpression: '#status = :present',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: { ':present': 'PRESENT' },
        },
      },
    },
    {
      name: 'window',
      item: {
        ConditionCheck: {
          TableName: tableName(),
          Key: meetingKeys.minutes(amendment.meetingId),
          ConditionExpression: '#status = :circulated AND amendmentWindowEndsAt > :now',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: { ':circulated': 'CIRCULATED', ':now': now.toISOString() },
        },
      },
    },
    { name: 'amendment', item: put({ ...meetingKeys.amendment(amendment.meetingId, amendment.id), entity: AMENDMENT, ...amendment }, 'attribute_not_exists(PK)') },
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'presence' ? 'notPresent' : 'windowClosed';
}

export function listAmendments(meetingId: string, first: number, after?: string | null): Promise<Page<MinutesAmendment>> {
  return queryPage(
    { scope: `amendments:${meetingId}`, pk: meetingKeys.minutesPartition(meetingId), sk: { beginsWith: meetingKeys.amendmentPrefix }, first, after },
    (item) => ({ meetingId: item.meetingId as string, id: item.id as string, authorId: item.authorId as string, text: item.text as string, createdAt: item.createdAt as string }),
  );
}

export function listMinutesRevisions(meetingId: string, first: number, after?: string | null): Promise<Page<MinutesRevision>> {
  return queryPage(
    { scope: `minutes-revisions:${meetingId}`, pk: meetingKeys.minutesPartition(meetingId), sk: { beginsWith: meetingKeys.revisionPrefix }, first, after },
    (item) => ({ meetingId: item.meetingId as string, revision: item.revision as number, body: item.body as string, savedAt: item.savedAt as string }),
  );
}

/** Adoption effect: circulated minutes whose window has ended become APPROVED by the decision. */
export function approveMinutesWrite(meetingId: string, decisionId: string, now: Date): NamedItem {
  const at = now.toISOString();
  return {
    name: 'minutesEffect',
    subject: meetingId,
    item: {
      Update: {
        TableName: tableName(),
        Key: meetingKeys.minutes(meetingId),
        UpdateExpression: 'SET #status = :approved, approvedByDecisionId = :decision, updatedAt = :at, ChangesSK = :changes ADD version :one',
        ConditionExpression: '#status = :circulated AND amendmentWindowEndsAt <= :at',
        ExpressionAttributeNames: STATUS,
        ExpressionAttributeValues: {
          ':approved': 'APPROVED',
          ':circulated': 'CIRCULATED',
          ':decision': decisionId,
          ':at': at,
          ':changes': changeKeys(MINUTES, at, meetingId).ChangesSK,
          ':one': 1,
        },
      },
    },
  };
}

/** Adoption effect: a correction appended to published minutes (their text stays as published). */
export function correctMinutesWrite(meetingId: string, correction: { decisionId: string; text: string; correctedAt: string }): NamedItem {
  return {
    name: 'minutesEffect',
    subject: meetingId,
    item: {
      Update: {
        TableName: tableName(),
        Key: meetingKeys.minutes(meetingId),
        UpdateExpression: 'SET corrections = list_append(if_not_exists(corrections, :empty), :correction), updatedAt = :at, ChangesSK = :changes ADD version :one',
        ConditionExpression: '#status = :published',
        ExpressionAttributeNames: STATUS,
        ExpressionAttributeValues: {
          ':published': 'PUBLISHED',
          ':empty': [],
          ':correction': [correction],
          ':at': correction.correctedAt,
          ':changes': changeKeys(MINUTES, correction.correctedAt, meetingId).ChangesSK,
          ':one': 1,
        },
      },
    },
  };
}
