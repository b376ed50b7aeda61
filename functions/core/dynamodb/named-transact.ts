/**
 * Transactions whose items carry names: a failed condition comes back as the
 * name of its item (an outcome, not an exception), so no caller depends on
 * an item's position in the array. Retries of transient cancellations are
 * transactWrite's (the one retry of transactions).
 */
import { transactWrite, type TransactItem } from './transact';

/** A transaction item with the name its failed condition is reported by. */
export interface NamedItem {
  readonly name: string;
  readonly item: TransactItem;
}

export type TransactOutcome = { readonly ok: true } | { readonly ok: false; readonly failed: string };

class ConditionFailed extends Error {
  constructor(readonly index: number) {
    super(`Condition of transaction item ${index} failed`);
  }
}

/** Writes the items all or nothing; a failed condition is returned as its item's name. */
export async function transactNamed(items: readonly NamedItem[]): Promise<TransactOutcome> {
  try {
    await transactWrite(
      items.map((named) => named.item),
      (index) => new ConditionFailed(index),
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof ConditionFailed) return { ok: false, failed: items[error.index]?.name ?? `#${error.index}` };
    throw error;
  }
}
