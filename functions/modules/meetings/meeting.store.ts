/**
 * Meetings in DynamoDB — with the module's other stores (attendance,
 * decisions, action items, minutes, the meeting page), the only code of
 * this module that knows items, conditions and transactions. Every
 * transition is a conditional write; transaction items carry names, and a
 * failed condition comes back as the name of the item whose condition
 * failed (an outcome, not an exception).
 */
import type { Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { transactWrite, type NamedItem, type TransactItem, type TransactOutcome } from '../../core/dynamodb/transact';
import { linkEntity, linkItem, meetingEntity, meetingItem } from './meeting.items';
import { meetingKeys } from './meeting.keys';
import type { Meeting, MeetingStatus } from './meeting.model';

export type { NamedItem };

/** The store's transactions: named items, a failed condition comes back as its item's name. */
export function transact(items: readonly NamedItem[]): Promise<TransactOutcome> {
  return transactWrite(items);
}

// ---------------------------------------------------------------- conditions

/** A Put of an item, with its condition if any (the module's stores build their transactions from these). */
export const put = (item: Item, condition?: string, values?: Record<string, unknown>, names?: Record<string, string>): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: item,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(values ? { ExpressionAttributeValues: values } : {}),
    ...(names ? { ExpressionAttributeNames: names } : {}),
  },
});

/** The status attribute's name in conditions (`status` is a reserved word). */
export const STATUS = { '#status': 'status' };

/** The meeting item replaced at `expectedVersion` while its status is one of `from`. */
export function meetingPut(next: Meeting, expectedVersion: number, from: readonly MeetingStatus[]): NamedItem {
  const values: Record<string, unknown> = { ':version': expectedVersion };
  from.forEach((status, i) => (values[`:from${i}`] = status));
  return {
    name: 'meeting',
    item: put(meetingItem(next), `version = :version AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`, values, STATUS),
  };
}

/** A check that the meeting is in one of `statuses` (for writes of its children). */
export function meetingInStatus(meetingId: string, statuses: readonly MeetingStatus[]): NamedItem {
  const values: Record<string, unknown> = {};
  statuses.forEach((status, i) => (values[`:s${i}`] = status));
  return {
    name: 'meetingStatus',
    item: {
      ConditionCheck: {
        TableName: tableName(),
        Key: meetingKeys.meeting(meetingId),
        ConditionExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: STATUS,
        ExpressionAttributeValues: values,
      },
    },
  };
}

// ---------------------------------------------------------------- meetings

export type CreateOutcome =
  { readonly kind: 'created' } | { readonly kind: 'numberTaken' } | { readonly kind: 'replayed'; readonly resultId: string; readonly requestDigest: string };

/** Creates a meeting with its number guard, its consultation links and its idempotency guard, all or nothing. */
export async function createMeeting(m: Meeting, guard: { key: ItemKey; requestDigest: string }, now: Date): Promise<CreateOutcome> {
  const outcome = await transact([
    // The idempotency guard first: a retry is reported as one even when its number is now taken (by itself).
    { name: 'idempotency', item: idempotencyGuardPut(guard.key, m.id, guard.requestDigest, now) },
    { name: 'meeting', item: put(meetingItem(m), 'attribute_not_exists(PK)') },
    {
      name: 'number',
      item: put({ ...meetingKeys.numberGuard(m.year, m.kind, m.number), entity: 'MeetingNumberGuard', meetingId: m.id }, 'attribute_not_exists(PK)'),
    },
    ...m.consultationIds.map((consultationId) => ({
      name: `link:${consultationId}`,
      item: put(linkItem({ meetingId: m.id, consultationId }, m)),
    })),
  ]);
  if (outcome.ok) return { kind: 'created' };
  if (outcome.failed === 'number') return { kind: 'numberTaken' };
  if (outcome.failed === 'idempotency') {
    const earlier = await findIdempotentResult(guard.key);
    if (earlier) return { kind: 'replayed', ...earlier };
  }
  throw new Error(`Meeting ${m.id} could not be stored (${outcome.failed})`);
}

/** Replaces the meeting at `expectedVersion` while its status is one of `from`; 'stale' otherwise. */
export async function saveMeeting(next: Meeting, expectedVersion: number, from: readonly MeetingStatus[]): Promise<'saved' | 'stale'> {
  const outcome = await transact([meetingPut(next, expectedVersion, from)]);
  return outcome.ok ? 'saved' : 'stale';
}

export function getMeetings(ids: readonly string[]): Promise<(Meeting | undefined)[]> {
  return meetingEntity.getMany(ids.map((id) => meetingKeys.meeting(id)));
}

export function getMeetingConsistent(id: string): Promise<Meeting | undefined> {
  return meetingEntity.getConsistent(meetingKeys.meeting(id));
}

export interface MeetingListRequest {
  readonly year?: number | undefined;
  readonly status?: MeetingStatus | undefined;
  readonly includeInternal: boolean;
  readonly first: number;
  readonly after?: string | null | undefined;
}

/** Meetings by start; the public's lists hold only meetings whose agenda was adopted. */
export function listMeetings(request: MeetingListRequest): Promise<Page<Meeting>> {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (!request.includeInternal) {
    parts.push('visibleToPublic = :yes');
    values[':yes'] = true;
  }
  if (request.status) {
    parts.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = request.status;
  }
  const options = {
    scope: `meetings:${request.year ?? '*'}:${request.status ?? '*'}:${request.includeInternal ? 'i' : ''}`,
    ...(parts.length ? { filter: { expression: parts.join(' AND '), names, values } } : {}),
    first: request.first,
    after: request.after,
  };
  return request.year !== undefined ? meetingEntity.query.ofYear({ year: request.year }, options) : meetingEntity.query.all({}, options);
}

/** Ids of the meetings that process a consultation, by start (a consultation has a few). */
export async function meetingIdsOfConsultation(consultationId: string): Promise<string[]> {
  const page = await linkEntity.query.ofConsultation({ consultationId }, { scope: `meetings-of:${consultationId}`, first: 100 });
  return page.items.map((link) => link.meetingId);
}
