/**
 * The contributions store (items: contribution.items.ts): contributions with their revisions, their lists
 * (by consultation, author, parent), and the writes of submitting, editing
 * and withdrawing — each one transaction with its markers and counters, and
 * only while the consultation is open.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { encodeCursor } from '../../core/cursor';
import { ServiceUnavailableError } from '../../core/errors';
import type { Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { findIdempotentResult, idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { consultationKeys, type ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import {
  contributionIncrements,
  contributorIncrements,
  type Consultation,
  type ConsultationCounts,
  type Contribution,
  type ContributionRevision,
  consultationFromItem,
  getCountsOf,
  openWindowCheck,
  type ContributionFilter,
} from '../consultations';
import { contributionEntity, contributionKey, revisionEntity } from './contribution.items';
import { countersOf, markerWrite, readMarker, type MarkerState } from './participation.store';

/** A contribution read consistently (after a refused write, to say what it is now). */
export async function getContributionConsistent(id: string): Promise<Contribution | undefined> {
  const key = contributionKey(id);
  return key ? contributionEntity.getConsistent(key) : undefined;
}

/** Contributions by id, in the order asked (undefined: none, or an id of another shape). */
export async function getContributions(ids: readonly string[]): Promise<(Contribution | undefined)[]> {
  const keys = ids.map(contributionKey);
  const found = await contributionEntity.getMany(keys.filter((key): key is ItemKey => key !== undefined));
  let next = 0;
  return keys.map((key) => (key ? found[next++] : undefined));
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

/** Every contribution sort key of a consultation's item collection (its markers sort after them). */
const contributionRange = { between: [consultationKeys.contributionFirst, consultationKeys.contributionEnd] } as const;

/** A page of a consultation's contributions, oldest first. */
export function listContributions(consultationId: string, filter: ContributionFilter, first: number, after?: string | null): Promise<Page<Contribution>> {
  const expression = filterExpression(filter);
  return contributionEntity.query.ofConsultation(
    { consultationId },
    { scope: contributionsScope(consultationId, filter), sk: contributionRange, ...(expression ? { filter: expression } : {}), first, after },
  );
}

/**
 * The consultation and the first page of its contributions in ONE Query of
 * its item collection (`#META` sorts before `C#…`; the filter never drops it),
 * and with `withCounts` its counter shards (partitions of their own) in one
 * BatchGetItem sent at the same time. Cursors are those of
 * `listContributions`, so the next page continues from there.
 */
export async function getConsultationWithContributions(
  consultationId: string,
  filter: ContributionFilter,
  first: number,
  withCounts = false,
): Promise<{ consultation: Consultation | undefined; counts: ConsultationCounts | undefined; page: Page<Contribution> }> {
  const counts = withCounts ? getCountsOf(consultationId) : undefined;
  const expression = filterExpression(filter);
  const names: Record<string, string> = { '#pk': 'PK', '#sk': 'SK', ...expression?.names };
  const values: Record<string, unknown> = {
    ':pk': contributionEntity.at.ofConsultation({ consultationId }).pk,
    ':end': consultationKeys.contributionEnd,
    ...expression?.values,
  };
  if (expression) {
    names['#entity'] = 'entity';
    values[':contribution'] = contributionEntity.name;
  }
  let consultation: Consultation | undefined;
  const found: Item[] = [];
  let startKey: Item | undefined;
  let read = 0;
  // Not `queryAll`: the page ends as soon as it is full (plus one to know whether another follows).
  do {
    const input: QueryCommandInput = {
      TableName: tableName(),
      KeyConditionExpression: '#pk = :pk AND #sk < :end',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(expression ? { FilterExpression: `#entity <> :contribution OR (${expression.expression})` } : {}),
      // The leading item, the page, and one more to know whether another page follows.
      Limit: expression ? 200 : Math.max(1, first + 2 - read),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await documentClient().send(new QueryCommand(input));
    read += result.Items?.length ?? 0;
    for (const item of result.Items ?? []) {
      if (item.SK === consultationKeys.metaSk) consultation = consultationFromItem(item);
      else if (item.entity === contributionEntity.name) found.push(item);
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey && found.length < first + 1);
  const pageItems = found.slice(0, first);
  const cursors = pageItems.map((item) => encodeCursor(contributionsScope(consultationId, filter), { PK: item.PK, SK: item.SK }));
  return {
    consultation,
    counts: await counts,
    page: { items: pageItems.map(contributionEntity.parse), cursors, hasNextPage: found.length > first, endCursor: cursors.at(-1) ?? null },
  };
}

/** The replies to a contribution, oldest first. */
export function listReplies(parentId: string, first: number, after?: string | null): Promise<Page<Contribution>> {
  return contributionEntity.query.replies({ id: parentId }, { scope: `replies:${parentId}`, first, after });
}

/** A stakeholder's contributions, newest first. */
export function listByAuthor(stakeholderId: string, first: number, after?: string | null): Promise<Page<Contribution>> {
  return contributionEntity.query.byAuthor({ authorId: stakeholderId }, { scope: `contributions-by:${stakeholderId}`, first, after, forward: false });
}

/** A contribution's revisions, oldest first. */
export function listRevisions(contributionId: string, first: number, after?: string | null): Promise<Page<ContributionRevision>> {
  return revisionEntity.query.ofContribution(
    { contributionId },
    { scope: `revisions:${contributionId}`, sk: { beginsWith: consultationKeys.revisionPrefix }, first, after },
  );
}

const MAX_REPLANS = 10;

/**
 * Whether the contributor has contributed to the consultation before (its marker exists): the submission then
 * reads the markers before its one transaction instead of guessing "first time" and re-planning.
 */
export async function hasContributed(consultationId: string, contributorId: string): Promise<boolean> {
  return (await readMarker(consultationKeys.contributor(consultationId, contributorId))) !== 'absent';
}

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
  let states: [MarkerState, MarkerState] = returning ? await Promise.all([readMarker(consultationMarker), readMarker(yearMarker)]) : ['absent', 'absent'];
  const parentKey = c.parentId ? contributionKey(c.parentId) : undefined;
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const inConsultation = markerWrite(consultationMarker, states[0], 1, c);
    const inYear = markerWrite(yearMarker, states[1], 1, c);
    const items = [
      named('contribution', { Put: { TableName: table, Item: contributionEntity.item(c), ConditionExpression: 'attribute_not_exists(PK)' } }),
      named('revision', { Put: { TableName: table, Item: revisionEntity.item(revision), ConditionExpression: 'attribute_not_exists(PK)' } }),
      // The consultation's counter shard also checks that it is open at `now` (its copy of the window).
      ...countersOf(
        c,
        { ...contributionIncrements(c, 1), ...contributorIncrements(c, inConsultation.distinct) },
        { ...contributionIncrements(c, 1), ...contributorIncrements(c, inYear.distinct) },
        now,
      ),
      named('idempotencyGuard', idempotencyGuardPut(guard.key, c.id, guard.requestDigest, now)),
      named('marker', inConsultation.item),
      named('marker', inYear.item),
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

/** Puts the contribution's next state if it is still active at `expectedVersion` (an edit, a withdrawal, an answer). */
export function putIfActiveAt(next: Contribution, expectedVersion: number): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: contributionEntity.item(next),
      ConditionExpression: 'version = :version AND #status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':version': expectedVersion, ':active': 'ACTIVE' },
    },
  };
}

/** Writes the contribution's next state if it is still active at the version the author edited. */
const replaceActiveContribution = (next: Contribution, expectedVersion: number): NamedItem<'contribution'> =>
  named('contribution', putIfActiveAt(next, expectedVersion));

/** Saves an edit (new revision) while the consultation is open and the contribution is still at `expectedVersion`. */
export async function editContribution(next: Contribution, revision: ContributionRevision, expectedVersion: number, now: Date): Promise<ChangeOutcome> {
  const table = tableName();
  const outcome = await transactWrite([
    replaceActiveContribution(next, expectedVersion),
    // The revision number follows the version: a revision already there means someone saved this version first.
    named('revision', { Put: { TableName: table, Item: revisionEntity.item(revision), ConditionExpression: 'attribute_not_exists(PK)' } }),
    openWindowCheck(next.consultationId, next.id, now),
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'openWindow' ? 'notOpen' : 'stale';
}

/** Withdraws a contribution (body removed, revisions kept) and moves its counts, while the consultation is open. */
export async function withdrawContribution(
  next: Contribution,
  expectedVersion: number,
  now: Date,
  /** Other modules' counters of the contribution (e.g. its themes'), planned afresh for each attempt. */
  alsoCounted: () => Promise<readonly NamedItem[]> = () => Promise.resolve([]),
): Promise<ChangeOutcome> {
  const consultationMarker = consultationKeys.contributor(next.consultationId, next.contributorId);
  const yearMarker = consultationKeys.yearContributor(next.year, next.contributorId);
  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    // The markers and the other modules' planned items are read together.
    const [states, others] = await Promise.all([Promise.all([readMarker(consultationMarker), readMarker(yearMarker)]), alsoCounted()]);
    const inConsultation = markerWrite(consultationMarker, states[0], -1, next);
    const inYear = markerWrite(yearMarker, states[1], -1, next);
    const moves = { ...contributionIncrements(next, -1), withdrawn: 1 };
    const outcome = await transactWrite([
      replaceActiveContribution(next, expectedVersion),
      // The consultation's counter shard also checks that it is open at `now`.
      ...countersOf(
        next,
        { ...moves, ...contributorIncrements(next, inConsultation.distinct) },
        { ...moves, ...contributorIncrements(next, inYear.distinct) },
        now,
      ),
      named('marker', inConsultation.item),
      named('marker', inYear.item),
      ...others,
    ]);
    if (outcome.ok) return 'saved';
    if (outcome.failed === 'contribution') return 'stale';
    if (outcome.failed === 'openWindow') return 'notOpen';
    // A marker (or another module's counted state, e.g. the contribution's theme tags) moved under us: re-plan from a fresh read.
  }
  throw new ServiceUnavailableError('Too many concurrent writes; retry shortly', { retriable: true });
}

// ---------------------------------------------------------------- recount (tests, seed checks)

/**
 * Every contribution of a consultation, read to the end: for the audience of a synthesis mail, recounts in
 * tests and the seeder's self-check.
 */
export function allContributions(consultationId: string): Promise<Contribution[]> {
  return contributionEntity.queryAll.ofConsultation({ consultationId }, { sk: contributionRange });
}

/** The result of an earlier submission with this idempotency guard, if there was one. */
export function findIdempotentContribution(key: ItemKey): Promise<{ resultId: string; requestDigest: string } | undefined> {
  return findIdempotentResult(key);
}

/** The store as the contributions services receive it (their unit tests give them an in-memory one). */
export const contributionStore = {
  getContributions,
  getContributionConsistent,
  listContributions,
  getConsultationWithContributions,
  listReplies,
  listByAuthor,
  listRevisions,
  submitContribution,
  editContribution,
  withdrawContribution,
  findIdempotentContribution,
  hasContributed,
};
