/**
 * Mail in DynamoDB: outbox events and their deliveries (one partition per
 * event), the queue and dead-letter lists (GSI1), confirmation codes,
 * suppressed addresses, preferences and unsubscribe tokens, consultation
 * subscriptions and notification read markers. Every state change of a
 * delivery is conditional on the state it leaves, so two senders never both
 * act on one message.
 */
import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { mailKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { TTL_ATTRIBUTE } from '../../core/dynamodb/table';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import { ConflictError } from '../../core/errors';
import type { Audience, Confirmation, MailDelivery, MailEvent, MailKind, MailParams, MailPreferences } from '../outbox';

const EVENT = 'MailEvent';
const DELIVERY = 'MailDelivery';
/** Sent and skipped messages, and expanded events, are kept this long for support, then removed by TTL. */
const KEEP_SECONDS = 90 * 86_400;
const epoch = (iso: string, plusSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

// ---------------------------------------------------------------- outbox events

function eventFromItem(item: Item): MailEvent {
  return {
    id: item.id as string,
    kind: item.kind as MailKind,
    audience: item.audience as Audience,
    params: (item.params as MailParams | undefined) ?? {},
    createdAt: item.createdAt as string,
  };
}

/** The queue entry of an event or a delivery. */
export type QueueEntry = { readonly type: 'event'; readonly event: MailEvent } | { readonly type: 'delivery'; readonly delivery: MailDelivery };

function entryFromItem(item: Item): QueueEntry | undefined {
  // An expanded event has left the queue (a repeated stream record of it finds nothing to do).
  if (item.entity === EVENT) return item.status === 'EXPANDED' ? undefined : { type: 'event', event: eventFromItem(item) };
  if (item.entity === DELIVERY) return { type: 'delivery', delivery: deliveryFromItem(item) };
  return undefined;
}

/** A page of the events and deliveries due at `now`, oldest first (a delivery in SENDING is due when its lease ends). */
export function dueEntries(now: string, first: number, after: string | null, since?: string): Promise<Page<QueueEntry | undefined>> {
  const sk = since ? { between: [since, `${now}#~`] as const } : { lte: `${now}#~` };
  return queryPage({ scope: 'mail-queue', index: 'gsi1', pk: mailKeys.queue(), sk, first, after }, entryFromItem);
}

/** An event or delivery read by its key (a stream record names it), consistent. */
export async function getEntry(key: { PK: string; SK: string }): Promise<QueueEntry | undefined> {
  const item = await getItemConsistent(key);
  return item ? entryFromItem(item) : undefined;
}

/** The event leaves the queue once its deliveries exist; its confirmation code is dropped from it. */
export async function markEventExpanded(event: MailEvent, deliveries: number, now: string): Promise<void> {
  const { code: _code, ...params } = event.params;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailKeys.event(event.id),
      UpdateExpression: 'SET #status = :expanded, expandedAt = :now, deliveries = :n, params = :params, #ttl = :ttl REMOVE GSI1PK, GSI1SK',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':expanded': 'EXPANDED', ':now': now, ':n': deliveries, ':params': params, ':ttl': epoch(now, KEEP_SECONDS) },
    }),
  );
}

// ---------------------------------------------------------------- deliveries

function deliveryFromItem(item: Item): MailDelivery {
  return {
    id: item.id as string,
    eventId: item.eventId as string,
    kind: item.kind as MailKind,
    stakeholderId: item.stakeholderId as string,
    address: item.address as string | undefined,
    params: (item.params as MailParams | undefined) ?? {},
    answers: item.answers as MailDelivery['answers'],
    status: item.status as MailDelivery['status'],
    attempts: (item.attempts as number | undefined) ?? 0,
    nextAttemptAt: item.nextAttemptAt as string,
    claimedAt: item.claimedAt as string | undefined,
    sentAt: item.sentAt as string | undefined,
    sentTo: item.sentTo as string | undefined,
    sesMessageId: item.sesMessageId as string | undefined,
    reason: item.reason as string | undefined,
    lastError: item.lastError as string | undefined,
    parkedAt: item.parkedAt as string | undefined,
    createdAt: item.createdAt as string,
  };
}

