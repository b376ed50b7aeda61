/**
 * The annual programme in DynamoDB (the only code of the module that talks to
 * it): programmes, the call item (which also holds the call's counters),
 * issues with their support counts on the item, supports, themes, theme
 * tags. Every write that a counter counts is one transaction with the
 * counter's update, and every support rewrites the issue's breadth sort key
 * in the same transaction. Expected failures come back as data: the name of
 * the transaction item whose condition failed becomes the outcome.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, readCounts, type Increments } from '../../core/dynamodb/counters';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import { changeKeys, type ItemKey } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { versionedSet } from '../../core/dynamodb/versioned-set';
import { programmeKeys as keys } from './programme.keys';
import { PARTICIPATION_ITEM, getThemeCounts, readThemeMarkers, tagHeadOf, tagHeadPut, type TagHead } from './theme-participation.store';
import {
  breadthPrefix,
  breadthSortKey,
  callCounter,
  isLinked,
  isStanding,
  type Issue,
  type IssueCall,
  type IssueCallWithCounts,
  type IssueSupportRecord,
  type Programme,
  type Theme,
} from './programme.model';

const PROGRAMME = 'Programme';
const CALL = 'IssueCall';
const ISSUE = 'Issue';
const SUPPORT = 'IssueSupport';
const THEME = 'Theme';
const TAG = 'ThemeTag';

/** Attributes that are keys or bookkeeping, never part of a domain object. */
const NOT_DOMAIN = /^(PK|SK|GSI\dPK|GSI\dSK|ChangesPK|ChangesSK|entity|n:.*)$/;

function domain<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !NOT_DOMAIN.test(name))) as T;
}

/** Adds a condition to a transaction item built elsewhere (e.g. a counter update). */
function conditioned(item: TransactItem, expression: string, names: Record<string, string>, values: Record<string, unknown>): TransactItem {
  const update = item.Update;
  if (!update) throw new Error('Only updates take an added condition here');
  return {
    Update: {
      ...update,
      ConditionExpression: expression,
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...values },
    },
  };
}

/** The call's counter update, only while the call is open at `now` (the clock decides, not a job). */
function callWhileOpen(year: number, increments: Increments, now: Date): TransactItem {
  return conditioned(
    counterUpdate(tableName(), keys.call(year), increments),
    'attribute_exists(PK) AND #opensAt <= :now AND #closesAt > :now',
    { '#opensAt': 'opensAt', '#closesAt': 'closesAt' },
    { ':now': now.toISOString() },
  );
}

function callExisting(year: number, increments: Increments): TransactItem {
  return conditioned(counterUpdate(tableName(), keys.call(year), increments), 'attribute_exists(PK)', {}, {});
}

// ---------------------------------------------------------------- programmes

function programmeItem(p: Programme): Item {
  return {
    ...keys.programme(p.year),
    entity: PROGRAMME,
    GSI1PK: keys.programmes(),
    GSI1SK: keys.programmeSort(p.year),
    ...changeKeys(PROGRAMME, p.updatedAt, String(p.year)),
    // The id the change feed reads (the year).
    id: String(p.year),
    ...p,
  };
}

export async function createProgramme(p: Programme): Promise<'created' | 'exists'> {
  const outcome = await transactWrite([
    named('programme', { Put: { TableName: tableName(), Item: programmeItem(p), ConditionExpression: 'attribute_not_exists(PK)' } }),
  ]);
  return outcome.ok ? 'created' : 'exists';
}

export async function updateProgramme(next: Programme, expectedVersion: number): Promise<'updated' | 'stale'> {
  const outcome = await transactWrite([
    named('programme', {
      Put: {
        TableName: tableName(),
        Item: programmeItem(next),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': expectedVersion },
      },
    }),
  ]);
  return outcome.ok ? 'updated' : 'stale';
}

export async function getProgrammes(years: readonly number[]): Promise<(Programme | undefined)[]> {
  const items = await batchGetItems(years.map((year) => keys.programme(year)));
  return items.map((item) => (item ? domain<Programme>(item) : undefined));
}

export async function getProgrammeConsistent(year: number): Promise<Programme | undefined> {
  const item = await getItemConsistent(keys.programme(year));
  return item ? domain<Programme>(item) : undefined;
}

export function listProgrammes(first: number, after?: string | null): Promise<Page<Programme>> {
  return queryPage({ scope: 'programmes', index: 'gsi1', pk: keys.programmes(), first, after, forward: false }, (item) => domain<Programme>(item));
}

