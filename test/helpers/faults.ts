/**
 * Fault injection in the DynamoDB client's middleware (DynamoDB Local cannot
 * throttle or conflict): a fault is thrown inside the SDK's retry loop, as if
 * the service had answered with it, for the first `times` matching calls.
 */
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../../functions/core/dynamodb/client';
import { unique } from './api';

export interface Injection {
  /** Calls of the command seen so far (faulted or not). */
  readonly calls: () => number;
  remove(): void;
}

export function injectFault(command: string, fault: () => Error, times = Number.POSITIVE_INFINITY): Injection {
  const name = `fault-${unique()}`;
  let calls = 0;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command) return next(args);
      calls++;
      if (calls <= times) throw fault();
      return next(args);
    },
    // The deserialize step runs inside the retry middleware, where a service's answer would arrive.
    { step: 'deserialize', name, priority: 'low' },
  );
  return { calls: () => calls, remove: () => documentClient().middlewareStack.remove(name) };
}

export const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: { httpStatusCode: 400 } });

/** A transaction canceled because another one touched the same item (`index` of N items). */
export const transactionConflict =
  (items: number, index = 0) =>
  () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === index ? 'TransactionConflict' : 'None' })),
    });
