/**
 * The writes of the secretariat's date changes: the consultation item
 * replaced under the condition the change needs (its version, and the state
 * the clock gives it at `now`), with the mail it causes, the copies of its
 * window on its counter shards and, for a cancellation, the release of its
 * cycle slot — one transaction: once it commits, every submission checks the
 * new dates.
 */
import { tableName } from '../../core/dynamodb/client';
import { DYNAMODB_LIMITS } from '../../core/limits';
import { consultationKeys } from '../../core/dynamodb/keys';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import type { Consultation, DateChangeKind } from './consultation.model';
import { clockedValues, consultationItem } from './consultation.store';
import { needsWindow, windowCopies } from './consultation-window.store';

/** The condition each change needs, besides the version: extending before the close, closing while open, cancelling before the opening. */
const CONDITIONS: Record<DateChangeKind, string> = {
  EXTENDED: '#status IN (:s0, :s1, :s2) AND closesAt > :now',
  CLOSED_EARLY: '#status IN (:s0, :s1, :s2) AND opensAt <= :now AND closesAt > :now',
  CANCELLED: '(#status = :draft OR (#status IN (:s0, :s1, :s2) AND opensAt > :now))',
};

export async function saveDateChange(
  next: Consultation,
  current: Consultation,
  kind: DateChangeKind,
  now: Date,
  mail: readonly TransactItem[],
): Promise<'saved' | 'refused'> {
  const table = tableName();
  const items: NamedItem<'consultation' | 'slot' | 'mail' | 'window'>[] = [
    named('consultation', {
      Put: {
        TableName: table,
        Item: consultationItem(next),
        ConditionExpression: `attribute_exists(PK) AND version = :version AND ${CONDITIONS[kind]}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':version': current.version,
          ':now': now.toISOString(),
          ...clockedValues(),
          ...(kind === 'CANCELLED' ? { ':draft': 'DRAFT' } : {}),
        },
      },
    }),
    // A draft's shards have no window to move (it gets one when scheduled).
    ...(needsWindow(current) ? windowCopies(next) : []),
    ...mail.map((item) => named('mail', item)),
  ];
  if (kind === 'CANCELLED') {
    // The cycle slot (year, sequence) is free again for a consultation that replaces this one.
    items.push(
      named('slot', {
        Delete: {
          TableName: table,
          Key: consultationKeys.sequenceGuard(current.year, current.sequence),
          ConditionExpression: 'consultationId = :id',
          ExpressionAttributeValues: { ':id': current.id },
        },
      }),
    );
  }
  // It names every counter shard: it must find a moment when no submission holds one, hence more attempts.
  const outcome = await transactWrite(items, undefined, DYNAMODB_LIMITS.dateChangeAttempts);
  if (outcome.ok) return 'saved';
  if (outcome.failed === 'consultation') return 'refused';
  throw new Error(`Date change of consultation ${current.id} refused by ${outcome.failed}`);
}