// ---------------------------------------------------------------- the call for issues

function callFromItem(item: Item): IssueCallWithCounts {
  return { ...domain<IssueCall>(item), counts: readCounts(item) };
}

/**
 * Creates the call (expectedVersion undefined) or replaces its settings at a version. The counters are not
 * touched: an Update SETs the settings only.
 */
export async function saveCall(call: IssueCall, expectedVersion: number | undefined): Promise<'saved' | 'exists' | 'stale'> {
  const fields: Record<string, unknown> = {
    entity: CALL,
    ...changeKeys(CALL, call.updatedAt, String(call.year)),
    id: String(call.year),
    year: call.year,
    opensAt: call.opensAt,
    closesAt: call.closesAt,
    categories: call.categories,
    issuesPerPerson: call.issuesPerPerson,
    version: call.version,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
  };
  const outcome = await transactWrite([
    named('call', versionedSet(keys.call(call.year), fields, expectedVersion)),
    // The programme must exist: a call belongs to one.
    named('programme', {
      ConditionCheck: { TableName: tableName(), Key: keys.programme(call.year), ConditionExpression: 'attribute_exists(PK)' },
    }),
  ]);
  if (outcome.ok) return 'saved';
  if (outcome.failed === 'programme') return 'stale';
  return expectedVersion === undefined ? 'exists' : 'stale';
}

/** A call with all its counters: one GetItem. */
export async function getCalls(years: readonly number[]): Promise<(IssueCallWithCounts | undefined)[]> {
  const items = await batchGetItems(years.map((year) => keys.call(year)));
  return items.map((item) => (item ? callFromItem(item) : undefined));
}

export async function getCallConsistent(year: number): Promise<IssueCallWithCounts | undefined> {
  const item = await getItemConsistent(keys.call(year));
  return item ? callFromItem(item) : undefined;
}

/** How many standing issues a person has in a year's call (the cap). */
export async function issuesOfAuthorInCall(year: number, stakeholderId: string): Promise<number> {
  const item = await getItemConsistent(keys.authorCap(year, stakeholderId));
  return readCounts(item).issues ?? 0;
}

// ---------------------------------------------------------------- issues

function issueItem(issue: Issue): Item {
  const standing = isStanding(issue.status);
  return {
    ...keys.issue(issue.id),
    entity: ISSUE,
    // Sparse: only standing issues are in the call's lists.
    ...(standing
      ? {
          GSI1PK: keys.issuesOfCall(issue.year),
          GSI1SK: breadthSortKey(issue),
          GSI3PK: keys.issuesOfCall(issue.year),
          GSI3SK: keys.byTime(issue.createdAt, issue.id),
        }
      : {}),
    GSI2PK: keys.issuesOfAuthor(issue.authorId),
    GSI2SK: keys.byTime(issue.createdAt, issue.id),
    ...changeKeys(ISSUE, issue.updatedAt, issue.id),
    ...issue,
  };
}

