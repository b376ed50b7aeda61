/**
 * Starts DynamoDB Local in memory on a free port for the whole run (and the
 * SES v2 emulator on another), creates
 * the table from the shared definition and a local issuer in a temporary
 * folder, and stops it all at the end. Tests only ever talk to this endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureLocalIssuer } from '../functions/core/auth/local-issuer';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { startSesEmulator } from '../functions/local/ses-local';
import { assertLocalEndpoint, ensureTable } from '../functions/local/table';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    dataDir: string;
    sesEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-test-'));
  ensureLocalIssuer(dataDir);
  const dynamodb = await startDynamoDbLocal();
  assertLocalEndpoint(dynamodb.endpoint);
  // The SES v2 emulator on its own free port, for this run only.
  const ses = await startSesEmulator(0);
  const tableName = 'agora-test';
  await ensureTable(dynamodb.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamodb.endpoint);
  project.provide('tableName', tableName);
  project.provide('dataDir', dataDir);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await ses.stop();
    await dynamodb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
