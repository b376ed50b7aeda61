/**
 * The interventions store: who spoke on which agenda item of a meeting
 * (meeting.items.ts declares the item; meeting.keys.ts its keys: their own
 * partition, not the meeting's). The speaking figures read the partition in
 * one Query (a meeting has tens to a few hundred interventions; paged through
 * beyond 1 MB) and compute the balance from the items — nothing to keep in
 * step.
 */
import { tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import { interventionEntity } from './meeting.items';
import { interventionKeys, meetingKeys } from './meeting.keys';
import type { Intervention } from './meeting.model';
import { meetingInStatus } from './meeting.store';

export type { Intervention };

/** Every intervention of a meeting, in the order recorded (one Query, paged through beyond 1 MB). */
export function listInterventions(meetingId: string): Promise<Intervention[]> {
  return interventionEntity.queryAll.ofMeeting({ meetingId }, { sk: { beginsWith: interventionKeys.prefix } });
}

/** The first recording made with an idempotency key, if any (what a retry answers with). */
export function findRecording(guardKey: ItemKey): Promise<{ resultId: string; requestDigest: string } | undefined> {
  return findIdempotentResult(guardKey);
}

export type RecordOutcome = 'saved' | 'wrongState' | 'notPresent' | 'replayed';

/**
 * Stores interventions in one transaction: the meeting still HELD or
 * MINUTES_DRAFT, each speaker still recorded PRESENT, and the idempotency
 * guard of the request (a retry finds it and records nothing twice).
 */
export async function recordInterventions(
  meetingId: string,
  interventions: readonly Intervention[],
  guard: { key: ItemKey; requestDigest: string },
  now: Date,
): Promise<RecordOutcome> {
  const table = tableName();
  const speakers = [...new Set(interventions.map((i) => i.speakerId))];
  const items: NamedItem[] = [
    meetingInStatus(meetingId, ['HELD', 'MINUTES_DRAFT']),
    named('idempotencyGuard', idempotencyGuardPut(guard.key, meetingId, guard.requestDigest, now)),
    ...interventions.map((i) =>
      named('intervention', {
        Put: {
          TableName: table,
          Item: interventionEntity.item(i),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      }),
    ),
    ...speakers.map((speakerId) =>
      named(
        'present',
        {
          ConditionCheck: {
            TableName: table,
            Key: meetingKeys.attendance(meetingId, speakerId),
            ConditionExpression: '#status = :present',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':present': 'PRESENT' },
          },
        },
        speakerId,
      ),
    ),
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'saved';
  switch (outcome.failed) {
    case 'meetingStatus':
      return 'wrongState';
    case 'present':
      return 'notPresent';
    case 'idempotencyGuard':
      return 'replayed';
    default:
      throw new Error(`Interventions of meeting ${meetingId} could not be stored (${outcome.failed})`);
  }
}
