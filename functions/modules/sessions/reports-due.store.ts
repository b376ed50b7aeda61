/**
 * Sessions held and not reported yet, per organiser, in DynamoDB: one item per stakeholder holding the set of
 * such session ids. A session is added in the transaction that marks it HELD and removed in the one that files
 * its report, so screening knows who owes a report in one BatchGetItem per 100 people, without reading anyone's
 * sessions. Writes are transaction items for the caller's transaction, never written alone.
 */
import { batchGetItems } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import type { TransactItem } from '../../core/dynamodb/transact';
import { sessionKeys as keys } from './sessions.keys';

const REPORTS_DUE = 'ReportsDue';

/** A stakeholder's reports-due item: a string set of session ids (absent once the last is reported), written by the updates below. */
const reportsDueEntity = defineEntity<{ readonly stakeholderId: string; readonly sessions: readonly string[] }>()({
  name: REPORTS_DUE,
  attributes: { stakeholderId: attr.string, sessions: attr.orElse(attr.set(attr.string), []) },
  key: (due) => keys.reportsDue(due.stakeholderId),
  patterns: {},
});

/** Adds a held session to a stakeholder's reports due (the item is created on first use). */
export function reportDueAdd(stakeholderId: string, sessionId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.reportsDue(stakeholderId),
      UpdateExpression: 'SET #entity = :entity, #id = :id ADD #sessions :session',
      ExpressionAttributeNames: { '#entity': 'entity', '#id': 'stakeholderId', '#sessions': 'sessions' },
      ExpressionAttributeValues: { ':entity': REPORTS_DUE, ':id': stakeholderId, ':session': new Set([sessionId]) },
    },
  };
}

/** Removes a reported session from a stakeholder's reports due (an absent item or id is no error). */
export function reportDueRemove(stakeholderId: string, sessionId: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.reportsDue(stakeholderId),
      UpdateExpression: 'SET #entity = :entity, #id = :id DELETE #sessions :session',
      ExpressionAttributeNames: { '#entity': 'entity', '#id': 'stakeholderId', '#sessions': 'sessions' },
      ExpressionAttributeValues: { ':entity': REPORTS_DUE, ':id': stakeholderId, ':session': new Set([sessionId]) },
    },
  };
}

/** The held, unreported session ids of each stakeholder (none: empty), in strongly consistent BatchGetItems of ≤ 100 keys. */
export async function getReportsDue(stakeholderIds: readonly string[]): Promise<Map<string, string[]>> {
  const items = await batchGetItems(
    stakeholderIds.map((id) => keys.reportsDue(id)),
    true,
  );
  return new Map(stakeholderIds.map((id, i) => [id, [...(reportsDueEntity.from(items[i])?.sessions ?? [])]]));
}
