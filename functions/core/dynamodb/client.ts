/**
 * The one DynamoDB client of the process, built at module scope on first use
 * so a warm Lambda reuses its connections. Only repositories use it.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { DYNAMODB_LIMITS } from '../limits';
import { instrument } from '../observability';
import { currentBudget, withinDeadline, WRITE_COMMANDS } from '../request-budget';
import { allowanceRefusal, consumeWriteAllowance, writeAllowanceUpdate } from './rate-limit';

/** Called for every request the client sends (the benchmark and the round-trip tests count them). */
export type RequestListener = (command: string, input: unknown) => void;

const listeners = new Set<RequestListener>();

export function onDynamoRequest(listener: RequestListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Appends the caller's write-allowance update to a document client's TransactWriteItems input when it has
 * room; returns its position, or undefined when the write is no such transaction (the allowance is then an
 * UpdateItem of its own).
 */
function addAllowanceItem(input: unknown, writer: string): { index: number; now: Date } | undefined {
  const items = (input as { TransactItems?: Record<string, { Key?: { PK?: unknown }; Item?: { PK?: unknown } } | undefined>[] }).TransactItems;
  if (!Array.isArray(items) || items.length === 0 || items.length >= MAX_TRANSACTION_ITEMS) return undefined;
  // Only an input still in JavaScript values (a document client command, marshalled later): a key as a string.
  const first = Object.values(items[0] ?? {})[0];
  if (typeof (first?.Key ?? first?.Item)?.PK !== 'string') return undefined;
  const now = new Date();
  items.push({ Update: writeAllowanceUpdate(config().tableName, writer, now) });
  return { index: items.length - 1, now };
}

/**
 * A document client for an endpoint (the regional one when `endpoint` is
 * undefined). Timeouts and attempts are bounded (limits.ts) so that an
 * unreachable or throttling table fails a request fast with a retriable
 * error instead of holding it until the Lambda times out.
 */
export function createDocumentClient(options: {
  endpoint?: string | undefined;
  region: string;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: DYNAMODB_LIMITS.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? DYNAMODB_LIMITS.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs ?? DYNAMODB_LIMITS.requestTimeoutMs,
      // Without it the request timeout only logs a warning and the socket waits up to 300 s.
      throwOnRequestTimeout: true,
    },
  });
  base.middlewareStack.add(
    (next, context) => async (args) => {
      for (const listener of listeners) listener(context.commandName ?? 'unknown', args.input);
      return next(args);
    },
    { step: 'initialize', name: 'agoraRequestCounter' },
  );
  // The request budget (request-budget.ts): each call is charged before it is sent, its read capacity after.
  base.middlewareStack.add(
    (next, context) => async (args) => {
      const budget = currentBudget();
      if (!budget) return next(args);
      budget.charge();
      // The caller's first write of this request is counted against their allowance (rate-limit.ts): inside
      // it when it is a transaction with room for one more item, else by an UpdateItem sent just before.
      let allowance: { index: number; now: Date } | undefined;
      if (budget.writer && !budget.writeCounted && WRITE_COMMANDS.has(context.commandName ?? '')) {
        allowance = addAllowanceItem(args.input, budget.writer);
        if (!allowance) {
          budget.writeCounted = true;
          await consumeWriteAllowance(document, config().tableName, budget.writer);
        }
      }
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await withinDeadline(budget, next(args));
      } catch (error) {
        // Only the allowance's own condition becomes RATE_LIMITED; the others stay the store's outcome.
        if (allowance && error instanceof TransactionCanceledException && error.CancellationReasons?.[allowance.index]?.Code === 'ConditionalCheckFailed') {
          throw allowanceRefusal(error.CancellationReasons[allowance.index]?.Item as Record<string, { N?: string }> | undefined, allowance.now);
        }
        throw error;
      }
      // Counted once it committed; a canceled attempt counted nothing, so the store's retry carries it again.
      if (allowance) budget.writeCounted = true;
      budget.consumed(context.commandName ?? '', (result.output as { ConsumedCapacity?: Parameters<typeof budget.consumed>[1] }).ConsumedCapacity);
      return result;
    },
    { step: 'initialize', name: 'agoraRequestBudget', priority: 'high' },
  );
  // Inside the SDK's retry loop: no new attempt starts once the request's deadline has passed.
  base.middlewareStack.add(
    (next) => async (args) => {
      currentBudget()?.checkDeadline();
      return next(args);
    },
    { step: 'finalizeRequest', name: 'agoraAttemptDeadline', priority: 'low' },
  );
  instrument(base);
  const document = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return document;
}

let client: DynamoDBDocumentClient | undefined;

export function documentClient(): DynamoDBDocumentClient {
  if (!client) {
    const { dynamodbEndpoint, region, dynamodbRequestTimeoutMs, dynamodbConnectionTimeoutMs } = config();
    client = createDocumentClient({
      endpoint: dynamodbEndpoint,
      region,
      requestTimeoutMs: dynamodbRequestTimeoutMs,
      connectionTimeoutMs: dynamodbConnectionTimeoutMs,
    });
  }
  return client;
}

/**
 * Drops the process's client so the next use builds one from the current
 * configuration (tests that point the API at another DynamoDB Local).
 */
export function resetDocumentClient(): void {
  client?.destroy();
  client = undefined;
}

export function tableName(): string {
  return config().tableName;
}
