/**
 * Supports of issues in DynamoDB: one item per supporter (listed ones also
 * indexed under the issue), written in one transaction with the issue's new
 * counts and the call's counters.
 */
import { getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import type { Increments } from '../../core/dynamodb/counters';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite } from '../../core/dynamodb/transact';
import { callWhileOpen } from './call.store';
import { issueReplace } from './issue.store';
import { domain } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { Issue, IssueSupportRecord } from './programme.model';

const SUPPORT = 'IssueSupport';

function supportItem(support: IssueSupportRecord): Item {
  return {
    ...keys.support(support.issueId, support.supporterId),
    entity: SUPPORT,
    ...(support.listed ? { GSI2PK: keys.listedSupporters(support.issueId), GSI2SK: keys.byTime(support.createdAt, support.supporterId) } : {}),
    ...support,
  };
}

/**
 * One support: the support item (one per person), the issue with its new counts and breadth sort key
 * (conditional on the counts it was computed from), and the call's counters (only while it is open).
 */
export async function supportIssue(
  current: Issue,
  next: Issue,
  support: IssueSupportRecord,
  increments: Increments,
  now: Date,
): Promise<'supported' | 'alreadySupported' | 'issueChanged' | 'callClosed'> {
  const outcome = await transactWrite([
    named('support', { Put: { TableName: tableName(), Item: supportItem(support), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('issue', issueReplace(next, current)),
    named('call', callWhileOpen(current.year, increments, now)),
  ]);
  if (outcome.ok) return 'supported';
  switch (outcome.failed) {
    case 'support':
      return 'alreadySupported';
    case 'issue':
      return 'issueChanged';
    case 'call':
      return 'callClosed';
  }
}

export async function getSupport(issueId: string, stakeholderId: string): Promise<IssueSupportRecord | undefined> {
  const item = await getItemConsistent(keys.support(issueId, stakeholderId));
  return item ? domain<IssueSupportRecord>(item) : undefined;
}

export function listListedSupporters(issueId: string, first: number, after?: string | null): Promise<Page<IssueSupportRecord>> {
  return queryPage({ scope: `supporters:${issueId}`, index: 'gsi2', pk: keys.listedSupporters(issueId), first, after }, (item) =>
    domain<IssueSupportRecord>(item),
  );
}
