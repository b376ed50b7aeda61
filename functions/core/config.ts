/**
 * The environment, read and validated in one place. Nothing else reads
 * process.env: every other module asks for `config()`.
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import { DYNAMODB_LIMITS, WRITE_LIMITS } from './limits';

const schema = z.object({
  /** `local` for npm start, tests and the benchmark; `deployed` in AWS Lambda. */
  AGORA_STAGE: z.enum(['local', 'deployed']).default('local'),
  TABLE_NAME: z.string().min(1).default('agora'),
  /** Only set locally: the DynamoDB Local endpoint. Deployed functions use the regional endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Where npm start keeps DynamoDB Local's files and the local issuer's key pair. */
  AGORA_DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  /** Deployed token verification: the Cognito user pool and its app client. */
  COGNITO_USER_POOL_ID: z.string().min(1).optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** The staff pool (MFA required; the only pool whose `secretariat` group counts) and its app clients (comma-separated: the staff app's and the operators'). */
  COGNITO_STAFF_USER_POOL_ID: z.string().min(1).optional(),
  COGNITO_STAFF_CLIENT_ID: z.string().min(1).optional(),
  /** Key of the pagination cursors' encryption (local runs and tests; deployed functions use CURSOR_SECRET_ARN). */
  CURSOR_SECRET: z.string().min(16).optional(),
  /** Deployed: the Secrets Manager secret holding the cursor key, read at init and cached (functions/core/secrets.ts). */
  CURSOR_SECRET_ARN: z.string().min(1).optional(),
  /** Introspection and the landing page; default on locally, off when deployed. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  /**
   * Per-call DynamoDB response timeout and whole-request deadline (defaults: limits.ts DYNAMODB_LIMITS). Set
   * higher only where DynamoDB Local shares a loaded machine with a test suite (test/setup-env.ts).
   */
  DYNAMODB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  DYNAMODB_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  AGORA_REQUEST_DEADLINE_MS: z.coerce.number().int().min(500).max(300_000).optional(),
  /** Writes per caller per minute and per day (defaults: limits.ts WRITE_LIMITS). */
  AGORA_WRITES_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  AGORA_WRITES_PER_DAY: z.coerce.number().int().min(1).optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Persisted operations (graphql/trusted-documents.ts): `allow` (default), `enforce` (registered documents only) or `off`. */
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'enforce']).default('allow'),
  /** The folder of persisted-document manifests (`*.json`); in the Lambda bundle next to index.js. */
  TRUSTED_DOCUMENTS_DIR: z.string().min(1).default('persisted-documents'),
  /** Powertools' own switch for CloudWatch metrics (EMF lines on stdout); default: on deployed, off locally. */
  POWERTOOLS_METRICS_DISABLED: z.enum(['true', 'false']).optional(),
  /** Powertools' switch for X-Ray tracing of the DynamoDB calls; default: on deployed, off locally. */
  POWERTOOLS_TRACE_ENABLED: z.enum(['true', 'false']).optional(),
  /** Only set locally: the SES v2 emulator's endpoint. Deployed functions use the regional SES endpoint. */
  SES_ENDPOINT: z.url().optional(),
  /** The sender of every mail (an SES-verified identity when deployed), e.g. `Agora <no-reply@example.org>`. */
  MAIL_FROM: z.string().min(3).optional(),
  /** The SES configuration set whose event destination reports bounces and complaints (deployed). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Base URL of the public HTTP API, for the confirmation and unsubscribe links in mails. */
  MAIL_LINK_BASE_URL: z.url().optional(),
});

export type Stage = 'local' | 'deployed';

export interface Config {
  readonly stage: Stage;
  readonly tableName: string;
  readonly region: string;
  readonly dynamodbEndpoint: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly cognito: { readonly userPoolId: string; readonly clientIds: readonly string[] } | undefined;
  /** Staff sign-in (cdk/staff.ts): tokens from this pool alone grant the secretariat role. */
  readonly staffCognito: { readonly userPoolId: string; readonly clientIds: readonly string[] } | undefined;
  readonly cursorSecret: string;
  /** Where deployed functions read the cursor key (Secrets Manager); undefined locally. */
  readonly cursorSecretArn: string | undefined;
  readonly introspection: boolean;
  /** DynamoDB per-call connection and response timeouts, and the deadline of a whole GraphQL request, in milliseconds. */
  readonly dynamodbRequestTimeoutMs: number;
  readonly dynamodbConnectionTimeoutMs: number;
  readonly requestDeadlineMs: number;
  readonly writeLimits: { readonly perMinute: number; readonly perDay: number };
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly trustedDocuments: { readonly mode: 'off' | 'allow' | 'enforce'; readonly dir: string };
  readonly metrics: boolean;
  /** X-Ray subsegments for the DynamoDB calls (Powertools Tracer), loaded only when on (docs/performance.md). */
  readonly tracing: boolean;
  /** Mail through SES (locally: the SES v2 emulator). */
  readonly mail: {
    readonly sesEndpoint: string | undefined;
    /** Only the mail sender needs these two deployed (the stack sets them on it); locally they have defaults. */
    readonly from: string | undefined;
    readonly configurationSet: string | undefined;
    readonly linkBaseUrl: string | undefined;
  };
}

