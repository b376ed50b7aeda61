/**
 * Tamper-evident cursors through the real paginated Query on DynamoDB Local:
 * a forged, edited or foreign cursor is BAD_USER_INPUT and reads nothing,
 * never another partition's items. (No public list exists yet on this
 * branch; the domain lists all page through `queryPage`.)
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../functions/core/cursor';
import { documentClient, tableName } from '../../functions/core/dynamodb/client';
import { queryPage } from '../../functions/core/dynamodb/query';
import { unique } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';

const run = unique();
const A = `TEST#cursor-a-${run}`;
const B = `TEST#cursor-b-${run}`;

beforeAll(async () => {
  const items = [A, B].flatMap((pk) => [1, 2, 3, 4].map((n) => ({ PK: pk, SK: `ITEM#${n}`, owner: pk })));
  await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.map((Item) => ({ PutRequest: { Item } })) } }));
});

const list = (pk: string, after?: string, scope = `test:${pk}`) => queryPage({ scope, pk, first: 2, after, consistentRead: true }, (item) => item.SK as string);

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

function countQueries(): { count: () => number; stop: () => void } {
  let queries = 0;
  const stop = onDynamoRequest((command) => {
    if (command === 'QueryCommand') queries++;
  });
  return { count: () => queries, stop };
}

describe('pagination cursors', () => {
  it('pages through a list with its own cursors', async () => {
    const first = await list(A);
    const second = await list(A, first.endCursor ?? undefined);

    expect(first.items).toEqual(['ITEM#1', 'ITEM#2']);
    expect(second.items).toEqual(['ITEM#3', 'ITEM#4']);
    expect(second.hasNextPage).toBe(false);
  });

  it('refuses a cursor edited to point into another partition, without reading', async () => {
    const { endCursor } = await list(A);
    const genuine = endCursor as string;
    // A readable payload with a signature (the former format), and the genuine cursor with one byte changed.
    const forged = `${Buffer.from(JSON.stringify({ s: `test:${A}`, k: { PK: B, SK: 'ITEM#0' } })).toString('base64url')}.${genuine.slice(-22)}`;
    const queries = countQueries();

    const result = await refusal(list(A, forged)).finally(queries.stop);

    expect(result).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
    expect(queries.count()).toBe(0);
  });

  it('refuses a genuine cursor of another list', async () => {
    const { endCursor } = await list(B);

    expect(await refusal(list(A, endCursor ?? undefined))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a validly signed cursor of the same scope name that points into another partition', async () => {
    // Two lists that (wrongly) share a scope name: the partition check still keeps them apart.
    const sharedScope = encodeCursor('test:shared', { PK: B, SK: 'ITEM#1' });

    expect(await refusal(list(A, sharedScope, 'test:shared'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses every random edit of a cursor, and never returns another partition’s items', async () => {
    const { endCursor } = await list(A);
    const cursor = endCursor as string;
    await fc.assert(
      fc.asyncProperty(fc.nat(cursor.length - 1), fc.string({ minLength: 1, maxLength: 3 }), async (at, replacement) => {
        const edited = cursor.slice(0, at) + replacement + cursor.slice(at + replacement.length);
        fc.pre(edited !== cursor);
        const result = await refusal(list(A, edited));
        expect(result).toMatchObject({ code: 'BAD_USER_INPUT' });
      }),
      { numRuns: 300 },
    );
  });
});
