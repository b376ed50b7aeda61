/**
 * Secrets the functions need at run time, kept out of their environment.
 * Deployed, the cursor key is read from Secrets Manager (CURSOR_SECRET_ARN)
 * when the function starts and again once the cache is older than
 * SECRET_CACHE_MS, so a rotated key reaches every warm function within
 * that time without a deploy. Both the current and the previous version
 * are kept: cursors made just before a rotation still open after it.
 * Locally (npm start, tests) the key comes from the configuration as
 * before (CURSOR_SECRET, or the built-in local key).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from './config';

export interface CursorSecrets {
  readonly current: string;
  /** The version before the last rotation, still accepted when reading cursors. */
  readonly previous?: string | undefined;
}

/** How long a warm function keeps the key before reading it again (the longest a rotation takes to apply). */
export const SECRET_CACHE_MS = 5 * 60_000;

let cached: { value: CursorSecrets; at: number } | undefined;
let loading: Promise<void> | undefined;
let client: SecretsManagerClient | undefined;

async function readVersion(arn: string, stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  client ??= new SecretsManagerClient({ region: config().region, maxAttempts: 3 });
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: stage }));
    return SecretString;
  } catch (error) {
    // A secret never rotated has no AWSPREVIOUS version.
    if (stage === 'AWSPREVIOUS' && error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/**
 * Reads the secrets when they are not cached or the cache is stale; entry points await it before serving.
 * A failed refresh keeps serving the cached key (the next request tries again).
 */
export function loadSecrets(now = Date.now()): Promise<void> {
  const arn = config().cursorSecretArn;
  if (!arn || (cached && now - cached.at < SECRET_CACHE_MS)) return Promise.resolve();
  loading ??= Promise.all([readVersion(arn, 'AWSCURRENT'), readVersion(arn, 'AWSPREVIOUS')])
    .then(([current, previous]) => {
      if (!current) throw new Error('The cursor secret has no value');
      cached = { value: { current, previous }, at: Date.now() };
    })
    .catch((error: unknown) => {
      if (!cached) throw error;
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/** The cursor key(s): from Secrets Manager once loaded, else from the configuration. */
export function cursorSecrets(): CursorSecrets {
  if (cached) return cached.value;
  const cfg = config();
  if (cfg.cursorSecretArn) throw new Error('The cursor secret was not loaded: the entry point must await loadSecrets()');
  return { current: cfg.cursorSecret };
}

/** Tests: forget the cached secrets (and the client), as a new process would. */
export function resetSecrets(value?: CursorSecrets): void {
  cached = value ? { value, at: Date.now() } : undefined;
  client = undefined;
}
