/**
 * Supports of issues in DynamoDB: one item per supporter (listed ones also
 * indexed under the issue), written in one transaction with the issue's new
 * counts and the call's counters.
 */
import { tableName } from '../../core/dynamodb/client';
import type { Increments } from '../../core/dynamodb/counters';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite } from '../../core/dynamodb/transact';
import { callWhileOpen } from './call.store';
import { issueReplace } from './issue.store';
import { supportEntity, supportItem } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import type { Issue, IssueSupportRecord } from './programme.model';

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

export function getSupport(issueId: string, stakeholderId: string): Promise<IssueSupportRecord | undefined> {
  return supportEntity.getConsistent(keys.support(issueId, stakeholderId));
}

/** The listed supporters of an issue, oldest first. */
export function listListedSupporters(issueId: string, first: number, after?: string | null): Promise<Page<IssueSupportRecord>> {
  return supportEntity.query.listed({ issueId }, { scope: `supporters:${issueId}`, first, after });
}
