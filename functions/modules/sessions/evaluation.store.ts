/**
 * The MAG's evaluation in DynamoDB (the only code of it that talks to the
 * table): rounds (with their counters: workloads, submissions, agreement),
 * a sheet per proposal in a round (its evaluators, equity flags and figures,
 * indexed for the ranked board), and one item per evaluator and proposal
 * (the assignment and the evaluation, indexed for the evaluator's queue).
 * Every evaluation is written with its sheet's new figures and the round's
 * counters in one transaction, only while the round is open by the clock.
 * Expected failures come back as data.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { allPages, queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { evaluationKeys as keys } from './evaluation.keys';
import { evaluationEntity, roundEntity, roundFromItem, sheetEntity, sheetFromItem, sheetItem } from './evaluation.items';
import { roundCounter, type Evaluation, type EvaluationRound, type EvaluationRoundWithCounts, type EvaluationSheet } from './evaluation.model';
import { proposalEntity } from './sessions.items';
import type { Proposal } from './sessions.model';

// ---------------------------------------------------------------- rounds

export const roundKey = (round: Pick<EvaluationRound, 'year' | 'id'>) => keys.round(round.year, round.id);

export async function createRound(
  round: EvaluationRound,
  guard: { readonly key: ItemKey; readonly requestDigest: string },
  now: Date,
): Promise<'created' | 'replayed'> {
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, round.id, guard.requestDigest, now)),
    named('round', {
      Put: {
        TableName: tableName(),
        Item: roundEntity.item(round),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
  ]);
  return outcome.ok ? 'created' : 'replayed';
}

/**
 * A round's settings written over its item under `conditions` (the counters untouched): every field of `next` that
 * is set, with its index keys and `also`. A parsed round carries its absent optional settings as undefined: those
 * are not SET (as when they were left out).
 */
async function writeRound(
  next: EvaluationRound,
  also: Record<string, unknown>,
  conditions: readonly string[],
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<boolean> {
  const sets = Object.entries({ ...also, ...roundEntity.indexKeys(next), ...next })
    .filter(([, value]) => value !== undefined)
    .map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
  const outcome = await transactWrite([
    named('round', {
      Update: {
        TableName: tableName(),
        Key: roundKey(next),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    }),
  ]);
  return outcome.ok;
}

/** Replaces a round's settings at its version (the counters are untouched). */
export async function saveRound(next: EvaluationRound, expectedVersion: number): Promise<'saved' | 'stale'> {
  const saved = await writeRound(
    next,
    { entity: roundEntity.name },
    ['attribute_exists(PK)', '#v = :expected'],
    { '#v': 'version' },
    { ':expected': expectedVersion },
  );
  return saved ? 'saved' : 'stale';
}

/** What a settings change needs of the round besides its version (checked in the same write). */
export interface RoundGuards {
  /** Not closed at this instant. */
  readonly openAt: Date;
  /** Not opened yet at `openAt` (its opening moves). */
  readonly scheduled: boolean;
  /** No evaluation in (its criteria change). */
  readonly noEvaluations: boolean;
  /** No evaluator assigned (its blindness changes). */
  readonly noAssignments: boolean;
}

/** A counter's attribute on the round item (core/dynamodb/counters.ts stores counter `x` as `n:x`). */
const counterAttribute = (name: string) => `n:${name}`;

/**
 * Replaces a round's settings at its version, only while the guards hold (the counters are untouched):
 * 'refused' when the version or a guard does not hold (the service reads the round again to say which).
 */
export async function updateRoundSettings(next: EvaluationRound, expectedVersion: number, guards: RoundGuards): Promise<'saved' | 'refused'> {
  const names: Record<string, string> = { '#v': 'version', '#closesAt': 'closesAt' };
  const values: Record<string, unknown> = { ':expected': expectedVersion, ':now': guards.openAt.toISOString() };
  const conditions = ['attribute_exists(PK)', '#v = :expected', '#closesAt > :now'];
  if (guards.scheduled) {
    names['#opensAt'] = 'opensAt';
    conditions.push('#opensAt > :now');
  }
  const none = (name: string, alias: string) => {
    names[alias] = counterAttribute(name);
    values[':zero'] = 0;
    conditions.push(`(attribute_not_exists(${alias}) OR ${alias} = :zero)`);
  };
  if (guards.noEvaluations) none(roundCounter.submitted, '#submitted');
  if (guards.noAssignments) none(roundCounter.assigned, '#assigned');
  return (await writeRound(next, {}, conditions, names, values)) ? 'saved' : 'refused';
}

export async function getRoundConsistent(year: number, roundId: string): Promise<EvaluationRoundWithCounts | undefined> {
  const item = await getItemConsistent(keys.round(year, roundId));
  return item?.entity === roundEntity.name ? roundFromItem(item) : undefined;
}

/**
 * Rounds by id, with other keys in the same BatchGetItem (the caller's identity item, a proposal's call, people);
 * read strongly consistent when `consistent` (the caller's roles must be current).
 */
export async function getRoundsWith(
  rounds: readonly { readonly year: number; readonly id: string }[],
  extraKeys: readonly ItemKey[],
  consistent: boolean,
): Promise<{ rounds: (EvaluationRoundWithCounts | undefined)[]; extra: (Item | undefined)[] }> {
  const items = await batchGetItems([...rounds.map((r) => keys.round(r.year, r.id)), ...extraKeys], consistent);
  return {
    rounds: items.slice(0, rounds.length).map((item) => (item?.entity === roundEntity.name ? roundFromItem(item) : undefined)),
    extra: items.slice(rounds.length),
  };
}

export function listRounds(year: number, first: number, after?: string | null): Promise<Page<EvaluationRoundWithCounts>> {
  return queryPage(
    { scope: `evaluationRounds:${year}`, ...roundEntity.at.ofYear({ year }), sk: { beginsWith: keys.roundPrefix }, first, after },
    roundFromItem,
  );
}

// ---------------------------------------------------------------- sheets and evaluations

/** A sheet written at its version (or created when `current` is undefined). */
function sheetPut(next: EvaluationSheet, current: EvaluationSheet | undefined): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: sheetItem(next),
      ConditionExpression: current ? '#v = :v' : 'attribute_not_exists(PK)',
      ...(current ? { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': current.version } } : {}),
    },
  };
}

function evaluationPut(next: Evaluation, current: Evaluation | undefined): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: evaluationEntity.item(next),
      ConditionExpression: current ? '#v = :v' : 'attribute_not_exists(PK)',
      ...(current ? { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': current.version } } : {}),
    },
  };
}

