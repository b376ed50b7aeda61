/**
 * Idempotent creation: a guard item, keyed by the caller and their
 * idempotency key, is written in the same transaction as the item it
 * creates. A retry finds the guard and gets the first result back; nothing
 * is created twice.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { documentClient, tableName } from './client';
import { idempotencyKeys, type ItemKey } from './keys';
import { TTL_ATTRIBUTE } from './table';
import type { TransactItem } from './transact';

/** Guards are kept for a day; DynamoDB's TTL (attribute `expiresAt`, epoch seconds) may remove them after. */
const GUARD_TTL_SECONDS = 24 * 3600;

export function idempotencyGuardKey(scope: string, callerId: string, idempotencyKey: string): ItemKey {
  const digest = createHash('sha256').update(`${scope}\u0000${callerId}\u0000${idempotencyKey}`).digest('base64url');
  return idempotencyKeys.guard(digest);
}

/** The guard to put in the creating transaction; it fails the transaction if the key was used. */
export function idempotencyGuardPut(key: ItemKey, resultId: string, requestDigest: string, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...key,
        entity: 'IdempotencyGuard',
        resultId,
        requestDigest,
        createdAt: now.toISOString(),
        [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + GUARD_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The result of an earlier request with this key, if there was one. */
export async function findIdempotentResult(key: ItemKey): Promise<{ resultId: string; requestDigest: string } | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return Item ? { resultId: Item.resultId as string, requestDigest: Item.requestDigest as string } : undefined;
}
