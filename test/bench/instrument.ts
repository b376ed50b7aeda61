/**
 * Counts the DynamoDB requests the process sends and the read capacity they
 * consume: an SDK middleware on the shared client asks every request for
 * `ReturnConsumedCapacity: TOTAL` and adds up what comes back.
 */
import { documentClient } from '../../functions/core/dynamodb/client';

export interface Usage {
  requests: number;
  readCapacity: number;
  writeCapacity: number;
  commands: string[];
}

let current: Usage | undefined;
let installed = false;

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

function add(usage: Usage, capacity: Capacity | Capacity[] | undefined, write: boolean): void {
  for (const c of [capacity ?? []].flat()) {
    const read = c.ReadCapacityUnits ?? (write ? 0 : (c.CapacityUnits ?? 0));
    const written = c.WriteCapacityUnits ?? (write ? (c.CapacityUnits ?? 0) : 0);
    usage.readCapacity += read;
    usage.writeCapacity += written;
  }
}

const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'TransactWriteItemsCommand',
]);

export function installUsageCounter(): void {
  if (installed) return;
  installed = true;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const usage = current;
      if (!usage) return next(args);
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      usage.requests++;
      usage.commands.push(context.commandName ?? 'unknown');
      const result = await next(args);
      add(usage, (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity, WRITES.has(context.commandName ?? ''));
      return result;
    },
    { step: 'initialize', name: 'benchUsageCounter', priority: 'high' },
  );
}

/** Runs `fn` and returns what it cost in DynamoDB requests and capacity. */
export async function measureUsage<T>(fn: () => Promise<T>): Promise<{ result: T; usage: Usage }> {
  installUsageCounter();
  const usage: Usage = { requests: 0, readCapacity: 0, writeCapacity: 0, commands: [] };
  current = usage;
  try {
    return { result: await fn(), usage };
  } finally {
    current = undefined;
  }
}