/** The round's counters, only at the round's version and while it has not closed at `now` (and, for evaluations, has opened). */
function roundWhile(round: EvaluationRound, increments: Increments, now: Date, mustBeOpen: boolean): TransactItem {
  const item = counterUpdate(tableName(), roundKey(round), increments);
  const update = item.Update!;
  // At the round's version too: a write computed from settings changed meanwhile (criteria, blindness) is redone.
  const condition = `attribute_exists(PK) AND #version = :version AND ${mustBeOpen ? '#opensAt <= :now AND ' : ''}#closesAt > :now`;
  return {
    Update: {
      ...update,
      // counterUpdate omits an empty ADD: keep the item touched so the condition is checked.
      UpdateExpression: update.UpdateExpression || 'SET #closesAt = #closesAt',
      ConditionExpression: condition,
      ExpressionAttributeNames: {
        ...update.ExpressionAttributeNames,
        '#closesAt': 'closesAt',
        '#version': 'version',
        ...(mustBeOpen ? { '#opensAt': 'opensAt' } : {}),
      },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':now': now.toISOString(), ':version': round.version },
    },
  };
}

export interface SheetRead {
  readonly proposal: Proposal | undefined;
  readonly sheet: EvaluationSheet | undefined;
  readonly evaluations: Evaluation[];
}

/** A proposal's sheet and evaluations in a round, and the proposal itself: one Query of its item collection. */
export async function getSheet(roundId: string, proposalId: string, consistent = false): Promise<SheetRead> {
  const page = await queryPage(
    {
      scope: `sheet:${roundId}:${proposalId}`,
      pk: keys.proposalPartition(proposalId),
      sk: { between: keys.sheetRange(roundId) },
      first: 100,
      consistentRead: consistent,
    },
    (item) => item,
  );
  const prefix = `#EVAL#${roundId}#`;
  let proposal: Proposal | undefined;
  let sheet: EvaluationSheet | undefined;
  const evaluations: Evaluation[] = [];
  for (const item of page.items) {
    if (item.entity === proposalEntity.name) proposal = proposalEntity.parse(item);
    else if (!String(item.SK).startsWith(prefix)) continue;
    else if (item.entity === sheetEntity.name) sheet = sheetFromItem(item);
    else if (item.entity === evaluationEntity.name) evaluations.push(evaluationEntity.parse(item));
  }
  return { proposal, sheet, evaluations };
}

