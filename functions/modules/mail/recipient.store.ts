/**
 * What mail keeps about its recipients in DynamoDB: confirmation codes,
 * suppressed addresses, preferences and unsubscribe tokens, consultation
 * subscriptions and notification read markers.
 */
import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems, getItemConsistent, type Item } from '../../core/dynamodb/batch';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { mailKeys } from '../../core/dynamodb/keys';
import { queryPage, type Page } from '../../core/dynamodb/query';
import { TTL_ATTRIBUTE } from '../../core/dynamodb/table';
import { named, transactWrite, type TransactItem } from '../../core/dynamodb/transact';
import { ConflictError } from '../../core/errors';
import type { Confirmation, MailKind, MailPreferences } from '../outbox';

const epoch = (iso: string, plusSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

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
