/**
 * Counter items: an Update that ADDs to named counters, for use inside the
 * transaction of the write it counts, so a counter never drifts from the
 * items. Each module names its counters with a type (e.g. `ConsultationCounter`,
 * `ComplianceCounter`): increments and reads are typed by it, so a misspelt
 * name does not compile. Each counter is a top-level number attribute
 * `n:<name>` (ADD creates a missing one at 0), read back by `readCounts`.
 */
import type { ItemKey } from './keys';
import type { TransactItem } from './transact';

/** Moves of named counters (absent: unchanged). */
export type Increments<Name extends string = string> = Readonly<Partial<Record<Name, number>>>;

/** Values of named counters (absent: 0, never written); untyped names read as a plain record. */
export type Counts<Name extends string = string> = string extends Name ? Readonly<Record<string, number>> : Readonly<Partial<Record<Name, number>>>;

const PREFIX = 'n:';

/**
 * A transaction item adding `increments` to the counter item at `key`
 * (created on first use). `attributes` are SET as-is (e.g. `entity`, GSI keys).
 */
export function counterUpdate<Name extends string>(
  table: string,
  key: ItemKey,
  increments: Increments<Name>,
  attributes: Record<string, unknown> = {},
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = (Object.entries(increments) as [string, number | undefined][])
    .filter(([, by]) => by !== undefined && by !== 0)
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

/** The counters of a counter item as `{ name: value }`, named by the module's counter type. */
export function readCounts<Name extends string = string>(item: Record<string, unknown> | undefined): Counts<Name> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith(PREFIX) && typeof value === 'number') counts[name.slice(PREFIX.length)] = value;
  }
  return counts as Counts<Name>;
}

/** The counters of a counter spread over shard items: each counter summed over the shards (absent shards count 0). */
export function readShardedCounts<Name extends string = string>(shards: readonly (Record<string, unknown> | undefined)[]): Counts<Name> {
  const counts: Record<string, number> = {};
  for (const shard of shards) {
    for (const [name, value] of Object.entries(readCounts(shard))) counts[name] = (counts[name] ?? 0) + value;
  }
  return counts as Counts<Name>;
}
