/**
 * Logs, metrics and traces through AWS Powertools, built once per process.
 * Log lines and metrics carry the request id, the operation and a hashed
 * caller id: never a token, an email, a name or a request body.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context as LambdaContext } from 'aws-lambda';
import type { Caller } from './auth/caller';
import { config } from './config';

export const SERVICE_NAME = 'agora';
export const METRICS_NAMESPACE = 'Agora';

let logger: Logger | undefined;

/** The process's Logger (JSON lines on stdout, which CloudWatch reads as they are). */
export function powertoolsLogger(): Logger {
  logger ??= new Logger({ serviceName: SERVICE_NAME, logLevel: config().logLevel });
  return logger;
}

/** What one invocation records, published as one EMF line when it ends (`observeInvocation`). */
interface Invocation {
  readonly functionName: string;
  operation: string;
  readonly counts: Map<string, number>;
  durationMs: number | undefined;
}

/**
 * The invocation being served. Lambda runs one at a time per process; the local server and the tests run
 * several at once in one process, and each keeps its own metrics. (Node 24's AsyncLocalStorage needs no
 * async hooks, so it costs nothing per `await`.)
 */
const invocations = new AsyncLocalStorage<Invocation>();
let coldStart = true;

/**
 * Runs one Lambda invocation: log lines carry its Lambda context (function name, request id, cold start),
 * and everything recorded during it is published at its end as one EMF line — or none when nothing was
 * recorded, so no "No application metrics to publish" warning.
 */
export async function observeInvocation<T>(context: LambdaContext, run: () => Promise<T>): Promise<T> {
  powertoolsLogger().addContext(context);
  const invocation: Invocation = { functionName: context.functionName, operation: 'none', counts: new Map(), durationMs: undefined };
  try {
    return await invocations.run(invocation, run);
  } finally {
    publish(invocation);
  }
}

/**
 * Namespace `Agora`, dimensions `service` + `operation` (the root field) and, for alarms over the whole
 * function, `service` + `function_name`. Metrics: `Requests`, `Duration`, `Errors` (all codes),
 * `Errors.<CODE>` per error code, `Refused.<REASON>` for requests refused before GraphQL ran,
 * `ColdStart` on a process's first invocation.
 */
function publish(invocation: Invocation): void {
  if (!config().metrics || (invocation.counts.size === 0 && invocation.durationMs === undefined)) return;
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  metrics.addDimension('operation', invocation.operation);
  metrics.addDimensions({ function_name: invocation.functionName });
  if (coldStart) metrics.addMetric('ColdStart', MetricUnit.Count, 1);
  coldStart = false;
  if (invocation.durationMs !== undefined) metrics.addMetric('Duration', MetricUnit.Milliseconds, invocation.durationMs);
  for (const [name, count] of invocation.counts) metrics.addMetric(name, MetricUnit.Count, count);
  metrics.publishStoredMetrics();
}

function count(name: string, by = 1): void {
  const invocation = invocations.getStore();
  if (invocation) invocation.counts.set(name, (invocation.counts.get(name) ?? 0) + by);
}

/** What is done to every AWS SDK client the process builds (X-Ray capture, once tracing is loaded). */
type ClientInstrumentation = (client: Parameters<Tracer['captureAWSv3Client']>[0]) => void;

let instrumentClient: ClientInstrumentation | undefined;
let tracingLoaded: Promise<void> | undefined;

/**
 * Loads Powertools Tracer (X-Ray subsegments for the DynamoDB calls) when tracing is on, once per process,
 * before the first client is built; entry points await it. Loaded lazily because merely importing it costs
 * every request: the X-Ray SDK installs async hooks (cls-hooked) that make each `await` ~30 times slower,
 * and a GraphQL request awaits thousands of times (docs/performance.md has the figures). Off locally.
 */
export function loadTracing(enabled = config().tracing): Promise<void> {
  tracingLoaded ??= enabled
    ? import('@aws-lambda-powertools/tracer').then(({ Tracer }) => {
        const tracer = new Tracer({ serviceName: SERVICE_NAME });
        instrumentClient = (client) => tracer.captureAWSv3Client(client);
      })
    : Promise.resolve();
  return tracingLoaded;
}

/** Applies the loaded instrumentation (if any) to a client being built. */
export function instrument(client: Parameters<ClientInstrumentation>[0]): void {
  instrumentClient?.(client);
}

/** A stable, non-reversible id for the caller: the same user hashes the same in every log line. */
export function callerHash(caller: Caller): string {
  if (caller.kind !== 'user') return 'public';
  return createHash('sha256').update(`agora-caller:${caller.subject}`).digest('base64url').slice(0, 16);
}

/**
 * One GraphQL request's metrics: a count and the duration per operation (the
 * root field, from the schema, so the dimension cannot be flooded by
 * clients), and a count per error code (codes are a closed set: the edge maps
 * every other error to INTERNAL_SERVER_ERROR). Kept with the invocation and
 * published when it ends.
 */
export function recordRequest(operation: string, durationMs: number, errorCodes: readonly string[]): void {
  const invocation = invocations.getStore();
  if (!invocation) return;
  invocation.operation = operation;
  invocation.durationMs = durationMs;
  count('Requests');
  if (errorCodes.length > 0) count('Errors');
  for (const code of new Set(errorCodes)) count(`Errors.${code}`);
}

/** Why a request was refused before GraphQL ran: a token that does not verify, a CSRF-suspect request. */
export type Refusal = 'UNAUTHENTICATED' | 'CSRF';

/** A request refused before GraphQL ran: logged by the caller, counted here as `Refused.<REASON>`. */
export function recordRefusal(reason: Refusal): void {
  count('Requests');
  count(`Refused.${reason}`);
}
