/**
 * Session proposals in DynamoDB (the only code of the module that talks to
 * it): the call for proposals (with its counters on the item), proposals
 * (speakers on the item, so a proposal and its diversity are one GetItem),
 * their saved versions and the speakers' invitations. Every write that a
 * counter counts is one transaction with the counter's update. Expected
 * failures come back as data: the name of the failed item becomes the outcome.
 */
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { tableName } from '../../core/dynamodb/client';
import { counterUpdate, type Increments } from '../../core/dynamodb/counters';
import { idempotencyGuardPut } from '../../core/dynamodb/idempotency';
import type { ItemKey } from '../../core/dynamodb/keys';
import { allPages, queryPage, type Page } from '../../core/dynamodb/query';
import { named, transactWrite, type NamedItem, type TransactItem } from '../../core/dynamodb/transact';
import { versionedSet } from '../../core/dynamodb/versioned-set';
import { CALL, callFromItem, invitationEntity, proposalEntity, versionEntity } from './sessions.items';
import { sessionKeys as keys } from './sessions.keys';
import { proposalCallCounter, type Proposal, type ProposalCall, type ProposalCallWithCounts, type ProposalVersion } from './sessions.model';

export { callFromItem } from './sessions.items';

// ---------------------------------------------------------------- the call for proposals

/** Creates the call (expectedVersion undefined) or replaces its settings at a version; the counters are untouched. */
export async function saveCall(call: ProposalCall, expectedVersion: number | undefined): Promise<'saved' | 'exists' | 'stale'> {
  const fields: Record<string, unknown> = { entity: CALL, ...call };
  const outcome = await transactWrite([named('call', versionedSet(keys.call(call.year), fields, expectedVersion))]);
  if (outcome.ok) return 'saved';
  return expectedVersion === undefined ? 'exists' : 'stale';
}

export async function getCalls(years: readonly number[]): Promise<(ProposalCallWithCounts | undefined)[]> {
  const items = await batchGetItems(years.map((year) => keys.call(year)));
  return items.map((item) => (item?.entity === CALL ? callFromItem(item) : undefined));
}

export async function getCallConsistent(year: number): Promise<ProposalCallWithCounts | undefined> {
  const item = await getItemConsistent(keys.call(year));
  return item?.entity === CALL ? callFromItem(item) : undefined;
}

/** The call's counter update, only while the call has not closed at `now` (drafts may be written before it opens). */
function callNotClosed(year: number, increments: Increments, now: Date): TransactItem {
  return withCondition(
    counterUpdate(tableName(), keys.call(year), increments),
    'attribute_exists(PK) AND #closesAt > :now',
    { '#closesAt': 'closesAt' },
    { ':now': now.toISOString() },
  );
}

/** The call's counter update, only while the call is open at `now` (the clock decides, not a job). */
function callOpen(year: number, increments: Increments, now: Date): TransactItem {
  return withCondition(
    counterUpdate(tableName(), keys.call(year), increments),
    'attribute_exists(PK) AND #opensAt <= :now AND #closesAt > :now',
    { '#opensAt': 'opensAt', '#closesAt': 'closesAt' },
    { ':now': now.toISOString() },
  );
}

function callNotClosedCheck(year: number, now: Date): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: keys.call(year),
      ConditionExpression: 'attribute_exists(PK) AND #closesAt > :now',
      ExpressionAttributeNames: { '#closesAt': 'closesAt' },
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}

function withCondition(item: TransactItem, expression: string, names: Record<string, string>, values: Record<string, unknown>): TransactItem {
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

// ---------------------------------------------------------------- proposals

export const proposalItem = (p: Proposal): Item => proposalEntity.item(p);

export function versionPut(p: Proposal, savedBy: string): TransactItem {
  const { id, version, title, description, updatedAt, ...rest } = p;
  const v: ProposalVersion = { proposalId: id, version, title, description, savedBy, savedAt: updatedAt, snapshot: JSON.stringify(rest) };
  return { Put: { TableName: tableName(), Item: versionEntity.item(v), ConditionExpression: 'attribute_not_exists(PK)' } };
}

export function invitationPut(proposal: Proposal, stakeholderId: string): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: invitationEntity.item({ proposalId: proposal.id, stakeholderId, invitedAt: proposal.updatedAt }),
    },
  };
}

