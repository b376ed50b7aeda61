/**
 * `npm run seed`: deletes the local table and writes the demo data again.
 * Uses the DynamoDB Local of a running `npm start` if there is one, else
 * starts its own on the data folder.
 */
import { config, setEnv } from '../core/config';
import { LocalRuntimeError } from './dynamodb-local';
import { runningEndpoint, startLocalRuntime } from './runtime';
import { dropTable, ensureTable } from './table';

async function main(): Promise<void> {
  const { tableName } = config();
  const endpoint = runningEndpoint();
  const runtime = endpoint ? undefined : await startLocalRuntime({ inMemory: false });
  const target = endpoint ?? runtime?.dynamodb.endpoint ?? '';
  setEnv({ DYNAMODB_ENDPOINT: target });
  try {
    await dropTable(target, tableName);
    await ensureTable(target, tableName);
    const { seedDemoData } = await import('./seed/index');
    const counts = await seedDemoData();
    console.log(
      `Reseeded ${tableName}: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    );
  } finally {
    await runtime?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof LocalRuntimeError ? error.message : error);
  process.exit(1);
});
