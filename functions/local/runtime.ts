/**
 * The local runtime shared by npm start and npm run seed: DynamoDB Local on
 * the data folder (or in memory), the table from the shared definition, and
 * a note of the running endpoint so other local commands can find it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config, setEnv } from '../core/config';
import { ensureLocalIssuer } from '../core/auth/local-issuer';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local';
import { ensureTable } from './table';

const endpointFile = (dataDir: string) => join(dataDir, 'running.json');

export interface LocalRuntime {
  readonly dynamodb: RunningDynamoDb;
  readonly createdTable: boolean;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: { inMemory: boolean }): Promise<LocalRuntime> {
  const { dataDir, tableName } = config();
  ensureLocalIssuer(dataDir);
  const dynamodb = await startDynamoDbLocal(options.inMemory ? {} : { dataDir: join(dataDir, 'dynamodb') });
  setEnv({ DYNAMODB_ENDPOINT: dynamodb.endpoint });
  const createdTable = await ensureTable(dynamodb.endpoint, tableName);
  writeFileSync(endpointFile(dataDir), JSON.stringify({ pid: process.pid, endpoint: dynamodb.endpoint, inMemory: options.inMemory }));
  return {
    dynamodb,
    createdTable,
    stop: async () => {
      rmSync(endpointFile(dataDir), { force: true });
      await dynamodb.stop();
    },
  };
}

/** The endpoint of a running `npm start` on this data folder, if there is one. */
export function runningEndpoint(): string | undefined {
  const file = endpointFile(config().dataDir);
  if (!existsSync(file)) return undefined;
  const { pid, endpoint } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; endpoint: string };
  try {
    process.kill(pid, 0);
    return endpoint;
  } catch {
    return undefined;
  }
}
