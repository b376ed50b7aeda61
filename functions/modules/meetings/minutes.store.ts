/**
 * Minutes in DynamoDB: the minutes item in the meeting's item collection,
 * their revisions and amendments in a partition of their own, and the
 * writes a MAG decision's adoption makes on them (approval, corrections).
 */
import { tableName } from '../../core/dynamodb/client';
import { changeKeys } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import type { NamedItem } from '../../core/dynamodb/transact';
import { amendmentEntity, minutesEntity, minutesItem, minutesRevisionEntity } from './meeting.items';
import { meetingKeys } from './meeting.keys';
import type { Meeting, Minutes, MinutesAmendment, MinutesRevision } from './meeting.model';
import { STATUS, meetingPut, put, transact } from './meeting.store';

export async function getMinutesConsistent(meetingId: string): Promise<Minutes | undefined> {
  return minutesEntity.getConsistent(meetingKeys.minutes(meetingId));
}

export function getMinutesMany(meetingIds: readonly string[]): Promise<(Minutes | undefined)[]> {
  return minutesEntity.getMany(meetingIds.map((id) => meetingKeys.minutes(id)));
}

function revisionPut(r: MinutesRevision): NamedItem {
  return { name: 'revision', item: put(minutesRevisionEntity.item(r), 'attribute_not_exists(PK)') };
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
      item: put(amendmentEntity.item(amendment), 'attribute_not_exists(PK)'),
    },
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'presence' ? 'notPresent' : 'windowClosed';
}

export function listAmendments(meetingId: string, first: number, after?: string | null): Promise<Page<MinutesAmendment>> {
  return amendmentEntity.query.ofMinutes({ meetingId }, { scope: `amendments:${meetingId}`, sk: { beginsWith: meetingKeys.amendmentPrefix }, first, after });
}

export function listMinutesRevisions(meetingId: string, first: number, after?: string | null): Promise<Page<MinutesRevision>> {
  return minutesRevisionEntity.query.ofMinutes(
    { meetingId },
    { scope: `minutes-revisions:${meetingId}`, sk: { beginsWith: meetingKeys.revisionPrefix }, first, after },
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
          ':changes': changeKeys(minutesEntity.name, at, meetingId).ChangesSK,
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
          ':changes': changeKeys(minutesEntity.name, correction.correctedAt, meetingId).ChangesSK,
          ':one': 1,
        },
      },
    },
  };
}
