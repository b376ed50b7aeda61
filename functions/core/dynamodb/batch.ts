/**
 * Reads by key. BatchGetItem for DataLoader: up to 100 keys a request, retrying
 * UnprocessedKeys with backoff, results in the order of the keys.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import type { ItemKey } from './keys';

const MAX_KEYS = 100;
const MAX_ROUNDS = 8;

export type Item = Record<string, unknown>;

/** `consistent` reads every key strongly consistent (e.g. a batch that carries the caller's roles). */
export async function batchGetItems(keys: readonly ItemKey[], consistent = false): Promise<(Item | undefined)[]> {
  const found = new Map<string, Item>();
  const id = (key: { PK: unknown; SK: unknown }) => `${String(key.PK)}\u0000${String(key.SK)}`;
  const unique = [...new Map(keys.map((key) => [id(key), key])).values()];
  for (let start = 0; start < unique.length; start += MAX_KEYS) {
    let pending: Record<string, unknown>[] = unique.slice(start, start + MAX_KEYS).map((k) => ({ PK: k.PK, SK: k.SK }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error('BatchGetItem left keys unprocessed after retries');
      if (round > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** round));
      const table = tableName();
      const result = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } } }),
      );
      for (const item of result.Responses?.[table] ?? []) found.set(id(item as ItemKey), item);
      pending = (result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return keys.map((key) => found.get(id(key)));
}

/** One item read strongly consistent: for the read of a read-modify-write, or roles that must be current. */
export async function getItemConsistent(key: ItemKey): Promise<Item | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item;
}