/** Every sheet of a round (all pages: assignment needs the whole round). */
export function allSheets(roundId: string): Promise<EvaluationSheet[]> {
  // Pages of 100 (not queryAll's 1 MB responses): assignment's request count stays as measured.
  return allPages((after) => queryPage({ scope: `board:${roundId}`, ...sheetEntity.at.board({ roundId }), first: 100, after }, sheetFromItem));
}

export type BoardFilter = { readonly themeId?: string | undefined; readonly type?: string | undefined };

/** A page of the ranked board: ranked proposals first, highest median first (one Query). */
export function listBoard(roundId: string, filter: BoardFilter, first: number, after?: string | null): Promise<Page<EvaluationSheet>> {
  const map = sheetFromItem;
  if (filter.themeId)
    return queryPage(
      { scope: `board:${roundId}:theme:${filter.themeId}`, ...sheetEntity.at.boardOfTheme({ roundId, themeId: filter.themeId }), first, after },
      map,
    );
  if (filter.type)
    return queryPage({ scope: `board:${roundId}:type:${filter.type}`, ...sheetEntity.at.boardOfType({ roundId, type: filter.type }), first, after }, map);
  return queryPage({ scope: `board:${roundId}`, ...sheetEntity.at.board({ roundId }), first, after }, map);
}

/** An evaluator's queue in a round: to do first, then done, then declined (one Query). */
export function listQueue(roundId: string, evaluatorId: string, first: number, after?: string | null): Promise<Page<Evaluation>> {
  return evaluationEntity.query.queue({ roundId, evaluatorId }, { scope: `queue:${roundId}:${evaluatorId}`, first, after });
}

export interface SheetChange {
  readonly current: EvaluationSheet | undefined;
  readonly next: EvaluationSheet;
  readonly added: readonly Evaluation[];
}

/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

/**
 * Writes new assignments: per proposal its sheet (created or at its version) and the new evaluation items, with
 * the round's workload counters, only while the round has not closed — packed into transactions of up to 100
 * items (the round's counters and as many whole proposals as fit: 14 fresh proposals of six evaluators each), one
 * after another (each updates the round's counters). A sheet changed meanwhile
 * ('stale'), or the round closed or had its settings changed ('round'), stops the run; what was written stays.
 */
export async function saveAssignments(
  round: EvaluationRound,
  changes: readonly SheetChange[],
  increments: (chunk: readonly SheetChange[]) => Increments,
  now: Date,
): Promise<'saved' | 'stale' | 'round'> {
  for (const chunk of packed(changes, (c) => 1 + c.added.length, TRANSACTION_ITEMS - 1)) {
    const items: NamedItem[] = [
      named('round', roundWhile(round, increments(chunk), now, false)),
      ...chunk.flatMap((c) => [
        named('sheet', sheetPut(c.next, c.current), c.next.proposalId),
        ...c.added.map((e) => named('evaluation', evaluationPut(e, undefined), `${e.proposalId}:${e.evaluatorId}`)),
      ]),
    ];
    const outcome = await transactWrite(items);
    if (!outcome.ok) return outcome.failed === 'round' ? 'round' : 'stale';
  }
  return 'saved';
}

/** Consecutive groups of values whose sizes add up to at most `capacity` each (a value is never split). */
function packed<T>(values: readonly T[], size: (value: T) => number, capacity: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const value of values) {
    if (current.length > 0 && used + size(value) > capacity) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(value);
    used += size(value);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Writes one evaluator's evaluation, declining or score, with the sheet's new figures (and replacements when one
 * declines), the round's counters, and the round's clock and version as the condition: 'round' when the round is not
 * open or its settings changed since it was read.
 */
export async function saveEvaluation(
  round: EvaluationRound,
  change: { readonly current: Evaluation | undefined; readonly next: Evaluation },
  sheet: { readonly current: EvaluationSheet; readonly next: EvaluationSheet },
  added: readonly Evaluation[],
  increments: Increments,
  now: Date,
): Promise<'saved' | 'stale' | 'round'> {
  const outcome = await transactWrite([
    named('round', roundWhile(round, increments, now, true)),
    named('evaluation', evaluationPut(change.next, change.current)),
    named('sheet', sheetPut(sheet.next, sheet.current)),
    ...added.map((e) => named('replacement', evaluationPut(e, undefined), e.evaluatorId)),
  ]);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'round' ? 'round' : 'stale';
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
