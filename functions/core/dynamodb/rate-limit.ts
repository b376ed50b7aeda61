/**
 * Writes per caller per minute and per day (limits.ts WRITE_LIMITS, or the
 * configuration's AGORA_WRITES_PER_*): one
 * counter item per (caller, UTC day) holding the day's count and one count
 * per minute, incremented atomically by one conditional UpdateItem (both
 * counts move, or neither does) and removed by DynamoDB's TTL after the
 * day. Over a limit the caller gets RATE_LIMITED with the seconds until the
 * window that refused it ends. One item per caller and day: only the same
 * caller's parallel transactions can meet on it, and transactWrite retries
 * those (TransactionConflict) like any other conflict.
 *
 * The client's middleware (client.ts) counts it once per GraphQL request,
 * with the request's first write: a request refused before writing anything
 * (bad input, wrong role) costs no allowance. When that write is a
 * transaction, the counter's update rides in it as one more item (one
 * request less per mutation; a transaction refused by its own conditions,
 * a stale version say, then costs no allowance either); otherwise it is
 * an UpdateItem of its own, sent just before.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../errors';
import { config } from '../config';
import { TTL_ATTRIBUTE } from './table';

/** The counter item of a caller's day: the subject hashed (a token subject is not stored in clear here). */
export function rateKey(subject: string, now: Date) {
  const who = createHash('sha256').update(subject, 'utf8').digest('base64url').slice(0, 22);
  return { PK: `RATE#${who}`, SK: `DAY#${now.toISOString().slice(0, 10)}` } as const;
}

/** The conditional UpdateItem that counts one write of `subject` at `now` (both counts move, or neither does). */
export function writeAllowanceUpdate(table: string, subject: string, now: Date) {
  const limits = config().writeLimits;
  const minute = `m${now.toISOString().slice(11, 16).replace(':', '')}`;
  const dayEnds = (Math.floor(now.getTime() / 1000 / 86_400) + 1) * 86_400;
  return {
    TableName: table,
    Key: rateKey(subject, now),
    UpdateExpression: 'ADD #day :one, #minute :one SET #ttl = if_not_exists(#ttl, :ttl)',
    ConditionExpression: '(attribute_not_exists(#day) OR #day < :perDay) AND (attribute_not_exists(#minute) OR #minute < :perMinute)',
    ExpressionAttributeNames: { '#day': 'writes', '#minute': minute, '#ttl': TTL_ATTRIBUTE },
    // Kept an hour past the day: TTL deletion is lazy, and the condition never depends on it.
    ExpressionAttributeValues: { ':one': 1, ':perDay': limits.perDay, ':perMinute': limits.perMinute, ':ttl': dayEnds + 3600 },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/** The refusal for a failed allowance condition, from the counter item as it was (`old`, in DynamoDB's wire format). */
export function allowanceRefusal(old: Record<string, { N?: string } | undefined> | undefined, now: Date): RateLimitedError {
  const limits = config().writeLimits;
  const seconds = Math.floor(now.getTime() / 1000);
  if (Number(old?.writes?.N ?? 0) >= limits.perDay) {
    return new RateLimitedError(`At most ${limits.perDay} writes a day; retry after the day ends (UTC)`, (Math.floor(seconds / 86_400) + 1) * 86_400 - seconds);
  }
  return new RateLimitedError(`At most ${limits.perMinute} writes a minute; retry shortly`, (Math.floor(seconds / 60) + 1) * 60 - seconds);
}

export async function consumeWriteAllowance(client: DynamoDBDocumentClient, table: string, subject: string, now = new Date()): Promise<void> {
  try {
    await client.send(new UpdateCommand(writeAllowanceUpdate(table, subject, now)));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    throw allowanceRefusal(error.Item as Record<string, { N?: string } | undefined> | undefined, now);
  }
}
