/**
 * The run-time budget of one request: how many DynamoDB requests it has
 * sent, how much read capacity they consumed, and the instant by which it
 * must answer. The GraphQL handler opens one per request
 * (`runWithBudget`); the DynamoDB client's middleware (dynamodb/client.ts)
 * charges every call to the budget of the request it runs for, found
 * through AsyncLocalStorage, so no repository has to pass it along.
 *
 * Over budget, the call that would exceed it is not sent, and neither is any
 * later one: the request stops, and a write that had not been sent is never
 * sent. Past the deadline, no new call or attempt starts and a call in
 * flight is abandoned with SERVICE_UNAVAILABLE (retriable).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CostLimitExceededError, ServiceUnavailableError } from './errors';
import { REQUEST_BUDGET } from './limits';

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/** Commands whose consumed capacity is a write's (their `CapacityUnits` are write units). */
export const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

export interface BudgetLimits {
  readonly maxRequests: number;
  readonly maxReadCapacity: number;
}

export class RequestBudget {
  requests = 0;
  readCapacity = 0;
  /** Set once the request went over a limit: every later call is refused too. */
  exceeded: 'requests' | 'readCapacity' | undefined;
  /** The signed-in caller whose writes are rate-limited (limits.ts WRITE_LIMITS); undefined for the public. */
  writer: string | undefined;
  /** Whether this request's write was counted against the writer's allowance (once per request). */
  writeCounted = false;

  constructor(
    readonly limits: BudgetLimits = REQUEST_BUDGET,
    /** Epoch milliseconds by which the request must answer; undefined: none. */
    readonly deadline?: number,
  ) {}

  /** Called before a DynamoDB call is sent: refuses it when the budget is spent or the deadline passed. */
  charge(): void {
    this.checkDeadline();
    if (this.exceeded) throw this.error();
    if (this.requests + 1 > this.limits.maxRequests) {
      this.exceeded = 'requests';
      throw this.error();
    }
    this.requests++;
  }

  /** Called with the `ConsumedCapacity` of a call's answer. */
  consumed(command: string, capacity: Capacity | Capacity[] | undefined): void {
    for (const c of [capacity ?? []].flat()) {
      this.readCapacity += c.ReadCapacityUnits ?? (WRITE_COMMANDS.has(command) ? 0 : (c.CapacityUnits ?? 0));
    }
    if (this.readCapacity > this.limits.maxReadCapacity) this.exceeded ??= 'readCapacity';
  }

  checkDeadline(): void {
    if (this.deadline !== undefined && Date.now() >= this.deadline) throw deadlineError();
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  remainingMs(): number {
    return this.deadline === undefined ? Infinity : Math.max(0, this.deadline - Date.now());
  }

  error(): CostLimitExceededError {
    const limit = this.exceeded === 'readCapacity' ? `${this.limits.maxReadCapacity} read capacity units` : `${this.limits.maxRequests} database requests`;
    return new CostLimitExceededError(`The request needs more than its budget of ${limit}; ask for smaller pages or fewer nested lists`, {
      budget: { maxRequests: this.limits.maxRequests, maxReadCapacity: this.limits.maxReadCapacity },
    });
  }
}

export function deadlineError(): ServiceUnavailableError {
  return new ServiceUnavailableError('The service did not answer in time; retry shortly', { retriable: true });
}

const storage = new AsyncLocalStorage<RequestBudget>();

/** Runs `fn` with `budget` as the budget of every DynamoDB call it makes. */
export function runWithBudget<T>(budget: RequestBudget, fn: () => T): T {
  return storage.run(budget, fn);
}

/** The budget of the request the caller runs for, if any (the scheduler and local tooling have none). */
export function currentBudget(): RequestBudget | undefined {
  return storage.getStore();
}

/**
 * `work`, abandoned with SERVICE_UNAVAILABLE if the budget's deadline comes first (the timer is cleared
 * either way, so a finished request leaves nothing pending).
 */
export async function withinDeadline<T>(budget: RequestBudget, work: Promise<T>): Promise<T> {
  const remaining = budget.remainingMs();
  if (remaining === Infinity) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlineError()), remaining);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
