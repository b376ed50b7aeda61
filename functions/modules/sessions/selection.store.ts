/**
 * Selection in DynamoDB: the programme's slot budget (one item per year,
 * budgets and slots taken per session type, the slots taken kept exact in the
 * transactions that take or free one), the conditional transitions of a
 * selected session, main sessions' designs and the sessions of a year by
 * status. Transaction items are named; a failed condition comes back as data.
 */
import { getItemConsistent, batchGetItems, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { attr } from '../../core/dynamodb/entity';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { allPages, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { SESSION_TYPE_CODES, type Proposal, type SessionTypeCode } from './sessions.model';
import { proposalEntity } from './sessions.items';
import { invitationPut, proposalItem, versionPut } from './sessions.store';
import { sessionKeys as keys } from './sessions.keys';
import type { Session, SlotBudgetState } from './selection.model';

const BUDGET = 'SlotBudget';

const budgetKey = (year: number): ItemKey => ({ PK: `PROGRAMME#${String(year).padStart(4, '0')}`, SK: '#SLOTBUDGET' });
const budgetAttr = (type: SessionTypeCode) => `b:${type}`;
const takenAttr = (type: SessionTypeCode) => `t:${type}`;

/** The budget item (absent: no budget set yet) with its per-type attributes `b:<type>` and `t:<type>` (a malformed one is refused). */
function budgetFromItem(year: number, item: Item | undefined): SlotBudgetState {
  const count = attr.optional(attr.number);
  const budgets: Partial<Record<SessionTypeCode, number>> = {};
  const taken: Partial<Record<SessionTypeCode, number>> = {};
  for (const type of SESSION_TYPE_CODES) {
    const budget = count.parse(item?.[budgetAttr(type)], `${BUDGET}.${budgetAttr(type)}`);
    const slots = count.parse(item?.[takenAttr(type)], `${BUDGET}.${takenAttr(type)}`);
    if (budget !== undefined) budgets[type] = budget;
    if (slots !== undefined) taken[type] = slots;
  }
  return {
    year,
    budgets,
    taken,
    version: attr.orElse(attr.number, 0).parse(item?.version, `${BUDGET}.version`),
    updatedAt: attr.orElse(attr.string, '').parse(item?.updatedAt, `${BUDGET}.updatedAt`),
  };
}

// ---------------------------------------------------------------- the slot budget

export async function getBudgetConsistent(year: number): Promise<SlotBudgetState> {
  return budgetFromItem(year, await getItemConsistent(budgetKey(year)));
}

export async function getBudgets(years: readonly number[]): Promise<SlotBudgetState[]> {
  const items = await batchGetItems(years.map(budgetKey));
  return years.map((year, i) => budgetFromItem(year, items[i]));
}

/** Sets budgets at the item's version; each new budget must still hold the slots taken (the condition reads them). */
export async function saveBudgets(
  year: number,
  budgets: Readonly<Partial<Record<SessionTypeCode, number>>>,
  expectedVersion: number,
  at: string,
): Promise<'saved' | 'stale'> {
  const names: Record<string, string> = { '#v': 'version', '#u': 'updatedAt', '#e': 'entity', '#y': 'year' };
  const values: Record<string, unknown> = { ':next': expectedVersion + 1, ':at': at, ':e': BUDGET, ':y': year };
  const sets = ['#v = :next', '#u = :at', '#e = :e', '#y = :y'];
  const conditions = [expectedVersion === 0 ? 'attribute_not_exists(#v)' : '#v = :expected'];
  if (expectedVersion > 0) values[':expected'] = expectedVersion;
  Object.entries(budgets).forEach(([type, slots], i) => {
    names[`#b${i}`] = budgetAttr(type as SessionTypeCode);
    names[`#t${i}`] = takenAttr(type as SessionTypeCode);
    values[`:b${i}`] = slots;
    sets.push(`#b${i} = :b${i}`);
    conditions.push(`(attribute_not_exists(#t${i}) OR #t${i} <= :b${i})`);
  });
  const outcome = await transactWrite([
    named('budget', {
      Update: {
        TableName: tableName(),
        Key: budgetKey(year),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    }),
  ]);
  return outcome.ok ? 'saved' : 'stale';
}

/**
 * Takes (positive) or frees (negative) slots per type. Taking is conditional on the budget read and on the slots
 * taken leaving room: `taken <= budget - wanted`, so two decisions adopted at once can never both fit the last slot.
 */
export function budgetMove(state: SlotBudgetState, moves: Readonly<Partial<Record<SessionTypeCode, number>>>): TransactItem | undefined {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  const conditions: string[] = [];
  Object.entries(moves).forEach(([type, by], i) => {
    if (!by) return;
    names[`#t${i}`] = takenAttr(type as SessionTypeCode);
    values[`:d${i}`] = by;
    adds.push(`#t${i} :d${i}`);
    if (by > 0) {
      const budget = state.budgets[type as SessionTypeCode] ?? 0;
      names[`#b${i}`] = budgetAttr(type as SessionTypeCode);
      values[`:b${i}`] = budget;
      values[`:m${i}`] = budget - by;
      conditions.push(`#b${i} = :b${i} AND (attribute_not_exists(#t${i}) OR #t${i} <= :m${i})`);
    }
  });
  if (adds.length === 0) return undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: budgetKey(state.year),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

// ---------------------------------------------------------------- sessions

/** The session rewritten at the version and status it was read in (and, when given, an extra condition). */
export function sessionReplace(
  next: Session,
  current: Pick<Proposal, 'version' | 'status'>,
  extra?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: proposalItem(next),
      ConditionExpression: `#v = :v AND #status = :status${extra ? ` AND ${extra.expression}` : ''}`,
      ExpressionAttributeNames: { '#v': 'version', '#status': 'status', ...extra?.names },
      ExpressionAttributeValues: { ':v': current.version, ':status': current.status, ...extra?.values },
    },
  };
}

export async function getSessionConsistent(id: string): Promise<Session | undefined> {
  return proposalEntity.getConsistent(keys.proposal(id));
}

export async function getSessionsConsistent(ids: readonly string[]): Promise<(Session | undefined)[]> {
  return Promise.all(ids.map((id) => getSessionConsistent(id)));
}

/** One transition: the session at its version (and extra items, e.g. the budget), as one transaction. */
export async function saveTransition(items: readonly NamedItem[]): Promise<{ ok: true } | { ok: false; failed: string }> {
  const outcome = await transactWrite(items);
  return outcome.ok ? { ok: true } : { ok: false, failed: outcome.failed };
}

export type CreateMainSessionOutcome = 'created' | 'replayed';

/** A main session's design: the proposal item (type MAIN_SESSION, DRAFT), its first version and its speakers' invitations. */
export async function createMainSession(
  session: Session,
  guard: { readonly key: ItemKey; readonly requestDigest: string },
  now: Date,
): Promise<CreateMainSessionOutcome> {
  const speakerIds = [...new Set(session.speakers.map((s) => s.stakeholderId))];
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, session.id, guard.requestDigest, now)),
    named('proposal', { Put: { TableName: tableName(), Item: proposalItem(session), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('version', versionPut(session, session.proposerId)),
    ...speakerIds.map((id) => named('invitation', invitationPut(session, id), id)),
  ]);
  return outcome.ok ? 'created' : 'replayed';
}

/** A year's sessions (proposals) in one status, oldest first. */
export function listSessions(year: number, status: string, first: number, after?: string | null): Promise<Page<Session>> {
  return proposalEntity.query.ofYearByStatus({ year }, { scope: `sessions:${year}:${status}`, sk: { beginsWith: `${status}#` }, first, after });
}

/** Every session of a year in one status (for the lapse job and the schedule's checks; bounded by the slot budget). */
export function allSessions(year: number, status: string): Promise<Session[]> {
  // Pages of 100, as the lapse job and the schedule's checks were measured.
  return allPages((after) => listSessions(year, status, 100, after));
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
