/**
 * The call for issues in DynamoDB: the call item, which also holds the call's
 * counters, and the per-person cap counters. Other stores of the module add
 * the call's counter update to their transactions (`callWhileOpen`,
 * `callExisting`), so a counted write and its counter move together.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts, type Increments } from '../../core/dynamodb/counters';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import { versionedSet } from '../../core/dynamodb/versioned-set';
import { programmeKeys as keys } from './programme.keys';
import { callEntity, callFields, conditioned } from './programme.items';
import type { IssueCall, IssueCallWithCounts } from './programme.model';

/** The call's counter update, only while the call is open at `now` (the clock decides, not a job). */
export function callWhileOpen(year: number, increments: Increments, now: Date): TransactItem {
  return conditioned(
    counterUpdate(tableName(), keys.call(year), increments),
    'attribute_exists(PK) AND #opensAt <= :now AND #closesAt > :now',
    { '#opensAt': 'opensAt', '#closesAt': 'closesAt' },
    { ':now': now.toISOString() },
  );
}

/** The call's counter update, whatever the clock says (merges and MAG decisions, after the call closed). */
export function callExisting(year: number, increments: Increments): TransactItem {
  return conditioned(counterUpdate(tableName(), keys.call(year), increments), 'attribute_exists(PK)', {}, {});
}

/** The call item parsed (refused if malformed), with its counters. */
function callFromItem(item: Item): IssueCallWithCounts {
  return { ...callEntity.parse(item), counts: readCounts(item) };
}

/**
 * Creates the call (expectedVersion undefined) or replaces its settings at a version. The counters are not
 * touched: an Update SETs the settings only.
 */
export async function saveCall(call: IssueCall, expectedVersion: number | undefined): Promise<'saved' | 'exists' | 'stale'> {
  const outcome = await transactWrite([
    named('call', versionedSet(keys.call(call.year), callFields(call), expectedVersion)),
    // The programme must exist: a call belongs to one.
    named('programme', {
      ConditionCheck: { TableName: tableName(), Key: keys.programme(call.year), ConditionExpression: 'attribute_exists(PK)' },
    }),
  ]);
  if (outcome.ok) return 'saved';
  if (outcome.failed === 'programme') return 'stale';
  return expectedVersion === undefined ? 'exists' : 'stale';
}

/** A call with all its counters: one GetItem. */
export async function getCalls(years: readonly number[]): Promise<(IssueCallWithCounts | undefined)[]> {
  const items = await batchGetItems(years.map((year) => keys.call(year)));
  return items.map((item) => (item?.entity === callEntity.name ? callFromItem(item) : undefined));
}

export async function getCallConsistent(year: number): Promise<IssueCallWithCounts | undefined> {
  const item = await getItemConsistent(keys.call(year));
  return item?.entity === callEntity.name ? callFromItem(item) : undefined;
}

/** How many standing issues a person has in a year's call (the cap). */
export async function issuesOfAuthorInCall(year: number, stakeholderId: string): Promise<number> {
  const item = await getItemConsistent(keys.authorCap(year, stakeholderId));
  return readCounts(item).issues ?? 0;
}
