/**
 * The mail queue in DynamoDB: outbox events and their deliveries (one
 * partition per event), the queue and dead-letter lists (GSI1). Every state
 * change of a delivery is conditional on the state it leaves, so two senders
 * never both act on one message.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { mailKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { TTL_ATTRIBUTE } from '../../core/dynamodb/table';
import { DELIVERY_STATUSES, MAIL_KINDS, type AnsweredItem, type Audience, type MailDelivery, type MailEvent } from '../outbox';

const EVENT = 'MailEvent';
const DELIVERY = 'MailDelivery';
/** Sent and skipped messages, and expanded events, are kept this long for support, then removed by TTL. */
const KEEP_SECONDS = 90 * 86_400;
const epoch = (iso: string, plusSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

// ---------------------------------------------------------------- outbox events

const kind = attr.oneOf(MAIL_KINDS);
const params = attr.orElse(attr.record(attr.scalar), {});

/** What the sender reads of an event item (the outbox module writes it). */
const eventFields = attr.object<MailEvent>({
  id: attr.string,
  kind,
  // A union the outbox builds and its tests cover: checked to be a map here.
  audience: attr.written<Audience>(),
  params,
  createdAt: attr.string,
});

/** The queue entry of an event or a delivery. */
export type QueueEntry = { readonly type: 'event'; readonly event: MailEvent } | { readonly type: 'delivery'; readonly delivery: MailDelivery };

function entryFromItem(item: Item): QueueEntry | undefined {
  // An expanded event has left the queue (a repeated stream record of it finds nothing to do).
  if (item.entity === EVENT) return item.status === 'EXPANDED' ? undefined : { type: 'event', event: eventFields.parse(item, EVENT) };
  if (item.entity === DELIVERY) return { type: 'delivery', delivery: deliveryEntity.parse(item) };
  return undefined;
}

/** A page of the events and deliveries due at `now`, oldest first (a delivery in SENDING is due when its lease ends). */
export function dueEntries(now: string, first: number, after: string | null, since?: string): Promise<Page<QueueEntry | undefined>> {
  const sk = since ? { between: [since, `${now}#~`] as const } : { lte: `${now}#~` };
  // Events and deliveries share the queue's partition.
  return queryPage({ scope: 'mail-queue', ...deliveryEntity.at.due({}), sk, first, after }, entryFromItem);
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

/** A delivery of an event to one stakeholder, in the event's partition; queued (or parked) on GSI1. */
const deliveryEntity = defineEntity<MailDelivery>()({
  name: DELIVERY,
  attributes: {
    id: attr.string,
    eventId: attr.string,
    kind,
    stakeholderId: attr.string,
    address: attr.optional(attr.string),
    params,
    answers: attr.optional(
      attr.list(attr.object<AnsweredItem>({ contributionId: attr.string, excerpt: attr.string, disposition: attr.string, response: attr.string })),
    ),
    status: attr.oneOf(DELIVERY_STATUSES),
    attempts: attr.orElse(attr.number, 0),
    nextAttemptAt: attr.string,
    claimedAt: attr.optional(attr.string),
    sentAt: attr.optional(attr.string),
    sentTo: attr.optional(attr.string),
    sesMessageId: attr.optional(attr.string),
    reason: attr.optional(attr.string),
    lastError: attr.optional(attr.string),
    parkedAt: attr.optional(attr.string),
    createdAt: attr.string,
  },
  key: (delivery) => mailKeys.delivery(delivery.eventId, delivery.stakeholderId),
  patterns: {
    /** Events and deliveries due, oldest first: a new delivery enters the queue at its first attempt. */
    due: { index: 'gsi1', pk: () => mailKeys.queue(), sk: (delivery) => mailKeys.queueSort(delivery.nextAttemptAt, delivery.id) },
    /** Parked deliveries (moved here by `settle`), newest first. */
    dead: { index: 'gsi1', pk: () => mailKeys.dead() },
  },
});

/** Writes a delivery unless it exists (a repeated expansion of the same event adds nothing). */
export async function putDelivery(delivery: MailDelivery): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: deliveryEntity.item(delivery),
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
  return deliveryEntity.getConsistent(mailKeys.delivery(eventId, stakeholderId));
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
      Object.assign(values, {
        ':at': outcome.nextAttemptAt,
        ':error': outcome.lastError,
        ':attempts': outcome.attempts,
        ':sort': mailKeys.queueSort(outcome.nextAttemptAt, delivery.id),
      });
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
  return deliveryEntity.query.dead({}, { scope: 'mail-dead-letters', first, after, forward: false });
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
        ExpressionAttributeValues: {
          ':pending': 'PENDING',
          ':dead': 'DEAD',
          ':zero': 0,
          ':now': now,
          ':queue': mailKeys.queue(),
          ':sort': mailKeys.queueSort(now, delivery.id),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** What the mail service reads and writes of the queue (the sender uses the functions themselves). */
export const queueStore = {
  getDelivery,
  listDeadLetters,
  requeue,
};