/** Writes a delivery unless it exists (a repeated expansion of the same event adds nothing). */
export async function putDelivery(delivery: MailDelivery): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...mailKeys.delivery(delivery.eventId, delivery.stakeholderId),
          entity: DELIVERY,
          GSI1PK: mailKeys.queue(),
          GSI1SK: mailKeys.queueSort(delivery.nextAttemptAt, delivery.id),
          ...delivery,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const deliveryKey = (d: MailDelivery) => mailKeys.delivery(d.eventId, d.stakeholderId);

export async function getDelivery(eventId: string, stakeholderId: string): Promise<MailDelivery | undefined> {
  const item = await getItemConsistent(mailKeys.delivery(eventId, stakeholderId));
  return item?.entity === DELIVERY ? deliveryFromItem(item) : undefined;
}

/**
 * Claims a pending delivery for one send: PENDING → SENDING, conditional on
 * it being pending and due, so of two senders only one gets it. It stays in
 * the queue until `leaseUntil`: a sender that stops after claiming leaves it
 * to be found then (and parked, never sent again).
 */
export async function claim(delivery: MailDelivery, now: string, leaseUntil: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(delivery),
        UpdateExpression: 'SET #status = :sending, claimedAt = :now, GSI1SK = :lease',
        ConditionExpression: '#status = :pending AND nextAttemptAt <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'SENDING', ':pending': 'PENDING', ':now': now, ':lease': mailKeys.queueSort(leaseUntil, delivery.id) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Ends a claimed delivery (conditional on this sender's claim): sent, skipped, parked, or back to the queue for a retry. */
export async function settle(
  delivery: MailDelivery,
  claimedAt: string,
  outcome:
    | { readonly status: 'SENT'; readonly at: string; readonly sentTo: string; readonly sesMessageId: string }
    | { readonly status: 'SKIPPED'; readonly at: string; readonly reason: string }
    | { readonly status: 'DEAD'; readonly at: string; readonly reason: string; readonly lastError?: string | undefined; readonly attempts: number }
    | { readonly status: 'PENDING'; readonly nextAttemptAt: string; readonly lastError: string; readonly attempts: number },
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':claimedAt': claimedAt, ':sending': 'SENDING', ':next': outcome.status };
  let update: string;
  switch (outcome.status) {
    case 'SENT':
      names['#ttl'] = TTL_ATTRIBUTE;
      Object.assign(values, { ':at': outcome.at, ':to': outcome.sentTo, ':ses': outcome.sesMessageId, ':ttl': epoch(outcome.at, KEEP_SECONDS) });
      // The confirmation code leaves the table once mailed.
      names['#params'] = 'params';
      names['#code'] = 'code';
      update = 'SET #status = :next, sentAt = :at, sentTo = :to, sesMessageId = :ses, #ttl = :ttl REMOVE GSI1PK, GSI1SK, #params.#code';
      break;
    case 'SKIPPED':
      names['#ttl'] = TTL_ATTRIBUTE;
      Object.assign(values, { ':at': outcome.at, ':reason': outcome.reason, ':ttl': epoch(outcome.at, KEEP_SECONDS) });
      names['#params'] = 'params';
      names['#code'] = 'code';
      update = 'SET #status = :next, skippedAt = :at, reason = :reason, #ttl = :ttl REMOVE GSI1PK, GSI1SK, #params.#code';
      break;
    case 'DEAD':
      Object.assign(values, {
        ':at': outcome.at,
        ':reason': outcome.reason,
        ':error': outcome.lastError ?? outcome.reason,
        ':attempts': outcome.attempts,
        ':dead': mailKeys.dead(),
        ':sort': mailKeys.queueSort(outcome.at, delivery.id),
      });
      update = 'SET #status = :next, parkedAt = :at, reason = :reason, lastError = :error, attempts = :attempts, GSI1PK = :dead, GSI1SK = :sort';
      break;
    case 'PENDING':
      Object.assign(values, { ':at': outcome.nextAttemptAt, ':error': outcome.lastError, ':attempts': outcome.attempts, ':sort': mailKeys.queueSort(outcome.nextAttemptAt, delivery.id) });
      update = 'SET #status = :next, nextAttemptAt = :at, lastError = :error, attempts = :attempts, GSI1SK = :sort';
      break;
  }
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(delivery),
        UpdateExpression: update,
        ConditionExpression: '#status = :sending AND claimedAt = :claimedAt',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A page of dead letters, newest first. */
export function listDeadLetters(first: number, after: string | null | undefined): Promise<Page<MailDelivery>> {
  return queryPage({ scope: 'mail-dead-letters', index: 'gsi1', pk: mailKeys.dead(), first, after, forward: false }, deliveryFromItem);
}

