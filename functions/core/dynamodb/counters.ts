/**
 * Counter items: an Update that ADDs to named counters, for use inside the
 * transaction of the write it counts, so a counter never drifts from the
 * items. Counter names are free-form (e.g. `group.CIVIL_SOCIETY`); each is a
 * top-level number attribute `n:<name>` (ADD creates a missing one at 0),
 * read back as a record by `readCounts`.
 */
import type { ItemKey } from './keys';
import type { TransactItem } from './transact';

export type Increments = Readonly<Record<string, number>>;

const PREFIX = 'n:';

/**
 * A transaction item adding `increments` to the counter item at `key`
 * (created on first use). `attributes` are SET as-is (e.g. `entity`, GSI keys).
 */
export function counterUpdate(table: string, key: ItemKey, increments: Increments, attributes: Record<string, unknown> = {}): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(increments)
    .filter(([, by]) => by !== 0)
    .map(([name, by], i) => {
      names[`#c${i}`] = `${PREFIX}${name}`;
      values[`:c${i}`] = by;
      return `#c${i} :c${i}`;
    });
  const sets = Object.entries(attributes).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} = :a${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].join(' ').trim(),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

/** The counters of a counter item as `{ name: value }`. */
export function readCounts(item: Record<string, unknown> | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(PREFIX) && typeof value === 'number') counts[name.slice(PREFIX.length)] = value;
  }
  return counts;
}
