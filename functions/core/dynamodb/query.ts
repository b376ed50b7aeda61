/**
 * Cursor-paginated Query: a page is full whenever enough items match (with a
 * filter it reads on until it has them), `hasNextPage` is exact (it reads one
 * item ahead), and cursors are the signed key of an item, scoped to the list.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, type Key } from '../cursor';
import { BadUserInputError } from '../errors';
import { documentClient, tableName } from './client';
import { GSI, KEY, type IndexName } from './table';
import type { Item } from './batch';

export interface PageRequest {
  /** The list's identity, bound into its cursors (e.g. `contributions:<consultationId>`). */
  readonly scope: string;
  readonly index?: IndexName;
  /** Partition key value. */
  readonly pk: string;
  /** Sort key condition: `begins_with`, `between`, or comparisons. */
  readonly sk?:
    | { readonly beginsWith: string }
    | { readonly between: readonly [string, string] }
    | { readonly gte: string }
    | { readonly lte: string }
    | { readonly gt: string }
    | { readonly lt: string };
  /** A FilterExpression with its names and values (`#`/`:` prefixed), for filters no key can serve. */
  readonly filter?: { readonly expression: string; readonly names?: Record<string, string>; readonly values?: Record<string, unknown> };
  readonly first: number;
  readonly after?: string | null | undefined;
  /** Newest (largest sort key) first when false. Default true. */
  readonly forward?: boolean;
  readonly consistentRead?: boolean;
  /**
   * Only these attributes (the keys the cursors need are added): less to transfer and unmarshal when a
   * list shows a few fields of large items. Read capacity is the same (DynamoDB charges whole items).
   */
  readonly attributes?: readonly string[];
}

export interface Page<T> {
  readonly items: T[];
  /** One signed cursor per item, in order. */
  readonly cursors: string[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

function keyAttributes(index: IndexName | undefined): string[] {
  return index ? [KEY.pk, KEY.sk, GSI[index].partitionKey, GSI[index].sortKey] : [KEY.pk, KEY.sk];
}

function keyOf(item: Item, attributes: string[]): Key {
  return Object.fromEntries(attributes.map((name) => [name, item[name]]));
}

/** The key condition, filter and projection of a request, as Query input. */
function expression(request: Omit<PageRequest, 'scope' | 'first' | 'after'>, attributes: string[]) {
  const pkName = request.index ? GSI[request.index].partitionKey : KEY.pk;
  const skName = request.index ? GSI[request.index].sortKey : KEY.sk;
  const names: Record<string, string> = { '#pk': pkName, ...request.filter?.names };
  const values: Record<string, unknown> = { ':pk': request.pk, ...request.filter?.values };
  let condition = '#pk = :pk';
  const sk = request.sk;
  if (sk) {
    names['#sk'] = skName;
    if ('beginsWith' in sk) {
      condition += ' AND begins_with(#sk, :sk)';
      values[':sk'] = sk.beginsWith;
    } else if ('between' in sk) {
      condition += ' AND #sk BETWEEN :sk1 AND :sk2';
      values[':sk1'] = sk.between[0];
      values[':sk2'] = sk.between[1];
    } else {
      const [op, value] = Object.entries(sk)[0] as [string, string];
      condition += ` AND #sk ${{ gte: '>=', lte: '<=', gt: '>', lt: '<' }[op]} :sk`;
      values[':sk'] = value;
    }
  }
  const projection = request.attributes
    ? [...new Set([...attributes, ...request.attributes])].map((name, i) => {
        names[`#p${i}`] = name;
        return `#p${i}`;
      })
    : undefined;
  return {
    pkName,
    input: {
      TableName: tableName(),
      ...(request.index ? { IndexName: GSI[request.index].indexName } : {}),
      KeyConditionExpression: condition,
      ...(request.filter ? { FilterExpression: request.filter.expression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: request.forward ?? true,
      ...(request.consistentRead ? { ConsistentRead: true } : {}),
      ...(projection ? { ProjectionExpression: projection.join(', ') } : {}),
    } satisfies QueryCommandInput,
  };
}

export async function queryPage<T>(request: PageRequest, map: (item: Item) => T): Promise<Page<T>> {
  const attributes = keyAttributes(request.index);
  const { pkName, input: base } = expression(request, attributes);
  let startKey: Key | undefined = request.after ? decodeCursor(request.scope, request.after) : undefined;
  // Defence in depth: even a genuine cursor must point into the partition being read (two lists sharing a scope name).
  if (startKey && startKey[pkName] !== request.pk) throw new BadUserInputError('The cursor belongs to another list', 'after');
  const wanted = request.first + 1;
  const found: Item[] = [];
  do {
    const input: QueryCommandInput = {
      ...base,
      // Without a filter, exactly one item more than the page tells whether another page follows.
      Limit: request.filter ? Math.max(wanted, 100) : wanted - found.length,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await documentClient().send(new QueryCommand(input));
    found.push(...((result.Items ?? []) as Item[]));
    startKey = result.LastEvaluatedKey as Key | undefined;
  } while (startKey && found.length < wanted);
  const pageItems = found.slice(0, request.first);
  const cursors = pageItems.map((item) => encodeCursor(request.scope, keyOf(item, attributes)));
  return {
    items: pageItems.map(map),
    cursors,
    hasNextPage: found.length > request.first,
    endCursor: cursors.at(-1) ?? null,
  };
}

/**
 * Every item of a paged list, page after page to the end: for jobs, recounts
 * and small bounded lists (a year's three consultations), never for a
 * request's unbounded list.
 */
export async function allPages<T>(page: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const result: Page<T> = await page(after);
    all.push(...result.items);
    after = result.hasNextPage ? result.endCursor : null;
  } while (after);
  return all;
}

/** A Query of a whole partition (or a range of it): a page request without cursors. */
export type AllRequest = Omit<PageRequest, 'scope' | 'first' | 'after'>;

/**
 * Every item a Query matches, reading on from each response's LastEvaluatedKey until the last one: for
 * jobs, recounts and small bounded lists (a roster, an organisation's representatives), never for a
 * request's unbounded list. DynamoDB fills each response up to 1 MB, so a list that fits is one request.
 */
export async function queryAll<T>(request: AllRequest, map: (item: Item) => T): Promise<T[]> {
  const { input } = expression(request, keyAttributes(request.index));
  const all: T[] = [];
  let startKey: Key | undefined;
  do {
    const result = await documentClient().send(new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    for (const item of result.Items ?? []) all.push(map(item));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return all;
}