/** Puts the next state of an issue, conditional on the state it was read in (version, supporters, status). */
function issueReplace(next: Issue, current: Issue): TransactItem {
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

export async function getIssues(ids: readonly string[]): Promise<(Issue | undefined)[]> {
  const items = await batchGetItems(ids.map((id) => keys.issue(id)));
  return items.map((item) => (item ? domain<Issue>(item) : undefined));
}

export async function getIssueConsistent(id: string): Promise<Issue | undefined> {
  const item = await getItemConsistent(keys.issue(id));
  return item ? domain<Issue>(item) : undefined;
}

function supportItem(support: IssueSupportRecord): Item {
  return {
    ...keys.support(support.issueId, support.supporterId),
    entity: SUPPORT,
    ...(support.listed ? { GSI2PK: keys.listedSupporters(support.issueId), GSI2SK: keys.byTime(support.createdAt, support.supporterId) } : {}),
    ...support,
  };
}

/**
 * One support: the support item (one per person), the issue with its new counts and breadth sort key
 * (conditional on the counts it was computed from), and the call's counters (only while it is open).
 */
export async function supportIssue(
  current: Issue,
  next: Issue,
  support: IssueSupportRecord,
  increments: Increments,
  now: Date,
): Promise<'supported' | 'alreadySupported' | 'issueChanged' | 'callClosed'> {
  const outcome = await transactWrite([
    named('support', { Put: { TableName: tableName(), Item: supportItem(support), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('issue', issueReplace(next, current)),
    named('call', callWhileOpen(current.year, increments, now)),
  ]);
  if (outcome.ok) return 'supported';
  switch (outcome.failed) {
    case 'support':
      return 'alreadySupported';
    case 'issue':
      return 'issueChanged';
    case 'call':
      return 'callClosed';
  }
}

export async function getSupport(issueId: string, stakeholderId: string): Promise<IssueSupportRecord | undefined> {
  const item = await getItemConsistent(keys.support(issueId, stakeholderId));
  return item ? domain<IssueSupportRecord>(item) : undefined;
}

export function listListedSupporters(issueId: string, first: number, after?: string | null): Promise<Page<IssueSupportRecord>> {
  return queryPage({ scope: `supporters:${issueId}`, index: 'gsi2', pk: keys.listedSupporters(issueId), first, after }, (item) =>
    domain<IssueSupportRecord>(item),
  );
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

/** Transaction item names of MAG decisions' writes (distinct from the meetings module's own names). */
export const DECISION_ITEM = { theme: 'themeSubject', issue: 'issueSubject', call: 'themeCall', mail: 'issueMail' } as const;

/**
 * The writes of declining issues (for a decision's transaction): each issue at the state it was read in, and the
 * one mail event that tells their authors (an outbox item: one per decision, however many issues it declines).
 */
export function issueDecisionItems(changes: readonly { readonly current: Issue; readonly next: Issue }[], mail: TransactItem): NamedItem[] {
  return [...changes.map((change) => named(DECISION_ITEM.issue, issueReplace(change.next, change.current), change.current.id)), named(DECISION_ITEM.mail, mail)];
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
  /** Only these attributes of each issue (issue.projection.ts); whole items when absent. */
  readonly attributes?: readonly string[] | undefined;
}

/** A page of a call's standing issues: one Query (by breadth on GSI1, newest on GSI3). */
export function listIssuesOfCall(request: IssueListRequest): Promise<Page<Issue>> {
  const byBreadth = request.order === 'SUPPORT_BREADTH';
  return queryPage(
    {
      scope: `issues:${request.year}:${request.order}:${request.breadth ?? ''}`,
      index: byBreadth ? 'gsi1' : 'gsi3',
      pk: keys.issuesOfCall(request.year),
      ...(byBreadth && request.breadth !== undefined ? { sk: { beginsWith: breadthPrefix(request.breadth) } } : {}),
      first: request.first,
      after: request.after,
      forward: false,
      ...(request.attributes ? { attributes: request.attributes } : {}),
    },
    (item) => domain<Issue>(item),
  );
}

export function listIssuesOfAuthor(stakeholderId: string, first: number, after?: string | null): Promise<Page<Issue>> {
  return queryPage({ scope: `myIssues:${stakeholderId}`, index: 'gsi2', pk: keys.issuesOfAuthor(stakeholderId), first, after, forward: false }, (item) =>
    domain<Issue>(item),
  );
}

// ---------------------------------------------------------------- themes

function themeItem(theme: Theme): Item {
  return {
    ...keys.theme(theme.id),
    entity: THEME,
    GSI1PK: keys.themesOfProgramme(theme.year),
    GSI1SK: keys.byTime(theme.createdAt, theme.id),
    ...changeKeys(THEME, theme.updatedAt, theme.id),
    ...theme,
  };
}

export async function createTheme(theme: Theme, guard: { readonly key: ItemKey; readonly requestDigest: string }, now: Date): Promise<'created' | 'replayed' | 'noCall'> {
  const outcome = await transactWrite([
    named('guard', idempotencyGuardPut(guard.key, theme.id, guard.requestDigest, now)),
    named('theme', { Put: { TableName: tableName(), Item: themeItem(theme), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('call', { ConditionCheck: { TableName: tableName(), Key: keys.call(theme.year), ConditionExpression: 'attribute_exists(PK)' } }),
  ]);
  if (outcome.ok) return 'created';
  return outcome.failed === 'call' ? 'noCall' : 'replayed';
}

function themeReplace(next: Theme, current: Theme): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: themeItem(next),
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

export async function getThemes(ids: readonly string[]): Promise<(Theme | undefined)[]> {
  const items = await batchGetItems(ids.map((id) => keys.theme(id)));
  return items.map((item) => (item ? domain<Theme>(item) : undefined));
}

export async function getThemeConsistent(id: string): Promise<Theme | undefined> {
  const item = await getItemConsistent(keys.theme(id));
  return item ? domain<Theme>(item) : undefined;
}

/** Themes of a programme, oldest first; `adoptedOnly` filters out drafts (the page still fills). */
export function listThemes(year: number, adoptedOnly: boolean, first: number, after?: string | null): Promise<Page<Theme>> {
  return queryPage(
    {
      scope: `themes:${year}:${adoptedOnly ? 'adopted' : 'all'}`,
      index: 'gsi1',
      pk: keys.themesOfProgramme(year),
      ...(adoptedOnly ? { filter: { expression: '#status = :adopted', names: { '#status': 'status' }, values: { ':adopted': 'ADOPTED' } } } : {}),
      first,
      after,
    },
    (item) => domain<Theme>(item),
  );
}

// ---------------------------------------------------------------- theme tags

export type TagSubjectType = 'Consultation' | 'Contribution';

/** The theme ids a consultation or contribution is tagged with (one Query of its tag partition). */
export async function tagsOf(type: TagSubjectType, id: string): Promise<string[]> {
  const page = await queryPage({ scope: `tags:${type}:${id}`, pk: keys.tagsOf(type, id), sk: { beginsWith: keys.tagPrefix }, first: 100 }, (item) =>
    String(item.themeId),
  );
  return page.items;
}

/**
 * Replaces a subject's tags: removed ones deleted, new ones put (each also indexed under its theme), the tag head
 * at the revision it was read at, and `counted` (the theme participation writes of a contribution's tags) — one
 * transaction. `changed`: the head, the contribution or a marker moved since they were read; read again.
 */
export async function setTags(
  type: TagSubjectType,
  id: string,
  head: TagHead | undefined,
  themeIds: readonly string[],
  now: Date,
  counted: readonly NamedItem[] = [],
): Promise<'saved' | 'changed'> {
  const previous = head?.themeIds ?? [];
  const removed = previous.filter((themeId) => !themeIds.includes(themeId));
  const added = themeIds.filter((themeId) => !previous.includes(themeId));
  const items: NamedItem[] = [
    ...removed.map((themeId) => named('untag', { Delete: { TableName: tableName(), Key: keys.tag(type, id, themeId) } }, themeId)),
    ...added.map((themeId) =>
      named(
        'tag',
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.tag(type, id, themeId),
              entity: TAG,
              GSI1PK: keys.taggedWith(themeId),
              GSI1SK: keys.taggedSort(type, id),
              themeId,
              subjectType: type,
              subjectId: id,
              createdAt: now.toISOString(),
            },
          },
        },
        themeId,
      ),
    ),
    tagHeadPut(type, id, head, themeIds, now),
    ...counted,
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'saved';
  if (outcome.failed === 'tag' || outcome.failed === 'untag' || outcome.failed === PARTICIPATION_ITEM.counts) {
    throw new Error(`Tags of ${type} ${id} not stored (condition of ${outcome.failed})`);
  }
  return 'changed';
}

/** Ids of the subjects of a type tagged with a theme (up to `first`). */
export async function taggedWith(themeId: string, type: TagSubjectType, first: number): Promise<string[]> {
  const page = await queryPage(
    { scope: `tagged:${themeId}:${type}`, index: 'gsi1', pk: keys.taggedWith(themeId), sk: { beginsWith: `${type}#` }, first },
    (item) => String(item.subjectId),
  );
  return page.items;
}

/** The store as one object: the services take it by injection (unit tests pass an in-memory one). */
export const programmeStore = {
  createProgramme,
  updateProgramme,
  getProgrammes,
  getProgrammeConsistent,
  listProgrammes,
  saveCall,
  getCalls,
  getCallConsistent,
  issuesOfAuthorInCall,
  submitIssue,
  getIssues,
  getIssueConsistent,
  supportIssue,
  getSupport,
  listListedSupporters,
  withdrawIssue,
  mergeIssue,
  issueDecisionItems,
  decideIssue,
  listIssuesOfCall,
  listIssuesOfAuthor,
  createTheme,
  updateTheme,
  themeAdoptionItems,
  adoptTheme,
  getThemes,
  getThemeConsistent,
  listThemes,
  tagsOf,
  setTags,
  taggedWith,
  tagHeadOf,
  readThemeMarkers,
  getThemeCounts,
};

export type ProgrammeStore = typeof programmeStore;
