/**
 * Minutes in DynamoDB: the minutes item in the meeting's item collection,
 * their revisions and amendments in a partition of their own, and the
 * writes a MAG decision's adoption makes on them (approval, corrections).
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { changeKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import type { NamedItem } from '../../core/dynamodb/transact';
import { meetingKeys } from './meeting.keys';
import type { Meeting, Minutes, MinutesAmendment, MinutesRevision } from './meeting.model';
import { STATUS, meetingPut, put, transact } from './meeting.store';

const MINUTES = 'Minutes';
const MINUTES_REVISION = 'MinutesRevision';
const AMENDMENT = 'MinutesAmendment';

function minutesItem(m: Minutes): Item {
  return { ...meetingKeys.minutes(m.meetingId), entity: MINUTES, id: m.meetingId, ...changeKeys(MINUTES, m.updatedAt, m.meetingId), ...m };
}
export function minutesFromItem(item: Item): Minutes {
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

export async function getMinutesConsistent(meetingId: string): Promise<Minutes | undefined> {
  const item = await getItemConsistent(meetingKeys.minutes(meetingId));
  return item?.entity === MINUTES ? minutesFromItem(item) : undefined;
}

export async function getMinutesMany(meetingIds: readonly string[]): Promise<(Minutes | undefined)[]> {
  const items = await batchGetItems(meetingIds.map((id) => meetingKeys.minutes(id)));
  return items.map((item) => (item?.entity === MINUTES ? minutesFromItem(item) : undefined));
}

function revisionPut(r: MinutesRevision): NamedItem {
  return {
    name: 'revision',
    item: put({ ...meetingKeys.minutesRevision(r.meetingId, r.revision), entity: MINUTES_REVISION, ...r }, 'attribute_not_exists(PK)'),
  };
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
export async function saveMinutes(
  next: Minutes,
  expectedVersion: number,
  from: readonly Minutes['status'][],
  newRevision = false,
  meeting?: { next: Meeting; expectedVersion: number },
): Promise<'saved' | 'stale'> {
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
    {
      name: 'amendment',
      item: put({ ...meetingKeys.amendment(amendment.meetingId, amendment.id), entity: AMENDMENT, ...amendment }, 'attribute_not_exists(PK)'),
    },
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'presence' ? 'notPresent' : 'windowClosed';
}

export function listAmendments(meetingId: string, first: number, after?: string | null): Promise<Page<MinutesAmendment>> {
  return queryPage(
    { scope: `amendments:${meetingId}`, pk: meetingKeys.minutesPartition(meetingId), sk: { beginsWith: meetingKeys.amendmentPrefix }, first, after },
    (item) => ({
      meetingId: item.meetingId as string,
      id: item.id as string,
      authorId: item.authorId as string,
      text: item.text as string,
      createdAt: item.createdAt as string,
    }),
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
        UpdateExpression:
          'SET corrections = list_append(if_not_exists(corrections, :empty), :correction), updatedAt = :at, ChangesSK = :changes ADD version :one',
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
