/**
 * The consultations store: consultation items, their conditional writes, the
 * lists by closing date, and the consultation's and the year's counter shards
 * as read, summed (they are written by the contribution stores' transactions).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { readShardedCounts } from '../../core/dynamodb/counters';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { consultationKeys, COUNTER_SHARDS } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import {
  CLOCKED_STATUSES,
  CONSULTATION_STATUSES,
  DATE_CHANGE_KINDS,
  type Consultation,
  type DateChange,
  type Question,
  type Synthesis,
  type ConsultationCounter,
  type ConsultationCounts,
  type ConsultationStatus,
} from './consultation.model';
import { needsWindow, windowCopies } from './consultation-window.store';

const CONSULTATION = 'Consultation';

const byClose = (c: Pick<Consultation, 'closesAt' | 'id'>) => consultationKeys.byClosingDate(c.closesAt, c.id);

/** A consultation's item (`#META` in its partition); its stored status is the item's `status`. */
export const consultationEntity = defineEntity<Consultation>()({
  name: CONSULTATION,
  attributes: {
    id: attr.string,
    year: attr.number,
    sequence: attr.number,
    title: attr.string,
    summary: attr.string,
    body: attr.string,
    language: attr.string,
    questions: attr.orElse(attr.list(attr.object<Question>({ id: attr.string, text: attr.string })), []),
    opensAt: attr.string,
    closesAt: attr.string,
    storedStatus: attr.storedAs('status', attr.oneOf(CONSULTATION_STATUSES)),
    synthesis: attr.optional(
      attr.object<Synthesis>({ body: attr.string, publishedAt: attr.string, publishedBy: attr.string, referenceIds: attr.orElse(attr.list(attr.string), []) }),
    ),
    dateChanges: attr.optional(
      attr.list(
        attr.object<DateChange>({
          kind: attr.oneOf(DATE_CHANGE_KINDS),
          at: attr.string,
          changedBy: attr.string,
          reason: attr.string,
          previousClosesAt: attr.string,
          closesAt: attr.string,
        }),
      ),
    ),
    cancelledFrom: attr.optional(attr.oneOf(CONSULTATION_STATUSES)),
    createdAt: attr.string,
    updatedAt: attr.string,
    version: attr.number,
  },
  key: (c) => consultationKeys.item(c.id),
  changes: (c) => [c.updatedAt, c.id],
  patterns: {
    /** Every consultation, by closing date. */
    all: { index: 'gsi3', pk: () => consultationKeys.all(), sk: byClose },
    /** The consultations of a year, by closing date. */
    ofYear: { index: 'gsi4', pk: (p: Pick<Consultation, 'year'>) => consultationKeys.byYear(p.year), sk: byClose },
  },
});

export const consultationItem = (c: Consultation): Item => consultationEntity.item(c);

/** A consultation item parsed (refused if malformed). */
export const consultationFromItem = (item: Item): Consultation => consultationEntity.parse(item);