/** Puts a dead letter back in the queue, due now, with its attempts reset; false if it is not dead (any more). */
export async function requeue(delivery: MailDelivery, now: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deliveryKey(delivery),
        UpdateExpression: 'SET #status = :pending, attempts = :zero, nextAttemptAt = :now, requeuedAt = :now, GSI1PK = :queue, GSI1SK = :sort REMOVE claimedAt',
        ConditionExpression: '#status = :dead',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING', ':dead': 'DEAD', ':zero': 0, ':now': now, ':queue': mailKeys.queue(), ':sort': mailKeys.queueSort(now, delivery.id) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// ---------------------------------------------------------------- confirmation codes

export async function getConfirmation(codeHash: string): Promise<Confirmation | undefined> {
  const item = await getItemConsistent(mailKeys.confirmation(codeHash));
  return item
    ? { stakeholderId: item.stakeholderId as string, address: item.address as string, expiresAtIso: item.expiresAtIso as string }
    : undefined;
}

/** Writes a new code and its mail (the outbox's items); false if an item with its new key already existed. */
export async function writeConfirmation(items: readonly TransactItem[]): Promise<boolean> {
  return (await transactWrite(items.map((item) => named('confirmation', item)))).ok;
}

/** Uses the code up, in the transaction that confirms the address (fails if someone used it first). */
export function confirmationDelete(codeHash: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: mailKeys.confirmation(codeHash), ConditionExpression: 'attribute_exists(PK)' } };
}

// ---------------------------------------------------------------- suppression (bounces, complaints)

export interface Suppression {
  readonly address: string;
  readonly reason: string;
  readonly at: string;
}

export async function suppress(suppression: Suppression): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...mailKeys.suppression(suppression.address), entity: 'MailSuppression', ...suppression, address: suppression.address.toLowerCase() },
      // The first reason is kept: a later complaint about a bounced address changes nothing.
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
}

export async function getSuppressions(addresses: readonly string[]): Promise<(Suppression | undefined)[]> {
  const items = await batchGetItems(addresses.map((address) => mailKeys.suppression(address)));
  return items.map((item) => (item ? { address: item.address as string, reason: item.reason as string, at: item.at as string } : undefined));
}

// ---------------------------------------------------------------- preferences and unsubscribe tokens

function preferencesFromItem(stakeholderId: string, item: Item | undefined): MailPreferences {
  const optedOut = item?.optedOut as Set<MailKind> | undefined;
  return { stakeholderId, optedOut: optedOut ? [...optedOut].sort() : [], unsubscribeToken: item?.unsubscribeToken as string | undefined };
}

export async function getPreferences(stakeholderIds: readonly string[]): Promise<MailPreferences[]> {
  const items = await batchGetItems(stakeholderIds.map((id) => mailKeys.preferences(id)));
  return stakeholderIds.map((id, i) => preferencesFromItem(id, items[i]));
}

export async function getPreferencesConsistent(stakeholderId: string): Promise<MailPreferences> {
  return preferencesFromItem(stakeholderId, await getItemConsistent(mailKeys.preferences(stakeholderId)));
}

/** Opts in to (`enable`) and out of (`disable`) kinds of mail; a set on the item, so repeats change nothing. */
export async function changeOptOuts(stakeholderId: string, enable: readonly MailKind[], disable: readonly MailKind[]): Promise<void> {
  const parts: string[] = [];
  const values: Record<string, unknown> = { ':entity': 'MailPreferences', ':id': stakeholderId };
  if (disable.length) {
    parts.push('ADD optedOut :disable');
    values[':disable'] = new Set(disable);
  }
  if (enable.length) {
    parts.push('DELETE optedOut :enable');
    values[':enable'] = new Set(enable);
  }
  if (!parts.length) return;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: mailKeys.preferences(stakeholderId),
      UpdateExpression: `SET entity = :entity, stakeholderId = :id ${parts.join(' ')}`,
      ExpressionAttributeValues: values,
    }),
  );
}

/**
 * The stakeholder's unsubscribe token, created with its lookup item the first
 * time (idempotent under races). `known`: their preferences as just read.
 */
