/**
 * Themes in DynamoDB: drafts and adopted ones, listed by programme. Adoption
 * takes the source issues up and moves the call's theme counters in the
 * same transaction.
 */
import { tableName } from '../../core/dynamodb/client';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import type { Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { callExisting } from './call.store';
import { issueReplace } from './issue.store';
import { DECISION_ITEM, themeEntity } from './programme.items';
import { programmeKeys as keys } from './programme.keys';
import { callCounter, isLinked, type Issue, type Theme } from './programme.model';

export async function createTheme(
  theme: Theme,
  guard: { readonly key: ItemKey; readonly requestDigest: string },
  now: Date,
): Promise<'created' | 'replayed' | 'noCall'> {
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, theme.id, guard.requestDigest, now)),
    named('theme', { Put: { TableName: tableName(), Item: themeEntity.item(theme), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('call', { ConditionCheck: { TableName: tableName(), Key: keys.call(theme.year), ConditionExpression: 'attribute_exists(PK)' } }),
  ]);
  if (outcome.ok) return 'created';
  return outcome.failed === 'call' ? 'noCall' : 'replayed';
}

function themeReplace(next: Theme, current: Theme): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: themeEntity.item(next),
      ConditionExpression: '#v = :v AND #status = :status',
      ExpressionAttributeNames: { '#v': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':v': current.version, ':status': current.status },
    },
  };
}

export async function updateTheme(current: Theme, next: Theme): Promise<'updated' | 'stale'> {
  const outcome = await transactWrite([named('theme', themeReplace(next, current))]);
  return outcome.ok ? 'updated' : 'stale';
}

/**
 * The writes of adopting themes (for a decision's transaction): each theme (at the version read), each source
 * issue taken up (at the state read; an issue shared by two themes is written once) and the calls' theme
 * counters (≤ 1 per programme).
 */
export function themeAdoptionItems(
  themes: readonly { readonly current: Theme; readonly next: Theme }[],
  issues: readonly { readonly current: Issue; readonly next: Issue }[],
): NamedItem[] {
  const perYear = new Map<number, Record<string, number>>();
  for (const { next } of themes) {
    const increments = perYear.get(next.year) ?? {};
    increments[callCounter.themes] = (increments[callCounter.themes] ?? 0) + 1;
    if (isLinked(next.developmentDimension)) increments[callCounter.themesLinked] = (increments[callCounter.themesLinked] ?? 0) + 1;
    perYear.set(next.year, increments);
  }
  return [
    ...themes.map((change) => named(DECISION_ITEM.theme, themeReplace(change.next, change.current), change.current.id)),
    ...issues.map((change) => named(DECISION_ITEM.issue, issueReplace(change.next, change.current), change.current.id)),
    ...[...perYear].map(([year, increments]) => named(DECISION_ITEM.call, callExisting(year, increments), String(year))),
  ];
}

/** Adoption of one theme in a transaction of its own (≤ 1 + 50 + 1 items). */
export async function adoptTheme(
  current: Theme,
  next: Theme,
  issues: readonly { readonly current: Issue; readonly next: Issue }[],
): Promise<{ readonly kind: 'adopted' } | { readonly kind: 'stale' } | { readonly kind: 'issueChanged'; readonly issueId: string }> {
  const outcome = await transactWrite(themeAdoptionItems([{ current, next }], issues));
  if (outcome.ok) return { kind: 'adopted' };
  if (outcome.failed === DECISION_ITEM.issue) return { kind: 'issueChanged', issueId: outcome.subject ?? '' };
  return { kind: 'stale' };
}

export function getThemes(ids: readonly string[]): Promise<(Theme | undefined)[]> {
  return themeEntity.getMany(ids.map((id) => keys.theme(id)));
}

export function getThemeConsistent(id: string): Promise<Theme | undefined> {
  return themeEntity.getConsistent(keys.theme(id));
}

/** Themes of a programme, oldest first; `adoptedOnly` filters out drafts (the page still fills). */
export function listThemes(year: number, adoptedOnly: boolean, first: number, after?: string | null): Promise<Page<Theme>> {
  return themeEntity.query.ofProgramme(
    { year },
    {
      scope: `themes:${year}:${adoptedOnly ? 'adopted' : 'all'}`,
      ...(adoptedOnly ? { filter: { expression: '#status = :adopted', names: { '#status': 'status' }, values: { ':adopted': 'ADOPTED' } } } : {}),
      first,
      after,
    },
  );
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