/** Creates a draft (or, for the seed and tests, a scheduled consultation with its window) and claims its slot (year, sequence) in the consultation year, in one transaction. */
export async function createConsultation(c: Consultation): Promise<'created' | 'sequenceTaken'> {
  const table = tableName();
  const outcome = await transactWrite([
    named('consultation', { Put: { TableName: table, Item: consultationItem(c), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('sequenceSlot', {
      Put: {
        TableName: table,
        Item: { ...consultationKeys.sequenceGuard(c.year, c.sequence), entity: 'SequenceGuard', consultationId: c.id },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
    // A draft never opens: its counter shards get the window when it is scheduled.
    ...(needsWindow(c) ? windowCopies(c) : []),
  ]);
  if (outcome.ok) return 'created';
  if (outcome.failed === 'sequenceSlot') return 'sequenceTaken';
  throw new Error(`Consultation id ${c.id} is taken`);
}

/** The conditions under which the consultation item may be replaced. */
export type ConsultationWrite =
  /** Editing: a draft, or a scheduled consultation that has not opened yet. */
  | { readonly kind: 'edit'; readonly now: Date }
  /** Scheduling a draft. */
  | { readonly kind: 'schedule' }
  /** Publishing the synthesis of a closed consultation. */
  | { readonly kind: 'publish'; readonly now: Date }
  /** Persisting the status the clock implies (the scheduled job). */
  | { readonly kind: 'persistStatus'; readonly from: ConsultationStatus };

/**
 * Replaces the consultation if it is still at `expectedVersion` and the write's condition holds; false otherwise.
 * `mail`: the outbox items the change causes, written in the same transaction.
 */
export async function saveConsultation(
  next: Consultation,
  expectedVersion: number,
  write: ConsultationWrite,
  mail: readonly TransactItem[] = [],
): Promise<boolean> {
  const values: Record<string, unknown> = { ':version': expectedVersion };
  let condition: string;
  switch (write.kind) {
    case 'edit':
      condition = '(#status = :draft OR (#status IN (:s0, :s1, :s2) AND opensAt > :now))';
      Object.assign(values, { ':draft': 'DRAFT', ':now': write.now.toISOString(), ...clockedValues() });
      break;
    case 'schedule':
      condition = '#status = :draft';
      values[':draft'] = 'DRAFT';
      break;
    case 'publish':
      condition = '#status IN (:s0, :s1, :s2) AND closesAt <= :now';
      Object.assign(values, { ':now': write.now.toISOString(), ...clockedValues() });
      break;
    case 'persistStatus':
      condition = '#status = :from';
      values[':from'] = write.from;
      break;
  }
  const put = {
    TableName: tableName(),
    Item: consultationItem(next),
    ConditionExpression: `attribute_exists(PK) AND version = :version AND ${condition}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
  };
  // Scheduling and editing may move the window: its copies on the counter shards move in the same transaction.
  // (Persisting the clock's status keeps it clocked; a synthesis is published after the close: neither moves it.)
  const window = (write.kind === 'edit' || write.kind === 'schedule') && needsWindow(next) ? windowCopies(next) : [];
  if (mail.length || window.length) {
    const outcome = await transactWrite([named('consultation', { Put: put }), ...window, ...mail.map((item) => named('mail', item))]);
    if (outcome.ok) return true;
    if (outcome.failed === 'consultation') return false;
    // A new mail event's key already taken (new ids never collide): nothing was written.
    throw new Error(`The outbox refused a new mail event of consultation ${next.id}`);
  }
  try {
    await documentClient().send(new PutCommand(put));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

export function clockedValues(): Record<string, string> {
  return Object.fromEntries(CLOCKED_STATUSES.map((status, i) => [`:s${i}`, status]));
}

export async function getConsultations(ids: readonly string[]): Promise<(Consultation | undefined)[]> {
  return consultationEntity.getMany(ids.map((id) => consultationKeys.item(id)));
}

/** A consultation read consistently (before a write that depends on it). */
export async function getConsultationConsistent(id: string): Promise<Consultation | undefined> {
  return consultationEntity.getConsistent(consultationKeys.item(id));
}

/** A consultation's counters: its shards in one BatchGetItem, summed. */
export async function getCountsOf(id: string, consistent = false): Promise<ConsultationCounts> {
  return readShardedCounts<ConsultationCounter>(await batchGetItems(consultationKeys.countsShards(id), consistent));
}

/** A consultation's counters read consistently (before a write that depends on them). */
export function getCountsConsistent(id: string): Promise<ConsultationCounts> {
  return getCountsOf(id, true);
}

/** The counters of several consultations: their shards in one BatchGetItem per 100 keys, summed per consultation. */
export async function getCounts(ids: readonly string[]): Promise<ConsultationCounts[]> {
  const items = await batchGetItems(ids.flatMap((id) => consultationKeys.countsShards(id)));
  return ids.map((_, i) => readShardedCounts<ConsultationCounter>(items.slice(i * COUNTER_SHARDS, (i + 1) * COUNTER_SHARDS)));
}

/** The counters of several years (their shards: one BatchGetItem per 100 keys). */
export async function getYearCountsMany(years: readonly number[]): Promise<ConsultationCounts[]> {
  const items = await batchGetItems(years.flatMap((year) => consultationKeys.yearCountsShards(year)));
  return years.map((_, i) => readShardedCounts<ConsultationCounter>(items.slice(i * COUNTER_SHARDS, (i + 1) * COUNTER_SHARDS)));
}

export interface ConsultationListRequest {
  readonly year?: number | undefined;
  readonly status?: ConsultationStatus | undefined;
  readonly includeDrafts: boolean;
  readonly now: Date;
  readonly first: number;
  readonly after?: string | null | undefined;
}

/** Consultations ordered by closing date; the status filter is the status the clock implies at `now`. */
export async function listConsultations(request: ConsultationListRequest): Promise<Page<Consultation>> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {};
  const parts: string[] = [];
  const now = request.now.toISOString();
  if (!request.includeDrafts) {
    // Drafts, and drafts that were cancelled, are the secretariat's only.
    parts.push('#status <> :draft AND NOT (#status = :cancelled AND cancelledFrom = :draft)');
    values[':draft'] = 'DRAFT';
    values[':cancelled'] = 'CANCELLED';
  }
  switch (request.status) {
    case undefined:
      break;
    case 'DRAFT':
    case 'SYNTHESIS_PUBLISHED':
    case 'CANCELLED':
      parts.push('#status = :wanted');
      values[':wanted'] = request.status;
      break;
    case 'SCHEDULED':
      parts.push('#status IN (:s0, :s1, :s2) AND opensAt > :now');
      break;
    case 'OPEN':
      parts.push('#status IN (:s0, :s1, :s2) AND opensAt <= :now AND closesAt > :now');
      break;
    case 'CLOSED':
      parts.push('#status IN (:s0, :s1, :s2) AND closesAt <= :now');
      break;
  }
  if (request.status === 'SCHEDULED' || request.status === 'OPEN' || request.status === 'CLOSED') {
    Object.assign(values, { ':now': now, ...clockedValues() });
  }
  const page = {
    scope: `consultations:${request.year ?? '*'}:${request.status ?? '*'}:${request.includeDrafts ? 'd' : ''}`,
    ...(parts.length ? { filter: { expression: parts.join(' AND '), names, values } } : {}),
    first: request.first,
    after: request.after,
  };
  return request.year !== undefined ? consultationEntity.query.ofYear({ year: request.year }, page) : consultationEntity.query.all({}, page);
}

/** Consultations whose stored status lags the clock (for the scheduled job). */
export function consultationsDueForTransition(now: Date): Promise<Consultation[]> {
  return consultationEntity.queryAll.all(
    {},
    {
      filter: {
        expression: '(#status = :scheduled AND opensAt <= :now) OR (#status IN (:scheduled, :open) AND closesAt <= :now)',
        names: { '#status': 'status' },
        values: { ':scheduled': 'SCHEDULED', ':open': 'OPEN', ':now': now.toISOString() },
      },
    },
  );
}

/** The consultation and its counter shards in ONE BatchGetItem. */
export async function getConsultationWithCounts(consultationId: string): Promise<{ consultation: Consultation | undefined; counts: ConsultationCounts }> {
  const [meta, ...shards] = await batchGetItems([consultationKeys.item(consultationId), ...consultationKeys.countsShards(consultationId)]);
  return {
    consultation: consultationEntity.from(meta),
    counts: readShardedCounts<ConsultationCounter>(shards),
  };
}

/** The store as the consultations service receives it (its unit tests give it an in-memory one). */
export const consultationStore = {
  getConsultations,
  getCounts,
  getConsultationWithCounts,
  getConsultationConsistent,
  getCountsConsistent,
  listConsultations,
  getYearCountsMany,
  createConsultation,
  saveConsultation,
};
