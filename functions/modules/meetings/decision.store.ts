/**
 * Decisions and their typed subjects in DynamoDB: a decision item in its
 * meeting's item collection (carrying its first subjects), the subjects in
 * a partition of their own (meeting.items.ts). Recording numbers the
 * decision after the meeting's count, in one transaction with an
 * idempotency guard.
 */
import { tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import type { NamedItem } from '../../core/dynamodb/transact';
import { decisionEntity, decisionKey, subjectEntity, subjectFromItem, subjectItem } from './meeting.items';
import { meetingKeys } from './meeting.keys';
import type { Decision, DecisionSubject } from './meeting.model';
import { STATUS, getMeetingConsistent, put, transact } from './meeting.store';

/** Decisions by id, in the order asked (a malformed id reads as none, without a read). */
export async function getDecisions(ids: readonly string[]): Promise<(Decision | undefined)[]> {
  const keys = ids.map(decisionKey);
  const valid = keys.filter((key): key is ItemKey => key !== undefined);
  const found = valid.length ? await decisionEntity.getMany(valid) : [];
  let next = 0;
  return keys.map((key) => (key ? found[next++] : undefined));
}

export async function getDecisionConsistent(id: string): Promise<Decision | undefined> {
  const key = decisionKey(id);
  return key ? decisionEntity.getConsistent(key) : undefined;
}

export type RecordDecisionOutcome =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'notHeld' }
  | { readonly kind: 'numberMoved' }
  | { readonly kind: 'replayed'; readonly resultId: string; readonly requestDigest: string };

/**
 * Stores a proposed decision and its subject items, numbered after the
 * meeting's `decisionCount` as read, while the meeting is HELD.
 */
export async function recordDecision(
  decision: Decision,
  subjects: readonly DecisionSubject[],
  guard: { key: ItemKey; requestDigest: string },
  now: Date,
): Promise<RecordDecisionOutcome> {
  const outcome = await transact([
    { name: 'idempotency', item: idempotencyGuardPut(guard.key, decision.id, guard.requestDigest, now) },
    {
      name: 'meetingStatus',
      item: {
        Update: {
          TableName: tableName(),
          Key: meetingKeys.meeting(decision.meetingId),
          UpdateExpression: 'SET decisionCount = :next',
          ConditionExpression: '#status = :held AND (decisionCount = :count OR (attribute_not_exists(decisionCount) AND :count = :zero))',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: { ':held': 'HELD', ':next': decision.number, ':count': decision.number - 1, ':zero': 0 },
        },
      },
    },
    { name: 'decision', item: put(decisionEntity.item(decision), 'attribute_not_exists(PK)') },
    ...subjects.map((subject, i) => ({ name: `subject:${i}`, item: put(subjectItem(decision.id, i + 1, subject)) })),
  ]);
  if (outcome.ok) return { kind: 'recorded' };
  if (outcome.failed === 'idempotency') {
    const earlier = await findIdempotentResult(guard.key);
    if (earlier) return { kind: 'replayed', ...earlier };
  }
  if (outcome.failed === 'meetingStatus') {
    const meeting = await getMeetingConsistent(decision.meetingId);
    return meeting?.status === 'HELD' ? { kind: 'numberMoved' } : { kind: 'notHeld' };
  }
  throw new Error(`Decision ${decision.id} could not be stored (${outcome.failed})`);
}

/** The decision's new state at `expectedVersion` while it is PROPOSED. */
export function decisionPut(next: Decision, expectedVersion: number): NamedItem {
  return {
    name: 'decision',
    item: put(
      decisionEntity.item(next),
      'version = :version AND #state = :proposed',
      { ':version': expectedVersion, ':proposed': 'PROPOSED' },
      { '#state': 'state' },
    ),
  };
}

const subjects = (decisionId: string) => ({ ...subjectEntity.at.ofDecision({ decisionId }), sk: { beginsWith: meetingKeys.subjectPrefix } });

/** A page of a decision's subjects, in order. */
export function listSubjects(decisionId: string, first: number, after?: string | null): Promise<Page<DecisionSubject>> {
  return queryPage({ scope: `subjects:${decisionId}`, ...subjects(decisionId), first, after }, subjectFromItem);
}

/** Every subject of a decision (at most MAX_SUBJECTS, so one page of 100), for adoption. */
export async function allSubjects(decisionId: string): Promise<DecisionSubject[]> {
  const page = await queryPage({ scope: `subjects:${decisionId}`, ...subjects(decisionId), first: 100, consistentRead: true }, subjectFromItem);
  return page.items;
}

/** The key of a subject at a position (for cursors of the subjects a decision item carries). */
export const subjectKey = (decisionId: string, position: number) => meetingKeys.subject(decisionId, position);
