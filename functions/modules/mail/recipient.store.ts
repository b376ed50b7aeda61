/**
 * What mail keeps about its recipients in DynamoDB: confirmation codes,
 * suppressed addresses, preferences and unsubscribe tokens, consultation
 * subscriptions and notification read markers.
 */
import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { attr, defineEntity } from '../../core/dynamodb/entity';
import { mailKeys, stakeholderKeys } from '../../core/dynamodb/keys';
import { TTL_ATTRIBUTE } from '../../core/dynamodb/table';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import { ConflictError } from '../../core/errors';
import { MAIL_KINDS, type Confirmation, type MailKind, type MailPreferences } from '../outbox';

const epoch = (iso: string, plusSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

// ---------------------------------------------------------------- confirmation codes

/** What a confirmation code's item holds (the outbox module writes it). */
const confirmationFields = attr.object<Confirmation>({ stakeholderId: attr.string, address: attr.string, expiresAtIso: attr.string });

export async function getConfirmation(codeHash: string): Promise<Confirmation | undefined> {
  const item = await getItemConsistent(mailKeys.confirmation(codeHash));
  return item ? confirmationFields.parse(item, 'MailConfirmation') : undefined;
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

/** An undeliverable address (bounce, complaint), keyed by the address. */
const suppressionEntity = defineEntity<Suppression>()({
  name: 'MailSuppression',
  attributes: { address: attr.string, reason: attr.string, at: attr.string },
  key: (suppression) => mailKeys.suppression(suppression.address),
  patterns: {},
});

export async function suppress(suppression: Suppression): Promise<void> {
  await documentClient()
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: suppressionEntity.item({ ...suppression, address: suppression.address.toLowerCase() }),
        // The first reason is kept: a later complaint about a bounced address changes nothing.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

export async function getSuppressions(addresses: readonly string[]): Promise<(Suppression | undefined)[]> {
  return suppressionEntity.getMany(addresses.map((address) => mailKeys.suppression(address)));
}

// ---------------------------------------------------------------- preferences and unsubscribe tokens

/** What a preferences item holds besides its stakeholder (absent: no preferences yet, every optional mail on). */
const preferenceFields = attr.object<Omit<MailPreferences, 'stakeholderId'>>({
  optedOut: attr.orElse(attr.set(attr.oneOf(MAIL_KINDS)), []),
  unsubscribeToken: attr.optional(attr.string),
});

function preferencesFromItem(stakeholderId: string, item: Item | undefined): MailPreferences {
  const { optedOut, unsubscribeToken } = item ? preferenceFields.parse(item, 'MailPreferences') : { optedOut: [], unsubscribeToken: undefined };
  return { stakeholderId, optedOut: [...optedOut].sort(), unsubscribeToken };
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

const tokenFields = attr.object<{ readonly stakeholderId: string }>({ stakeholderId: attr.string });

export async function stakeholderOfUnsubscribeToken(token: string): Promise<string | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: mailKeys.unsubscribe(token) }));
  return Item ? tokenFields.parse(Item, 'UnsubscribeToken').stakeholderId : undefined;
}

// ---------------------------------------------------------------- subscriptions

interface Subscription {
  readonly stakeholderId: string;
  readonly topic: string;
  readonly at: string;
}

const subscriptionAttributes = { stakeholderId: attr.string, topic: attr.string, at: attr.string };

/** A subscriber of a topic, in the topic's partition (the sender's expansion reads them all). */
const subscriberEntity = defineEntity<Subscription>()({
  name: 'Subscriber',
  attributes: subscriptionAttributes,
  key: (s) => mailKeys.subscriber(s.topic, s.stakeholderId),
  patterns: { ofTopic: { pk: (p: Pick<Subscription, 'topic'>) => mailKeys.subscribers(p.topic) } },
});

/** The same subscription in the stakeholder's partition (their own list). */
const subscriptionEntity = defineEntity<Subscription>()({
  name: 'Subscription',
  attributes: subscriptionAttributes,
  key: (s) => mailKeys.subscription(s.stakeholderId, s.topic),
  patterns: { ofStakeholder: { pk: (p: Pick<Subscription, 'stakeholderId'>) => stakeholderKeys.item(p.stakeholderId).PK } },
});

export async function subscribe(stakeholderId: string, topic: string, at: string): Promise<void> {
  // No conditions: the outcome is always a success (a race of the same subscription writes the same items).
  await transactWrite([
    named('subscriber', { Put: { TableName: tableName(), Item: subscriberEntity.item({ stakeholderId, topic, at }) } }),
    named('subscription', { Put: { TableName: tableName(), Item: subscriptionEntity.item({ stakeholderId, topic, at }) } }),
  ]);
}

export async function unsubscribe(stakeholderId: string, topic: string): Promise<void> {
  // No conditions: the outcome is always a success.
  await transactWrite([
    named('subscriber', { Delete: { TableName: tableName(), Key: mailKeys.subscriber(topic, stakeholderId) } }),
    named('subscription', { Delete: { TableName: tableName(), Key: mailKeys.subscription(stakeholderId, topic) } }),
  ]);
}

/** A stakeholder's subscription topics (one Query of their partition's `MAIL#SUB#` items; a handful), read consistently. */
export async function subscriptionsOf(stakeholderId: string): Promise<string[]> {
  const subscriptions = await subscriptionEntity.queryAll.ofStakeholder(
    { stakeholderId },
    { sk: { beginsWith: mailKeys.subscriptionPrefix() }, consistentRead: true },
  );
  return subscriptions.map((subscription) => subscription.topic);
}

/** Every subscriber of a topic, paged through (the sender's expansion of a consultation-opened event). */
export async function subscribersOf(topic: string): Promise<string[]> {
  return (await subscriberEntity.queryAll.ofTopic({ topic })).map((subscriber) => subscriber.stakeholderId);
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

const readAtAttr = attr.optional(attr.string);

/** When the person read each notification (undefined: unread), in one BatchGetItem per 100. */
export async function readAt(stakeholderId: string, notificationIds: readonly string[]): Promise<(string | undefined)[]> {
  const items = await batchGetItems(notificationIds.map((id) => mailKeys.read(stakeholderId, id)));
  return items.map((item) => readAtAttr.parse(item?.readAt, 'NotificationRead.readAt'));
}

/** What the mail service reads and writes of its recipients. */
export const recipientStore = {
  changeOptOuts,
  confirmationDelete,
  getConfirmation,
  getPreferences,
  getPreferencesConsistent,
  getSuppressions,
  markRead,
  readAt,
  stakeholderOfUnsubscribeToken,
  subscribe,
  subscriptionsOf,
  unsubscribe,
  writeConfirmation,
};
