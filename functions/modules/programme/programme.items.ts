/**
 * What the programme's stores share: the parsing of an item into its domain
 * object, the condition added to a counter update, and the names of the items
 * a MAG decision's transaction writes.
 */
import type { Item } from '../../core/dynamodb/batch';
import type { TransactItem } from '../../core/dynamodb/transact';
/** Attributes that are keys or bookkeeping, never part of a domain object. */
const NOT_DOMAIN = /^(PK|SK|GSI\dPK|GSI\dSK|ChangesPK|ChangesSK|entity|n:.*)$/;

export function domain<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !NOT_DOMAIN.test(name))) as T;
}

/** Adds a condition to a transaction item built elsewhere (e.g. a counter update). */
export function conditioned(item: TransactItem, expression: string, names: Record<string, string>, values: Record<string, unknown>): TransactItem {
  const update = item.Update;
  if (!update) throw new Error('Only updates take an added condition here');
  return {
    Update: {
      ...update,
      ConditionExpression: expression,
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...values },
    },
  };
}

/** Transaction item names of MAG decisions' writes (distinct from the meetings module's own names). */
export const DECISION_ITEM = { theme: 'themeSubject', issue: 'issueSubject', call: 'themeCall', mail: 'issueMail' } as const;
