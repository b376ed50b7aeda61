/**
 * Issues of a call in DynamoDB: each issue carries its support counts, and
 * sits in its call's lists (by support breadth, newest first) while it
 * stands. Submitting, withdrawing, merging and declining move the call's
 * counters in the same transaction (call.store.ts).
 */
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { callExisting, callWhileOpen } from './call.store';
import { DECISION_ITEM, conditioned, issueEntity, issueItem } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import { breadthPrefix, type Issue, type IssueField } from './programme.model';

/** Puts the next state of an issue, conditional on the state it was read in (version, supporters, status). */
export function issueReplace(next: Issue, current: Issue): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: issueItem(next),
      ConditionExpression: '#v = :v AND #status = :status AND #support.#supporters = :supporters',
      ExpressionAttributeNames: { '#v': 'version', '#status': 'status', '#support': 'support', '#supporters': 'supporters' },
      ExpressionAttributeValues: { ':v': current.version, ':status': current.status, ':supporters': current.support.supporters },
    },
  };
}

export type SubmitIssueOutcome = { readonly kind: 'created' } | { readonly kind: 'replayed' } | { readonly kind: 'callClosed' } | { readonly kind: 'overCap' };

export async function submitIssue(
  issue: Issue,
  cap: number,
  guard: { readonly key: ItemKey; readonly requestDigest: string },
  increments: Increments,
  now: Date,
): Promise<SubmitIssueOutcome> {
  const items: NamedItem<'issue' | 'call' | 'cap' | 'guard'>[] = [
    named('guard', idempotencyGuardPut(guard.key, issue.id, guard.requestDigest, now)),
    named('issue', { Put: { TableName: tableName(), Item: issueItem(issue), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('call', callWhileOpen(issue.year, increments, now)),
    named(
      'cap',
      conditioned(
        counterUpdate(tableName(), keys.authorCap(issue.year, issue.authorId), { issues: 1 }, { entity: 'IssueAuthorCount' }),
        'attribute_not_exists(#n) OR #n < :cap',
        { '#n': 'n:issues' },
        { ':cap': cap },
      ),
    ),
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return { kind: 'created' };
  switch (outcome.failed) {
    case 'guard':
      return { kind: 'replayed' };
    case 'call':
      return { kind: 'callClosed' };
    case 'cap':
      return { kind: 'overCap' };
    case 'issue':
      // A fresh ULID never collides; a collision is a retry of the same request.
      return { kind: 'replayed' };
  }
}

export function getIssues(ids: readonly string[]): Promise<(Issue | undefined)[]> {
  return issueEntity.getMany(ids.map((id) => keys.issue(id)));
}

export function getIssueConsistent(id: string): Promise<Issue | undefined> {
  return issueEntity.getConsistent(keys.issue(id));
}

/** Withdrawal: the issue leaves the call's lists and counts, and frees a place under its author's cap. */
export async function withdrawIssue(current: Issue, next: Issue, increments: Increments, now: Date): Promise<'withdrawn' | 'stale' | 'callClosed'> {
  const outcome = await transactWrite([
    named('issue', issueReplace(next, current)),
    named('call', callWhileOpen(current.year, increments, now)),
    named('cap', counterUpdate(tableName(), keys.authorCap(current.year, current.authorId), { issues: -1 })),
  ]);
  if (outcome.ok) return 'withdrawn';
  return outcome.failed === 'call' ? 'callClosed' : 'stale';
}

/** A merge: the duplicate leaves the lists (its counts as an input stay), the target must stand. */
export async function mergeIssue(
  current: Issue,
  next: Issue,
  targetId: string,
  increments: Increments,
  /** The author's mail (outbox item), written with the merge or not at all. */
  mail: TransactItem,
): Promise<'merged' | 'stale' | 'targetNotStanding'> {
  const outcome = await transactWrite([
    named('issue', issueReplace(next, current)),
    named('target', {
      ConditionCheck: {
        TableName: tableName(),
        Key: keys.issue(targetId),
        ConditionExpression: '#status IN (:s, :t, :n)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': 'SUBMITTED', ':t': 'TAKEN_UP', ':n': 'NOT_TAKEN_UP' },
      },
    }),
    named('call', callExisting(current.year, increments)),
    named('mail', mail),
  ]);
  if (outcome.ok) return 'merged';
  return outcome.failed === 'target' ? 'targetNotStanding' : 'stale';
}

/**
 * The writes of declining issues (for a decision's transaction): each issue at the state it was read in, and the
 * one mail event that tells their authors (an outbox item: one per decision, however many issues it declines).
 */
export function issueDecisionItems(changes: readonly { readonly current: Issue; readonly next: Issue }[], mail: TransactItem): NamedItem[] {
  return [
    ...changes.map((change) => named(DECISION_ITEM.issue, issueReplace(change.next, change.current), change.current.id)),
    named(DECISION_ITEM.mail, mail),
  ];
}

/** A MAG decision on one issue (declined with a public reason), in a transaction of its own. */
export async function decideIssue(current: Issue, next: Issue, mail: TransactItem): Promise<'decided' | 'stale'> {
  const outcome = await transactWrite(issueDecisionItems([{ current, next }], mail));
  return outcome.ok ? 'decided' : 'stale';
}

export interface IssueListRequest {
  readonly year: number;
  readonly order: 'SUPPORT_BREADTH' | 'NEWEST';
  readonly breadth?: number | undefined;
  readonly first: number;
  readonly after?: string | null | undefined;
  /**
   * Only these fields of each issue (issue.projection.ts: the fields the request's selection reads); whole items
   * when absent. The page's issues then carry only these fields, each parsed by its declared type.
   */
  readonly attributes?: readonly IssueField[] | undefined;
}

/** A page of a call's standing issues: one Query (by breadth on GSI1, newest on GSI3). */
export function listIssuesOfCall(request: IssueListRequest): Promise<Page<Issue>> {
  const byBreadth = request.order === 'SUPPORT_BREADTH';
  return queryPage(
    {
      scope: `issues:${request.year}:${request.order}:${request.breadth ?? ''}`,
      ...(byBreadth ? issueEntity.at.byBreadth({ year: request.year }) : issueEntity.at.newest({ year: request.year })),
      ...(byBreadth && request.breadth !== undefined ? { sk: { beginsWith: breadthPrefix(request.breadth) } } : {}),
      first: request.first,
      after: request.after,
      forward: false,
      ...(request.attributes ? { attributes: request.attributes } : {}),
    },
    request.attributes ? issueEntity.pick(request.attributes) : issueEntity.parse,
  );
}

export function listIssuesOfAuthor(stakeholderId: string, first: number, after?: string | null): Promise<Page<Issue>> {
  return issueEntity.query.ofAuthor({ authorId: stakeholderId }, { scope: `myIssues:${stakeholderId}`, first, after, forward: false });
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
