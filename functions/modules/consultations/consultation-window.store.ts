/**
 * The consultation's open window, copied onto its counter shards. A submission
 * (or an edit, or a withdrawal) must be refused once the consultation is closed,
 * in the same transaction as the write: checking the consultation item itself
 * would put that one item into every submission's transaction, and DynamoDB
 * refuses concurrent transactions on one item (TransactionConflict). Each counter
 * shard carries a copy of the status and dates instead, and the write checks the
 * shard it touches anyway. Every write that moves the window (scheduling, editing
 * the dates, extending, closing early, cancelling) rewrites all the copies in the
 * transaction that changes the consultation, so a copy is never behind it.
 */
import { tableName } from '../../core/dynamodb/client';
import { consultationKeys, counterShard } from '../../core/dynamodb/keys';
import { named, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { CLOCKED_STATUSES, type Consultation } from './consultation.model';

const COUNTS = 'ConsultationCounts';

/** Open at `now`: a clocked status (not a draft, not cancelled, no synthesis yet) and `now` within [opensAt, closesAt). */
const OPEN_CONDITION = '#status IN (:s0, :s1, :s2) AND opensAt <= :now AND closesAt > :now';

function openValues(now: Date): Record<string, string> {
  return { ':now': now.toISOString(), ...Object.fromEntries(CLOCKED_STATUSES.map((status, i) => [`:s${i}`, status])) };
}

/** `update` (a counter shard's Update) with the condition that the shard's window copy is open at `now`. */
export function whileOpen(update: TransactItem, now: Date): TransactItem {
  const body = update.Update;
  if (!body) throw new Error('Only a counter shard update carries the open-window condition');
  return {
    Update: {
      ...body,
      ConditionExpression: OPEN_CONDITION,
      ExpressionAttributeNames: { ...body.ExpressionAttributeNames, '#status': 'status' },
      ExpressionAttributeValues: { ...body.ExpressionAttributeValues, ...openValues(now) },
    },
  };
}

/** A check that the consultation is open at `now`, on the contribution's own counter shard (for writes that move no counter). */
export function openWindowCheck(consultationId: string, contributionId: string, now: Date): NamedItem<'openWindow'> {
  return named('openWindow', {
    ConditionCheck: {
      TableName: tableName(),
      Key: consultationKeys.countsShard(consultationId, counterShard(contributionId)),
      ConditionExpression: OPEN_CONDITION,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: openValues(now),
    },
  });
}

/** The writes of the consultation's window onto every counter shard (creating a shard that is not there yet, counters untouched). */
export function windowCopies(c: Consultation): NamedItem<'window'>[] {
  const table = tableName();
  return consultationKeys.countsShards(c.id).map((key) =>
    named('window', {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: 'SET #status = :status, opensAt = :opensAt, closesAt = :closesAt, entity = :entity, consultationId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': c.storedStatus, ':opensAt': c.opensAt, ':closesAt': c.closesAt, ':entity': COUNTS, ':id': c.id },
      },
    }),
  );
}

/** Whether a consultation in this state can ever be open, so its shards need the window (a draft's cannot). */
export function needsWindow(c: Consultation): boolean {
  return (CLOCKED_STATUSES as readonly string[]).includes(c.storedStatus);
}
