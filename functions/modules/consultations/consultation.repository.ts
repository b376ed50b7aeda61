/**
 * Consultations and contributions in DynamoDB — the only code of this module
 * that knows items, conditions and transactions. Every state transition is a
 * conditional write; every counted write carries its counter updates (the
 * consultation's and the year's) in the same transaction.
 */
import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { encodeCursor } from '../../core/cursor';
import { ServiceUnavailableError } from '../../core/errors';
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts } from '../../core/dynamodb/counters';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { changeKeys, consultationKeys, type ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import {
  CLOCKED_STATUSES,
  addInto,
  contributionIdParts,
  contributionIncrements,
  contributorIncrements,
  dispositionIncrements,
  type Answer,
  type Consultation,
  type ConsultationStatus,
  type Contribution,
  type ContributionRevision,
  type Disposition,
} from './consultation.model';

const CONSULTATION = 'Consultation';
const CONTRIBUTION = 'Contribution';
const REVISION = 'ContributionRevision';
const MARKER = 'ContributorMarker';
const COUNTS = 'ConsultationCounts';

// ---------------------------------------------------------------- consultations

function consultationItem(c: Consultation): Item {
  const byClose = consultationKeys.byClosingDate(c.closesAt, c.id);
  const { storedStatus, ...rest } = c;
  return {
    ...consultationKeys.item(c.id),
    entity: CONSULTATION,
    GSI3PK: consultationKeys.all(),
    GSI3SK: byClose,
    GSI4PK: consultationKeys.byYear(c.year),
    GSI4SK: byClose,
    ...changeKeys(CONSULTATION, c.updatedAt, c.id),
    ...rest,
    status: storedStatus,
  };
}

export function consultationFromItem(item: Item): Consultation {
  return {
    id: item.id as string,
    year: item.year as number,
    sequence: item.sequence as number,
    title: item.title as string,
    summary: item.summary as string,
    body: item.body as string,
    language: item.language as string,
    questions: (item.questions as Consultation['questions'] | undefined) ?? [],
    opensAt: item.opensAt as string,
    closesAt: item.closesAt as string,
    storedStatus: item.status as ConsultationStatus,
    synthesis: item.synthesis as Consultation['synthesis'],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

/** Creates a draft and claims its cycle slot (year, sequence) in one transaction. */
export async function createConsultation(c: Consultation): Promise<'created' | 'cycleTaken'> {
  const table = tableName();
  const outcome = await transactWrite([
    named('consultation', { Put: { TableName: table, Item: consultationItem(c), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('cycleSlot', {
      Put: {
        TableName: table,
        Item: { ...consultationKeys.cycleGuard(c.year, c.sequence), entity: 'CycleGuard', consultationId: c.id },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
  ]);
  if (outcome.ok) return 'created';
  if (outcome.failed === 'cycleSlot') return 'cycleTaken';
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

/** Replaces the consultation if it is still at `expectedVersion` and the write's condition holds; false otherwise. */
export async function saveConsultation(next: Consultation, expectedVersion: number, write: ConsultationWrite): Promise<boolean> {
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
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: consultationItem(next),
        ConditionExpression: `attribute_exists(PK) AND version = :version AND ${condition}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

function clockedValues(): Record<string, string> {
  return Object.fromEntries(CLOCKED_STATUSES.map((status, i) => [`:s${i}`, status]));
}

export async function getConsultations(ids: readonly string[]): Promise<(Consultation | undefined)[]> {
  const items = await batchGetItems(ids.map((id) => consultationKeys.item(id)));
  return items.map((item) => (item?.entity === CONSULTATION ? consultationFromItem(item) : undefined));
}

/** A consultation read consistently (before a write that depends on it). */
export async function getConsultationConsistent(id: string): Promise<Consultation | undefined> {
  const Item = await getItemConsistent(consultationKeys.item(id));
  return Item?.entity === CONSULTATION ? consultationFromItem(Item) : undefined;
}

export async function getCounts(ids: readonly string[]): Promise<Record<string, number>[]> {
  const items = await batchGetItems(ids.map((id) => consultationKeys.counts(id)));
  return items.map((item) => readCounts(item));
}

/** A consultation's counters read consistently (before a write that depends on them). */
export async function getCountsConsistent(id: string): Promise<Record<string, number>> {
  return readCounts(await getItemConsistent(consultationKeys.counts(id)));
}

/** The counters of several years (one BatchGetItem per 100 years). */
export async function getYearCountsMany(years: readonly number[]): Promise<Record<string, number>[]> {
  const items = await batchGetItems(years.map((year) => consultationKeys.yearCounts(year)));
  return items.map((item) => readCounts(item));
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
    parts.push('#status <> :draft');
    values[':draft'] = 'DRAFT';
  }
  switch (request.status) {
    case undefined:
      break;
    case 'DRAFT':
    case 'SYNTHESIS_PUBLISHED':
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
  const byYear = request.year !== undefined;
  return queryPage(
    {
      scope: `consultations:${request.year ?? '*'}:${request.status ?? '*'}:${request.includeDrafts ? 'd' : ''}`,
      index: byYear ? 'gsi4' : 'gsi3',
      pk: byYear ? consultationKeys.byYear(request.year as number) : consultationKeys.all(),
      ...(parts.length ? { filter: { expression: parts.join(' AND '), names, values } } : {}),
      first: request.first,
      after: request.after,
    },
    consultationFromItem,
  );
}

/** Consultations whose stored status lags the clock (for the scheduled job). */
export async function consultationsDueForTransition(now: Date): Promise<Consultation[]> {
  const due: Consultation[] = [];
  let after: string | null = null;
  do {
    const page: Page<Consultation> = await queryPage(
      {
        scope: 'consultations-due',
        index: 'gsi3',
        pk: consultationKeys.all(),
        filter: {
          expression: '(#status = :scheduled AND opensAt <= :now) OR (#status IN (:scheduled, :open) AND closesAt <= :now)',
          names: { '#status': 'status' },
          values: { ':scheduled': 'SCHEDULED', ':open': 'OPEN', ':now': now.toISOString() },
        },
        first: 100,
        after,
      },
      consultationFromItem,
    );
    due.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return due;
}

// ---------------------------------------------------------------- contributions

function contributionItem(c: Contribution): Item {
  const parts = contributionIdParts(c.id);
  if (!parts) throw new Error(`Malformed contribution id ${c.id}`);
  const byTime = consultationKeys.byTime(c.createdAt, c.id);
  return {
    ...consultationKeys.contribution(parts.consultationId, parts.localId),
    entity: CONTRIBUTION,
    GSI1PK: consultationKeys.byAuthor(c.authorId),
    GSI1SK: byTime,
    ...(c.parentId ? { GSI2PK: consultationKeys.replies(c.parentId), GSI2SK: byTime } : {}),
    ...changeKeys(CONTRIBUTION, c.updatedAt, c.id),
    ...c,
  };
}

export function contributionFromItem(item: Item): Contribution {
  return {
    id: item.id as string,
    consultationId: item.consultationId as string,
    year: item.year as number,
    closesAt: item.closesAt as string,
    authorId: item.authorId as string,
    capacity: item.capacity as Contribution['capacity'],
    organisationId: item.organisationId as string | undefined,
    contributorId: item.contributorId as string,
    group: item.group as Contribution['group'],
    region: item.region as Contribution['region'],
    questionId: item.questionId as string | undefined,
    parentId: item.parentId as string | undefined,
    status: item.status as Contribution['status'],
    body: (item.body as string | undefined) ?? null,
    language: item.language as string,
    receipt: item.receipt as Contribution['receipt'],
    firstReceipt: item.firstReceipt as Contribution['firstReceipt'],
    revision: item.revision as number,
    answer: item.answer as Answer | undefined,
    processedBy: item.processedBy as string[] | undefined,
    firstProcessedAt: item.firstProcessedAt as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

function contributionKey(id: string): ItemKey | undefined {
  const parts = contributionIdParts(id);
  return parts ? consultationKeys.contribution(parts.consultationId, parts.localId) : undefined;
}

/** A contribution read consistently (after a refused write, to say what it is now). */
export async function getContributionConsistent(id: string): Promise<Contribution | undefined> {
  const key = contributionKey(id);
  const item = key ? await getItemConsistent(key) : undefined;
  return item?.entity === CONTRIBUTION ? contributionFromItem(item) : undefined;
}

export async function getContributions(ids: readonly string[]): Promise<(Contribution | undefined)[]> {
  const keys = ids.map(contributionKey);
  const valid = keys.filter((key): key is ItemKey => key !== undefined);
  const items = valid.length ? await batchGetItems(valid) : [];
  let next = 0;
  return keys.map((key) => {
    if (!key) return undefined;
    const item = items[next++];
    return item?.entity === CONTRIBUTION ? contributionFromItem(item) : undefined;
  });
}

export interface ContributionFilter {
  readonly questionId?: string | undefined;
  readonly group?: string | undefined;
  readonly region?: string | undefined;
  readonly disposition?: Disposition | undefined;
}

function filterExpression(filter: ContributionFilter): { expression: string; names: Record<string, string>; values: Record<string, unknown> } | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  // Attributes compared for equality, in a fixed order so the expression is the same for the same filter.
  for (const name of ['questionId', 'group', 'region'] as const) {
    const value = filter[name];
    if (!value) continue;
    parts.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
  if (filter.disposition) {
    parts.push('#answer.#disposition = :disposition');
    names['#answer'] = 'answer';
    names['#disposition'] = 'disposition';
    values[':disposition'] = filter.disposition;
  }
  return parts.length ? { expression: parts.join(' AND '), names, values } : undefined;
}

/** A list of contributions is one consultation's, with one filter: a cursor of another consultation or filter is refused. */
const contributionsScope = (consultationId: string, filter: ContributionFilter) =>
  `contributions:${consultationId}:${JSON.stringify([filter.questionId ?? null, filter.group ?? null, filter.region ?? null, filter.disposition ?? null])}`;

/** A page of a consultation's contributions, oldest first. */
export function listContributions(consultationId: string, filter: ContributionFilter, first: number, after?: string | null): Promise<Page<Contribution>> {
  const expression = filterExpression(filter);
  return queryPage(
    {
      scope: contributionsScope(consultationId, filter),
      pk: consultationKeys.partition(consultationId),
      sk: { between: [consultationKeys.contributionFirst, consultationKeys.contributionEnd] },
      ...(expression ? { filter: expression } : {}),
      first,
      after,
    },
    contributionFromItem,
  );
}

/**
 * The consultation, its counters and the first page of its contributions in
 * ONE Query of its item collection (`#COUNTS`, `#META` and `C#…` sort in that
 * order; the filter never drops the first two). Cursors are those of
 * `listContributions`, so the next page continues from there.
 */
export async function getConsultationWithContributions(
  consultationId: string,
  filter: ContributionFilter,
  first: number,
): Promise<{ consultation: Consultation | undefined; counts: Record<string, number>; page: Page<Contribution> }> {
  const expression = filterExpression(filter);
  const names: Record<string, string> = { '#pk': 'PK', '#sk': 'SK', ...expression?.names };
  const values: Record<string, unknown> = { ':pk': consultationKeys.partition(consultationId), ':end': consultationKeys.contributionEnd, ...expression?.values };
  if (expression) {
    names['#entity'] = 'entity';
    values[':contribution'] = CONTRIBUTION;
  }
  let consultation: Consultation | undefined;
  let counts: Record<string, number> = {};
  const found: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  do {
    const input: QueryCommandInput = {
      TableName: tableName(),
      KeyConditionExpression: '#pk = :pk AND #sk < :end',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(expression ? { FilterExpression: `#entity <> :contribution OR (${expression.expression})` } : {}),
      // The two leading items, the page, and one more to know whether another page follows.
      Limit: expression ? 200 : Math.max(1, first + 3 - read),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await documentClient().send(new QueryCommand(input));
    read += result.Items?.length ?? 0;
    for (const item of (result.Items ?? []) as Item[]) {
      if (item.SK === consultationKeys.metaSk) consultation = consultationFromItem(item);
      else if (item.SK === consultationKeys.countsSk) counts = readCounts(item);
      else if (item.entity === CONTRIBUTION) found.push(item);
    }
    startKey = result.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (startKey && found.length < first + 1);
  const pageItems = found.slice(0, first);
  const cursors = pageItems.map((item) => encodeCursor(contributionsScope(consultationId, filter), { PK: item.PK, SK: item.SK }));
  return {
    consultation,
    counts,
    page: { items: pageItems.map(contributionFromItem), cursors, hasNextPage: found.length > first, endCursor: cursors.at(-1) ?? null },
  };
}

/** The consultation and its counters in ONE Query (`#COUNTS` and `#META` are the first two items of its collection). */
export async function getConsultationWithCounts(consultationId: string): Promise<{ consultation: Consultation | undefined; counts: Record<string, number> }> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :counts AND :meta',
      ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
      ExpressionAttributeValues: { ':pk': consultationKeys.partition(consultationId), ':counts': consultationKeys.countsSk, ':meta': consultationKeys.metaSk },
    }),
  );
  const meta = Items.find((item) => item.SK === consultationKeys.metaSk);
  return {
    consultation: meta?.entity === CONSULTATION ? consultationFromItem(meta) : undefined,
    counts: readCounts(Items.find((item) => item.SK === consultationKeys.countsSk)),
  };
}

export function listReplies(parentId: string, first: number, after?: string | null): Promise<Page<Contribution>> {
  return queryPage({ scope: `replies:${parentId}`, index: 'gsi2', pk: consultationKeys.replies(parentId), first, after }, contributionFromItem);
}

/** A stakeholder's contributions, newest first. */
export function listByAuthor(stakeholderId: string, first: number, after?: string | null): Promise<Page<Contribution>> {
  return queryPage(
    { scope: `contributions-by:${stakeholderId}`, index: 'gsi1', pk: consultationKeys.byAuthor(stakeholderId), first, after, forward: false },
    contributionFromItem,
  );
}

function revisionItem(r: ContributionRevision): Item {
  return { ...consultationKeys.revision(r.contributionId, r.revision), entity: REVISION, ...r };
}

export function listRevisions(contributionId: string, first: number, after?: string | null): Promise<Page<ContributionRevision>> {
  return queryPage(
    {
      scope: `revisions:${contributionId}`,
      pk: consultationKeys.revisionsPartition(contributionId),
      sk: { beginsWith: consultationKeys.revisionPrefix },
      first,
      after,
    },
    (item) => ({
      contributionId: item.contributionId as string,
      revision: item.revision as number,
      body: item.body as string,
      language: item.language as string,
      receipt: item.receipt as ContributionRevision['receipt'],
    }),
  );
}

// ---------------------------------------------------------------- distinct-contributor markers

/**
 * A marker per (consultation, contributor) and per (year, contributor) holds
 * how many active contributions the contributor has there. Each write that
 * changes it states what it believes the marker holds, as its condition:
 * the distinct-contributor counters move exactly when the marker crosses 0,
 * and a wrong belief (a concurrent write got there first) fails the whole
 * transaction, which is re-planned from a fresh read — so counts never drift.
 */
type MarkerState = 'absent' | 'zero' | 'one' | 'many';

async function readMarker(key: ItemKey): Promise<MarkerState> {
  const Item = await getItemConsistent(key);
  if (!Item) return 'absent';
  const active = Item.active as number;
  return active <= 0 ? 'zero' : active === 1 ? 'one' : 'many';
}

/** The marker write for one more (+1) or one less (−1) active contribution, and the distinct-contributor change it means. */
function markerWrite(key: ItemKey, state: MarkerState, by: 1 | -1, c: Contribution): { item: TransactItem; distinct: 1 | -1 | 0 } {
  const table = tableName();
  if (by === 1 && state === 'absent') {
    return {
      item: {
        Put: {
          TableName: table,
          Item: { ...key, entity: MARKER, contributorId: c.contributorId, group: c.group, region: c.region, active: 1 },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      distinct: 1,
    };
  }
  const condition =
    state === 'absent' ? 'attribute_not_exists(PK)' : state === 'zero' ? 'active = :zero' : state === 'one' ? 'active = :one' : 'active > :one';
  const values: Record<string, number> = { ':by': by };
  if (state === 'zero') values[':zero'] = 0;
  if (state === 'one' || state === 'many') values[':one'] = 1;
  const distinct = by === 1 ? (state === 'zero' ? 1 : 0) : state === 'one' ? -1 : 0;
  return {
    item: { Update: { TableName: table, Key: key, UpdateExpression: 'ADD active :by', ConditionExpression: condition, ExpressionAttributeValues: values } },
    distinct,
  };
}

function countersOf(c: Contribution, consultationIncrements: Record<string, number>, yearIncrements: Record<string, number>): NamedItem<'counters'>[] {
  const table = tableName();
  return [
    named('counters', counterUpdate(table, consultationKeys.counts(c.consultationId), consultationIncrements, { entity: COUNTS, consultationId: c.consultationId })),
    named('counters', counterUpdate(table, consultationKeys.yearCounts(c.year), yearIncrements, { entity: COUNTS, year: c.year })),
  ];
}

function openWindowCheck(consultationId: string, now: Date): NamedItem<'openWindow'> {
  return named('openWindow', {
    ConditionCheck: {
      TableName: tableName(),
      Key: consultationKeys.item(consultationId),
      ConditionExpression: '#status IN (:s0, :s1, :s2) AND opensAt <= :now AND closesAt > :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':now': now.toISOString(), ...clockedValues() },
    },
  });
}

const MAX_REPLANS = 10;

export type SubmitOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'replayed'; readonly resultId: string; readonly requestDigest: string }
  | { readonly kind: 'notOpen' }
  | { readonly kind: 'parentWithdrawn' };

/**
 * Stores a new contribution with its first revision, its idempotency guard,
 * the markers and the counters — all or nothing, and only while the
 * consultation is open at `now`.
 */
export async function submitContribution(
  c: Contribution,
  revision: ContributionRevision,
  guard: { key: ItemKey; requestDigest: string },
  now: Date,
  /** When the contributor has probably contributed before, read the markers first instead of guessing "first time". */
  returning = false,
): Promise<SubmitOutcome> {
  const table = tableName();
  const consultationMarker = consultationKeys.contributor(c.consultationId, c.contributorId);
  const yearMarker = consultationKeys.yearContributor(c.year, c.contributorId);
  // First guess: a first-time contributor (no read needed); a failed guess is re-planned from a read.
  let states: [MarkerState, MarkerState] = returning
    ? await Promise.all([readMarker(consultationMarker), readMarker(yearMarker)])
    : ['absent', 'absent'];
  const parentKey = c.parentId ? contributionKey(c.parentId) : undefined;
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const inConsultation = markerWrite(consultationMarker, states[0], 1, c);
    const inYear = markerWrite(yearMarker, states[1], 1, c);
    const items = [
      named('contribution', { Put: { TableName: table, Item: contributionItem(c), ConditionExpression: 'attribute_not_exists(PK)' } }),
      named('revision', { Put: { TableName: table, Item: revisionItem(revision), ConditionExpression: 'attribute_not_exists(PK)' } }),
      openWindowCheck(c.consultationId, now),
      named('idempotencyGuard', idempotencyGuardPut(guard.key, c.id, guard.requestDigest, now)),
      named('marker', inConsultation.item),
      named('marker', inYear.item),
      ...countersOf(
        c,
        { ...contributionIncrements(c, 1), ...contributorIncrements(c, inConsultation.distinct) },
        { ...contributionIncrements(c, 1), ...contributorIncrements(c, inYear.distinct) },
      ),
      ...(parentKey
        ? [
            named('parentActive', {
              ConditionCheck: {
                TableName: table,
                Key: parentKey,
                ConditionExpression: '#status = :active',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':active': 'ACTIVE' },
              },
            }),
          ]
        : []),
    ];
    const outcome = await transactWrite(items);
    if (outcome.ok) return { kind: 'created' };
    switch (outcome.failed) {
      case 'openWindow':
        return { kind: 'notOpen' };
      case 'idempotencyGuard': {
        const earlier = await findIdempotentResult(guard.key);
        if (earlier) return { kind: 'replayed', ...earlier };
        continue;
      }
      case 'marker':
        states = await Promise.all([readMarker(consultationMarker), readMarker(yearMarker)]);
        continue;
      case 'parentActive':
        return { kind: 'parentWithdrawn' };
      case 'contribution':
      case 'revision':
      case 'counters':
        throw new Error(`Contribution ${c.id} could not be stored (condition of ${outcome.failed})`);
    }
  }
  throw new ServiceUnavailableError('Too many concurrent writes; retry shortly', { retriable: true });
}

export type ChangeOutcome = 'saved' | 'stale' | 'notOpen';

/** Writes the contribution's next state if it is still active at the version the author edited. */
function replaceActiveContribution(next: Contribution, expectedVersion: number): NamedItem<'contribution'> {
  return named('contribution', {
    Put: {
      TableName: tableName(),
      Item: contributionItem(next),
      ConditionExpression: 'version = :version AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':version': expectedVersion, ':active': 'ACTIVE' },
    },
  });
}

/** Saves an edit (new revision) while the consultation is open and the contribution is still at `expectedVersion`. */
export async function editContribution(next: Contribution, revision: ContributionRevision, expectedVersion: number, now: Date): Promise<ChangeOutcome> {
  const table = tableName();
  const outcome = await transactWrite([
    replaceActiveContribution(next, expectedVersion),
    // The revision number follows the version: a revision already there means someone saved this version first.
    named('revision', { Put: { TableName: table, Item: revisionItem(revision), ConditionExpression: 'attribute_not_exists(PK)' } }),
    openWindowCheck(next.consultationId, now),
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'openWindow' ? 'notOpen' : 'stale';
}

/** Withdraws a contribution (body removed, revisions kept) and moves its counts, while the consultation is open. */
export async function withdrawContribution(next: Contribution, expectedVersion: number, now: Date): Promise<ChangeOutcome> {
  const consultationMarker = consultationKeys.contributor(next.consultationId, next.contributorId);
  const yearMarker = consultationKeys.yearContributor(next.year, next.contributorId);
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const states = await Promise.all([readMarker(consultationMarker), readMarker(yearMarker)]);
    const inConsultation = markerWrite(consultationMarker, states[0], -1, next);
    const inYear = markerWrite(yearMarker, states[1], -1, next);
    const moves = { ...contributionIncrements(next, -1), withdrawn: 1 };
    const outcome = await transactWrite([
      replaceActiveContribution(next, expectedVersion),
      openWindowCheck(next.consultationId, now),
      named('marker', inConsultation.item),
      named('marker', inYear.item),
      ...countersOf(next, { ...moves, ...contributorIncrements(next, inConsultation.distinct) }, { ...moves, ...contributorIncrements(next, inYear.distinct) }),
    ]);
    if (outcome.ok) return 'saved';
    if (outcome.failed === 'contribution') return 'stale';
    if (outcome.failed === 'openWindow') return 'notOpen';
    // A marker moved under us: re-plan from a fresh read.
  }
  throw new ServiceUnavailableError('Too many concurrent writes; retry shortly', { retriable: true });
}

/** Room for the two counter items in a transaction of at most 100. */
export const DISPOSITIONS_PER_TRANSACTION = 98;

export type AnswerOutcome = { readonly kind: 'saved' } | { readonly kind: 'stale'; readonly contributionId: string } | { readonly kind: 'notClosed' };

/**
 * Records answers of one consultation's contributions, all or nothing: each
 * contribution must still be at its expected version, active, and its
 * consultation closed at `now` (the contribution carries the frozen closing
 * time). Up to 98 answers are one transaction; a larger set is split, and if
 * a later part fails the earlier parts are undone (conditionally on the
 * versions just written) before the failure is reported.
 */
export async function saveAnswers(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution }[],
  now: Date,
): Promise<AnswerOutcome> {
  const done: { previous: Contribution; next: Contribution }[][] = [];
  for (let start = 0; start < changes.length; start += DISPOSITIONS_PER_TRANSACTION) {
    const chunk = changes.slice(start, start + DISPOSITIONS_PER_TRANSACTION);
    const outcome = await writeAnswerChunk(chunk, now);
    if (outcome.kind !== 'saved') {
      for (const written of done.reverse()) {
        // Undo: back to the previous state, only if nobody changed them since.
        await writeAnswerChunk(
          written.map(({ previous, next }) => ({
            previous: next,
            // The earlier content, as a new version (so readers and the change feed see the undo).
            next: { ...previous, updatedAt: now.toISOString(), version: next.version + 1 },
          })),
          now,
          true,
        );
      }
      return outcome;
    }
    done.push([...chunk]);
  }
  return { kind: 'saved' };
}

async function writeAnswerChunk(chunk: readonly { previous: Contribution; next: Contribution }[], now: Date, undo = false): Promise<AnswerOutcome> {
  const first = chunk[0];
  if (!first) return { kind: 'saved' };
  const table = tableName();
  const increments: Record<string, number> = {};
  for (const { previous, next } of chunk) {
    if (undo) {
      // Reverse of the forward move previous→next (here `previous` is the written state).
      const forward = dispositionIncrements(next.answer, previous.answer?.disposition as Disposition, previous.closesAt, new Date(previous.answer?.answeredAt ?? now));
      addInto(increments, Object.fromEntries(Object.entries(forward).map(([name, by]) => [name, -by])));
    } else {
      addInto(increments, dispositionIncrements(previous.answer, next.answer?.disposition as Disposition, next.closesAt, now));
    }
  }
  const items: NamedItem<'answer' | 'counters'>[] = chunk.map(({ previous, next }) =>
    named(
      'answer',
      {
        Put: {
          TableName: table,
          Item: contributionItem(next),
          ConditionExpression: `version = :version AND #status = :active${undo ? '' : ' AND closesAt <= :now'}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':active': 'ACTIVE', ...(undo ? {} : { ':now': now.toISOString() }) },
        },
      },
      previous.id,
    ),
  );
  items.push(...countersOf(first.next, increments, increments));
  const outcome = await transactWrite(items);
  if (outcome.ok) return { kind: 'saved' };
  const failed = chunk.find(({ previous }) => previous.id === outcome.subject);
  if (outcome.failed !== 'answer' || !failed) throw new Error(`Answers of ${first.next.consultationId} could not be stored (condition of ${outcome.failed})`);
  return failed.previous.closesAt > now.toISOString() ? { kind: 'notClosed' } : { kind: 'stale', contributionId: failed.previous.id };
}

// ---------------------------------------------------------------- writes of adopted decisions

/**
 * The writes that give contributions the disposition an adopted decision
 * decides, for the decision's own transaction: each contribution at the
 * version read, active, its consultation closed; the counter items of each
 * consultation and year moved by the disposition change and, the first time
 * a decision processes a contribution, by the processing increments.
 */
export function decisionAnswerWrites(
  changes: readonly { readonly previous: Contribution; readonly next: Contribution; readonly processing: Record<string, number> }[],
  now: Date,
): NamedItem<'contribution' | 'counters'>[] {
  const table = tableName();
  const byConsultation = new Map<string, { sample: Contribution; increments: Record<string, number> }>();
  const writes: NamedItem<'contribution' | 'counters'>[] = changes.map(({ previous, next, processing }) => {
    const group = byConsultation.get(next.consultationId) ?? { sample: next, increments: {} };
    addInto(group.increments, dispositionIncrements(previous.answer, next.answer?.disposition as Disposition, next.closesAt, now));
    addInto(group.increments, processing);
    byConsultation.set(next.consultationId, group);
    return named(
      'contribution',
      {
        Put: {
          TableName: table,
          Item: contributionItem(next),
          ConditionExpression: 'version = :version AND #status = :active AND closesAt <= :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': previous.version, ':active': 'ACTIVE', ':now': now.toISOString() },
        },
      },
      next.id,
    );
  });
  for (const [consultationId, { sample, increments }] of byConsultation) {
    writes.push(...countersOf(sample, increments, increments).map((counter) => ({ ...counter, subject: consultationId })));
  }
  return writes;
}

// ---------------------------------------------------------------- recount (tests, seed checks)

/** Every contribution of a consultation (paged through); for recounts in tests and the seeder's self-check. */
export async function allContributions(consultationId: string): Promise<Contribution[]> {
  const all: Contribution[] = [];
  let after: string | null = null;
  do {
    const page: Page<Contribution> = await listContributions(consultationId, {}, 100, after);
    all.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return all;
}
