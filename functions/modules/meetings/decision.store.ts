/**
 * Decisions and their typed subjects in DynamoDB: a decision item in its
 * meeting's item collection (carrying its first subjects), the subjects in
 * a partition of their own. Recording numbers the decision after the
 * meeting's count, in one transaction with an idempotency guard.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { changeKeys, type ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import type { NamedItem } from '../../core/dynamodb/transact';
import { meetingKeys } from './meeting.keys';
import { childIdParts, type Decision, type DecisionSubject } from './meeting.model';
import { STATUS, getMeetingConsistent, put, transact } from './meeting.store';

export const DECISION = 'Decision';
const SUBJECT = 'DecisionSubject';

function decisionKey(id: string): ItemKey | undefined {
  const parts = childIdParts(id);
  return parts ? meetingKeys.decision(parts.meetingId, parts.localId) : undefined;
}

function decisionItem(d: Decision): Item {
  const parts = childIdParts(d.id);
  if (!parts) throw new Error(`Malformed decision id ${d.id}`);
  return { ...meetingKeys.decision(parts.meetingId, parts.localId), entity: DECISION, ...changeKeys(DECISION, d.updatedAt, d.id), ...d };
}
export function decisionFromItem(item: Item): Decision {
  return {
    id: item.id as string,
    meetingId: item.meetingId as string,
    number: item.number as number,
    agendaItemId: item.agendaItemId as string | undefined,
    text: item.text as string,
    method: item.method as Decision['method'],
    objections: (item.objections as string[] | undefined) ?? [],
    state: item.state as Decision['state'],
    decidedAt: item.decidedAt as string | undefined,
    subjectCount: item.subjectCount as number,
    firstSubjects: (item.firstSubjects as DecisionSubject[] | undefined) ?? [],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function subjectFromItem(item: Item): DecisionSubject {
  const { kind } = item as { kind: DecisionSubject['kind'] };
  switch (kind) {
    case 'CONTRIBUTION':
      return { kind, contributionId: item.contributionId as string, disposition: item.disposition as never, response: item.response as string };
    case 'MINUTES':
      return { kind, meetingId: item.meetingId as string, effect: item.effect as never };
    case 'ISSUE':
      return { kind, issueId: item.issueId as string, reason: item.reason as string };
    case 'THEME':
      return { kind, themeId: item.themeId as string };
    case 'PROPOSAL':
      return {
        kind,
        proposalId: item.proposalId as string,
        outcome: item.outcome as never,
        conditions: item.conditions as string[] | undefined,
        deadline: item.deadline as string | undefined,
        mergedInto: item.mergedInto as string | undefined,
        reason: item.reason as string | undefined,
      };
    default:
      throw new Error(`Unknown subject kind ${String(kind)}`);
  }
}

export async function getDecisions(ids: readonly string[]): Promise<(Decision | undefined)[]> {
  const keys = ids.map(decisionKey);
  const valid = keys.filter((key): key is ItemKey => key !== undefined);
  const items = valid.length ? await batchGetItems(valid) : [];
  let next = 0;
  return keys.map((key) => {
    if (!key) return undefined;
    const item = items[next++];
    return item?.entity === DECISION ? decisionFromItem(item) : undefined;
  });
}

export async function getDecisionConsistent(id: string): Promise<Decision | undefined> {
  const key = decisionKey(id);
  const item = key ? await getItemConsistent(key) : undefined;
  return item?.entity === DECISION ? decisionFromItem(item) : undefined;
}

function subjectItem(decisionId: string, position: number, subject: DecisionSubject): Item {
  return { ...meetingKeys.subject(decisionId, position), entity: SUBJECT, decisionId, position, ...subject };
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
    { name: 'decision', item: put(decisionItem(decision), 'attribute_not_exists(PK)') },
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
    item: put(decisionItem(next), 'version = :version AND #state = :proposed', { ':version': expectedVersion, ':proposed': 'PROPOSED' }, { '#state': 'state' }),
  };
}

/** A page of a decision's subjects, in order. */
export function listSubjects(decisionId: string, first: number, after?: string | null): Promise<Page<DecisionSubject>> {
  return queryPage({ scope: `subjects:${decisionId}`, pk: meetingKeys.subjectsPartition(decisionId), sk: { beginsWith: 'S#' }, first, after }, subjectFromItem);
}

/** Every subject of a decision (at most MAX_SUBJECTS), for adoption. */
export async function allSubjects(decisionId: string): Promise<DecisionSubject[]> {
  const page = await queryPage(
    { scope: `subjects:${decisionId}`, pk: meetingKeys.subjectsPartition(decisionId), sk: { beginsWith: 'S#' }, first: 100, consistentRead: true },
    subjectFromItem,
  );
  return page.items;
}

/** The key of a subject at a position (for cursors of the subjects a decision item carries). */
export const subjectKey = (decisionId: string, position: number) => meetingKeys.subject(decisionId, position);