export async function ensureUnsubscribeToken(stakeholderId: string, candidate: string, known?: MailPreferences): Promise<string> {
  const current = known ?? (await getPreferencesConsistent(stakeholderId));
  if (current.unsubscribeToken) return current.unsubscribeToken;
  const outcome = await transactWrite([
    named('preferences', {
      Update: {
        TableName: tableName(),
        Key: mailKeys.preferences(stakeholderId),
        UpdateExpression: 'SET entity = :entity, stakeholderId = :id, unsubscribeToken = :token',
        ConditionExpression: 'attribute_not_exists(unsubscribeToken)',
        ExpressionAttributeValues: { ':entity': 'MailPreferences', ':id': stakeholderId, ':token': candidate },
      },
    }),
    named('token', {
      Put: {
        TableName: tableName(),
        Item: { ...mailKeys.unsubscribe(candidate), entity: 'UnsubscribeToken', stakeholderId },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),
  ]);
  if (outcome.ok) return candidate;
  // Another request gave them a token meanwhile: that one is theirs.
  const again = await getPreferencesConsistent(stakeholderId);
  if (!again.unsubscribeToken) throw new ConflictError('The mail preferences changed; retry');
  return again.unsubscribeToken;
}

export async function stakeholderOfUnsubscribeToken(token: string): Promise<string | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: mailKeys.unsubscribe(token) }));
  return Item?.stakeholderId as string | undefined;
}

// ---------------------------------------------------------------- subscriptions

export async function subscribe(stakeholderId: string, topic: string, at: string): Promise<void> {
  // No conditions: the outcome is always a success (a race of the same subscription writes the same items).
  await transactWrite([
    named('subscriber', { Put: { TableName: tableName(), Item: { ...mailKeys.subscriber(topic, stakeholderId), entity: 'Subscriber', stakeholderId, topic, at } } }),
    named('subscription', { Put: { TableName: tableName(), Item: { ...mailKeys.subscription(stakeholderId, topic), entity: 'Subscription', stakeholderId, topic, at } } }),
  ]);
}

export async function unsubscribe(stakeholderId: string, topic: string): Promise<void> {
  // No conditions: the outcome is always a success.
  await transactWrite([
    named('subscriber', { Delete: { TableName: tableName(), Key: mailKeys.subscriber(topic, stakeholderId) } }),
    named('subscription', { Delete: { TableName: tableName(), Key: mailKeys.subscription(stakeholderId, topic) } }),
  ]);
}

/** A stakeholder's subscription topics (one Query of their partition's `MAIL#SUB#` items; a handful). */
export async function subscriptionsOf(stakeholderId: string): Promise<string[]> {
  const page = await queryPage(
    { scope: `subscriptions:${stakeholderId}`, pk: `STAKEHOLDER#${stakeholderId}`, sk: { beginsWith: mailKeys.subscriptionPrefix() }, first: 100, consistentRead: true },
    (item) => item.topic as string,
  );
  return page.items;
}

/** Every subscriber of a topic, paged through (the sender's expansion of a consultation-opened event). */
export async function subscribersOf(topic: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: Page<string> = await queryPage({ scope: `subscribers:${topic}`, pk: mailKeys.subscribers(topic), first: 100, after }, (item) => item.stakeholderId as string);
    ids.push(...page.items);
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return ids;
}

// ---------------------------------------------------------------- notification read markers

/** Read markers outlive any notification a person still scrolls to; then TTL removes them. */
const READ_MARKER_SECONDS = 400 * 86_400;

export async function markRead(stakeholderId: string, notificationIds: readonly string[], at: string): Promise<void> {
  for (let i = 0; i < notificationIds.length; i += 25) {
    let pending: Record<string, unknown>[] = notificationIds.slice(i, i + 25).map((id) => ({
      PutRequest: { Item: { ...mailKeys.read(stakeholderId, id), entity: 'NotificationRead', readAt: at, [TTL_ATTRIBUTE]: epoch(at, READ_MARKER_SECONDS) } },
    }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= 8) throw new Error('BatchWriteItem left items unprocessed after retries');
      if (round > 0) await new Promise((r) => setTimeout(r, 25 * 2 ** round));
      const result = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
}

/** When the person read each notification (undefined: unread), in one BatchGetItem per 100. */
export async function readAt(stakeholderId: string, notificationIds: readonly string[]): Promise<(string | undefined)[]> {
  const items = await batchGetItems(notificationIds.map((id) => mailKeys.read(stakeholderId, id)));
  return items.map((item) => item?.readAt as string | undefined);
}
