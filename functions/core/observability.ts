/**
 * Logs, metrics and traces through AWS Powertools, built once per process.
 * Log lines and metrics carry the request id, the operation and a hashed
 * caller id: never a token, an email, a name or a request body.
 */
import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
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

/** Namespace `Agora`: a cold-start count here, per-request metrics through `recordRequest`. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

/** Once per invocation: the cold-start count (first invocation only), then everything stored is flushed. */
export function flushMetrics(): void {
  if (!config().metrics) return;
  metrics.captureColdStartMetric();
  metrics.publishStoredMetrics();
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
 * One request's metrics: a count and the duration per operation (the root
 * field, from the schema, so the dimension cannot be flooded by clients),
 * and a count per error code. Published at once, so concurrent requests
 * never mix their dimensions.
 */
export function recordRequest(operation: string, durationMs: number, errorCodes: readonly string[]): void {
  if (!config().metrics) return;
  const request = metrics.singleMetric();
  request.addDimension('operation', operation);
  request.addMetric('Requests', MetricUnit.Count, 1);
  const latency = metrics.singleMetric();
  latency.addDimension('operation', operation);
  latency.addMetric('Duration', MetricUnit.Milliseconds, durationMs);
  for (const code of new Set(errorCodes)) {
    const errors = metrics.singleMetric();
    errors.addDimension('code', code);
    errors.addMetric('Errors', MetricUnit.Count, 1);
  }
}
