/**
 * An Update that SETs an item's own fields — creating it (no `expectedVersion`) or replacing them at the version
 * read — and leaves every other attribute (e.g. counters kept on the same item) untouched.
 */
import { tableName } from './client';
import type { ItemKey } from './keys';

export function versionedSet(key: ItemKey, fields: Readonly<Record<string, unknown>>, expectedVersion: number | undefined) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  let condition = 'attribute_not_exists(PK)';
  if (expectedVersion !== undefined) {
    condition = 'attribute_exists(PK) AND #v = :expected';
    names['#v'] = 'version';
    values[':expected'] = expectedVersion;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
