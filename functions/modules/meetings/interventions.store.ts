/**
 * The interventions store: who spoke on which agenda item of a meeting.
 *
 * | access pattern                           | index | key condition                                        |
 * |------------------------------------------|-------|------------------------------------------------------|
 * | a meeting's interventions, as recorded   | table | PK = INTERVENTIONS#<meetingId>, SK begins_with I#    |
 *
 * Their own partition, not the meeting's: the meeting page's one Query stays
 * the size it was, and the speaking figures read this partition in one Query
 * (a meeting has tens to a few hundred interventions; paged through beyond
 * 1 MB) and compute the balance from the items — nothing to keep in step.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { Item } from '../../core/dynamodb/batch';
import type { ItemKey } from '../../core/dynamodb/keys';
import { named, transactWrite, type NamedItem } from '../../core/dynamodb/transact';
import type { Region, StakeholderGroup } from '../stakeholders';
import { meetingKeys } from './meeting.keys';
import { meetingInStatus } from './meeting.store';

const INTERVENTION = 'Intervention';

export const interventionKeys = {
  partition: (meetingId: string) => `INTERVENTIONS#${meetingId}`,
  intervention: (meetingId: string, localId: string): ItemKey => ({ PK: `INTERVENTIONS#${meetingId}`, SK: `I#${localId}` }),
  prefix: 'I#',
} as const;

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

function fromItem(item: Item): Intervention {
  return {
    meetingId: item.meetingId as string,
    id: item.id as string,
    agendaItemId: item.agendaItemId as string,
    speakerId: item.speakerId as string,
    group: item.group as StakeholderGroup,
    region: item.region as Region,
    minutes: item.minutes as number | undefined,
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
  };
}

/** Every intervention of a meeting, in the order recorded (one Query, paged through beyond 1 MB). */
export async function listInterventions(meetingId: string): Promise<Intervention[]> {
  const found: Intervention[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': interventionKeys.partition(meetingId), ':prefix': interventionKeys.prefix },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    found.push(...((result.Items ?? []) as Item[]).filter((item) => item.entity === INTERVENTION).map(fromItem));
    start = result.LastEvaluatedKey;
  } while (start);
  return found;
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
          Item: { ...interventionKeys.intervention(meetingId, i.id), entity: INTERVENTION, ...i },
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
