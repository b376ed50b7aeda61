/**
 * TransactWriteItems with named items: a failed condition is reported by the
 * name of its item, as data (`{ ok: false, failed: 'emailGuard' }`), never by
 * its position in the array — adding an item to a transaction cannot change
 * which refusal a client gets. Stores turn the name into their outcome;
 * services turn outcomes into domain errors.
 *
 * A transaction canceled because another one touched the same items
 * (TransactionConflict) or because a partition throttled is retried here with
 * jittered exponential backoff: the SDK does not retry cancellations, and a
 * canceled transaction wrote nothing, while its conditions make a repeat
 * safe (it cannot apply twice). When the attempts run out the caller gets
 * SERVICE_UNAVAILABLE (retriable). This is the one retry of transactions:
 * stores call it and add no retry loop of their own.
 *
 * Every attempt carries a ClientRequestToken (one per attempt: a canceled
 * attempt wrote nothing, so the next may differ). The SDK re-sends an
 * attempt whose answer was lost (a timeout, a reset connection) with the
 * same token, and DynamoDB answers a repeat of a transaction that already
 * committed as the success it was, without applying it again: a late
 * commit followed by a retry is one success, never a CONFLICT of the
 * transaction with its own first write.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../errors';
import { DYNAMODB_LIMITS } from '../limits';
import { documentClient } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One item of a transaction, with the name its failed condition is reported by. */
export interface NamedItem<Name extends string = string> {
  readonly name: Name;
  readonly item: TransactItem;
  /** What the item is about, when several items share a name (e.g. which of many contributions). */
  readonly subject?: string | undefined;
}

export type TransactOutcome<Name extends string = string> =
  { readonly ok: true } | { readonly ok: false; readonly failed: Name; readonly subject: string | undefined };

export function named<Name extends string>(name: Name, item: TransactItem, subject?: string): NamedItem<Name> {
  return subject === undefined ? { name, item } : { name, item, subject };
}

/** Cancellation reasons that say "try again", not "your condition failed". */
const TRANSIENT_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export async function transactWrite<Name extends string>(
  items: readonly NamedItem<Name>[],
  clientRequestToken?: string,
  /** Attempts before SERVICE_UNAVAILABLE: more for a write that must get past many small concurrent ones (a consultation's date change). */
  attempts: number = DYNAMODB_LIMITS.transactionAttempts,
): Promise<TransactOutcome<Name>> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(
        new TransactWriteCommand({ TransactItems: items.map((named) => named.item), ClientRequestToken: clientRequestToken ?? randomUUID() }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        // DynamoDB reports the reasons in the order of the items: the position is read here, once, and becomes a name.
        const failed = items[reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed')];
        if (failed) return { ok: false, failed: failed.name, subject: failed.subject };
        if (!reasons.some((reason) => TRANSIENT_REASONS.has(reason.Code ?? ''))) throw error;
      } else if (!(error instanceof Error && error.name === 'TransactionConflictException')) {
        // (TransactionConflictException: the items are in another transaction still in progress; nothing was written.)
        throw error;
      }
      if (attempt >= attempts) {
        throw new ServiceUnavailableError('The service is busy; retry shortly', { retriable: true });
      }
      // Full jitter: a random delay up to base × 2^attempt spreads colliding writers apart.
      // (Capped at the fourth attempt's delay, for the writes allowed more attempts.)
      await sleep(Math.random() * DYNAMODB_LIMITS.transactionBackoffMs * 2 ** Math.min(attempt, 3));
    }
  }
}
