/**
 * Starts DynamoDB Local in memory on a free port for the whole run, creates
 * the table from the shared definition and a local issuer in a temporary
 * folder, and stops it all at the end. Tests only ever talk to this endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureLocalIssuer } from '../functions/core/auth/local-issuer';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { assertLocalEndpoint, ensureTable } from '../functions/local/table';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    dataDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-test-'));
  ensureLocalIssuer(dataDir);
  const dynamodb = await startDynamoDbLocal();
  assertLocalEndpoint(dynamodb.endpoint);
  const tableName = 'agora-test';
  await ensureTable(dynamodb.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamodb.endpoint);
  project.provide('tableName', tableName);
  project.provide('dataDir', dataDir);
  return async () => {
    await dynamodb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