const speakerIds = (p: Proposal) => [...new Set(p.speakers.map((s) => s.stakeholderId))];

function replace(next: Proposal, current: Proposal): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: proposalItem(next),
      ConditionExpression: '#v = :v AND #status = :status',
      ExpressionAttributeNames: { '#v': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':v': current.version, ':status': current.status },
    },
  };
}

export type CreateProposalOutcome = 'created' | 'replayed' | 'callClosed';

export async function createProposal(
  proposal: Proposal,
  guard: { readonly key: ItemKey; readonly requestDigest: string },
  now: Date,
): Promise<CreateProposalOutcome> {
  const items: NamedItem[] = [
    // The guard first: a replay is told apart from a closed call.
    named('guard', idempotencyGuardPut(guard.key, proposal.id, guard.requestDigest, now)),
    named('proposal', { Put: { TableName: tableName(), Item: proposalItem(proposal), ConditionExpression: 'attribute_not_exists(PK)' } }),
    named('version', versionPut(proposal, proposal.proposerId)),
    named('call', callNotClosed(proposal.year, { [proposalCallCounter.drafts]: 1 }, now)),
    ...speakerIds(proposal).map((id) => named('invitation', invitationPut(proposal, id), id)),
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'created';
  return outcome.failed === 'guard' ? 'replayed' : 'callClosed';
}

export type SaveProposalOutcome = 'saved' | 'stale' | 'callClosed';

/** Saves an edit: the proposal at its version, a new saved version, invitations of new speakers, removed ones deleted. */
export async function updateProposal(current: Proposal, next: Proposal, savedBy: string, now: Date, increments: Increments = {}): Promise<SaveProposalOutcome> {
  const before = new Set(speakerIds(current));
  const after = new Set(speakerIds(next));
  const items: NamedItem[] = [
    named('proposal', replace(next, current)),
    named('version', versionPut(next, savedBy)),
    named('call', Object.keys(increments).length > 0 ? callNotClosed(next.year, increments, now) : callNotClosedCheck(next.year, now)),
    ...[...after].filter((id) => !before.has(id)).map((id) => named('invitation', invitationPut(next, id), id)),
    ...[...before]
      .filter((id) => !after.has(id))
      .map((id) => named('invitation', { Delete: { TableName: tableName(), Key: keys.invitation(next.id, id) } }, id)),
  ];
  const outcome = await transactWrite(items);
  if (outcome.ok) return 'saved';
  return outcome.failed === 'call' ? 'callClosed' : 'stale';
}

export async function submitProposal(
  current: Proposal,
  next: Proposal,
  increments: Increments,
  now: Date,
  funnel: readonly NamedItem[] = [],
): Promise<'submitted' | 'stale' | 'callNotOpen'> {
  const outcome = await transactWrite([named('proposal', replace(next, current)), named('call', callOpen(next.year, increments, now)), ...funnel]);
  if (outcome.ok) return 'submitted';
  return outcome.failed === 'call' ? 'callNotOpen' : 'stale';
}

/** A speaker's answer: the proposal at its version (speakers are on the item). */
export async function saveAnswer(current: Proposal, next: Proposal): Promise<'saved' | 'stale'> {
  const outcome = await transactWrite([named('proposal', replace(next, current))]);
  return outcome.ok ? 'saved' : 'stale';
}

/**
 * Proposals and the calls they answer, in one BatchGetItem: a proposal's id carries its year, so its call
 * (the diversity rules every read of a proposal needs) is read in the same request.
 */
export async function getProposalsWithCalls(
  ids: readonly string[],
  yearOf: (id: string) => number | undefined,
  /** Other keys read in the same request, strongly consistent (the caller's identity item); their items come back as `extra`. */
  extraKeys: readonly ItemKey[] = [],
): Promise<{ proposals: (Proposal | undefined)[]; calls: ProposalCallWithCounts[]; extra: (Item | undefined)[] }> {
  const years = [...new Set(ids.map(yearOf).filter((y): y is number => y !== undefined))];
  const items = await batchGetItems([...ids.map((id) => keys.proposal(id)), ...years.map((year) => keys.call(year)), ...extraKeys], extraKeys.length > 0);
  return {
    proposals: items.slice(0, ids.length).map(proposalEntity.from),
    calls: items.slice(ids.length, ids.length + years.length).flatMap((item) => (item?.entity === CALL ? [callFromItem(item)] : [])),
    extra: items.slice(ids.length + years.length),
  };
}

export async function getProposalConsistent(id: string): Promise<Proposal | undefined> {
  return proposalEntity.getConsistent(keys.proposal(id));
}

export function listVersions(proposalId: string, first: number, after?: string | null): Promise<Page<ProposalVersion>> {
  return versionEntity.query.ofProposal(
    { proposalId },
    { scope: `proposalVersions:${proposalId}`, sk: { beginsWith: keys.versionPrefix }, first, after, forward: false },
  );
}

export function listProposalsOfProposer(stakeholderId: string, first: number, after?: string | null): Promise<Page<Proposal>> {
  return proposalEntity.query.ofProposer({ proposerId: stakeholderId }, { scope: `proposalsOf:${stakeholderId}`, first, after, forward: false });
}

/** The proposal ids a speaker is invited to, newest first (the proposals are read through the loader). */
export function listInvitations(stakeholderId: string, first: number, after?: string | null): Promise<Page<string>> {
  const proposalIdOf = invitationEntity.pick(['proposalId']);
  return queryPage(
    { scope: `invitationsOf:${stakeholderId}`, ...invitationEntity.at.ofSpeaker({ stakeholderId }), first, after, forward: false, attributes: ['proposalId'] },
    (item) => proposalIdOf(item).proposalId,
  );
}

// ---------------------------------------------------------------- screening

/** Every proposal of a year in one status (all pages: screening needs the whole programme to count the caps). */
export function proposalsOfYearInStatus(year: number, status: string): Promise<Proposal[]> {
  // Pages of 100 (not queryAll's 1 MB responses): the request counts of screening and assignment stay as measured.
  return allPages((after) =>
    proposalEntity.query.ofYearByStatus({ year }, { scope: `proposalsOfYear:${year}:${status}`, sk: { beginsWith: `${status}#` }, first: 100, after }),
  );
}

/**
 * Writes screening outcomes: each proposal at the version and status it was read in, with the call's counters
 * in the same transaction (≤ 50 proposals a transaction). A proposal changed meanwhile fails its chunk: 'stale'.
 */
export async function saveScreening(
  changes: readonly { readonly current: Proposal; readonly next: Proposal }[],
  increments: (chunk: readonly Proposal[]) => Increments,
  funnel: (chunk: readonly Proposal[]) => readonly NamedItem[] = () => [],
): Promise<'saved' | 'stale'> {
  for (let start = 0; start < changes.length; start += 50) {
    const chunk = changes.slice(start, start + 50);
    const outcome = await transactWrite([
      ...chunk.map(({ current, next }) => named('proposal', replace(next, current), current.id)),
      named('call', counterUpdate(tableName(), keys.call(chunk[0]!.next.year), increments(chunk.map((c) => c.next)))),
      ...funnel(chunk.map((c) => c.next)),
    ]);
    if (!outcome.ok) return 'stale';
  }
  return 'saved';
}

/** One proposal's appeal or the decision on it, with the call's counters when it is restored. */
export async function saveAppeal(current: Proposal, next: Proposal, increments: Increments, funnel: readonly NamedItem[] = []): Promise<'saved' | 'stale'> {
  const items: NamedItem[] = [named('proposal', replace(next, current)), ...funnel];
  if (Object.keys(increments).length > 0) items.push(named('call', counterUpdate(tableName(), keys.call(next.year), increments)));
  const outcome = await transactWrite(items);
  return outcome.ok ? 'saved' : 'stale';
}

/** A retry's earlier result (the guard written with the first request), for the service to give back. */
export { findIdempotentResult } from '../../core/dynamodb/idempotency';