/** Used only locally, where cursors protect nothing secret; deployed stacks must set CURSOR_SECRET. */
const LOCAL_CURSOR_SECRET = 'agora-local-cursor-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const deployed = e.AGORA_STAGE === 'deployed';
  if (deployed && (!e.COGNITO_USER_POOL_ID || !e.COGNITO_CLIENT_ID)) {
    throw new Error('Invalid configuration: COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are required when deployed');
  }
  if (deployed && !e.CURSOR_SECRET && !e.CURSOR_SECRET_ARN) {
    throw new Error('Invalid configuration: CURSOR_SECRET_ARN (or CURSOR_SECRET) is required when deployed');
  }
  if (deployed && e.SES_ENDPOINT) {
    throw new Error('Invalid configuration: SES_ENDPOINT is for local use only');
  }
  if (deployed && e.DYNAMODB_ENDPOINT) {
    throw new Error('Invalid configuration: DYNAMODB_ENDPOINT is for local use only');
  }
  return {
    stage: e.AGORA_STAGE,
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION,
    dynamodbEndpoint: e.DYNAMODB_ENDPOINT,
    dataDir: resolve(e.AGORA_DATA_DIR),
    port: e.PORT,
    cognito:
      e.COGNITO_USER_POOL_ID && e.COGNITO_CLIENT_ID
        ? {
            userPoolId: e.COGNITO_USER_POOL_ID,
            clientIds: e.COGNITO_CLIENT_ID.split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          }
        : undefined,
    staffCognito:
      e.COGNITO_STAFF_USER_POOL_ID && e.COGNITO_STAFF_CLIENT_ID
        ? {
            userPoolId: e.COGNITO_STAFF_USER_POOL_ID,
            clientIds: e.COGNITO_STAFF_CLIENT_ID.split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          }
        : undefined,
    cursorSecret: e.CURSOR_SECRET ?? LOCAL_CURSOR_SECRET,
    cursorSecretArn: e.CURSOR_SECRET_ARN,
    introspection: e.GRAPHQL_INTROSPECTION ? e.GRAPHQL_INTROSPECTION === 'true' : !deployed,
    dynamodbRequestTimeoutMs: e.DYNAMODB_REQUEST_TIMEOUT_MS ?? DYNAMODB_LIMITS.requestTimeoutMs,
    dynamodbConnectionTimeoutMs: e.DYNAMODB_CONNECTION_TIMEOUT_MS ?? DYNAMODB_LIMITS.connectionTimeoutMs,
    requestDeadlineMs: e.AGORA_REQUEST_DEADLINE_MS ?? DYNAMODB_LIMITS.requestDeadlineMs,
    writeLimits: { perMinute: e.AGORA_WRITES_PER_MINUTE ?? WRITE_LIMITS.perMinute, perDay: e.AGORA_WRITES_PER_DAY ?? WRITE_LIMITS.perDay },
    logLevel: e.LOG_LEVEL,
    trustedDocuments: { mode: e.TRUSTED_DOCUMENTS, dir: resolve(e.TRUSTED_DOCUMENTS_DIR) },
    metrics: e.POWERTOOLS_METRICS_DISABLED ? e.POWERTOOLS_METRICS_DISABLED === 'false' : deployed,
    tracing: e.POWERTOOLS_TRACE_ENABLED ? e.POWERTOOLS_TRACE_ENABLED === 'true' : deployed,
    mail: {
      sesEndpoint: e.SES_ENDPOINT,
      from: e.MAIL_FROM ?? (deployed ? undefined : 'Agora <no-reply@agora.localhost>'),
      configurationSet: e.SES_CONFIGURATION_SET,
      linkBaseUrl: (e.MAIL_LINK_BASE_URL ?? (deployed ? undefined : `http://localhost:${e.PORT}`))?.replace(/\/+$/, ''),
    },
  };
}

let current: Config | undefined;

/** The process's configuration, read on first use. */
export function config(): Config {
  current ??= loadConfig(process.env);
  return current;
}

/** Sets environment variables before the first `config()` call (local entry points and test setup). */
export function setEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
  current = undefined;
}
