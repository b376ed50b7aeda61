/**
 * DynamoDB unavailable mid-run: this file points the API at a second
 * DynamoDB Local of its own (on disk), stops it while requests are in
 * flight, and starts it again on the same port with the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { resetDocumentClient } from '../../functions/core/dynamodb/client';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { freePort, startDynamoDbLocal, type RunningDynamoDb } from '../../functions/local/dynamodb-local';
import { ensureTable } from '../../functions/local/table';
import { errorCode, gql, newUserToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';

const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id } } }';
const TABLE = 'agora-outage';

let dataDir: string;
let port: number;
let dynamodb: RunningDynamoDb | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'agora-outage-'));
  port = await freePort();
  dynamodb = await startDynamoDbLocal({ dataDir, port });
  await ensureTable(dynamodb.endpoint, TABLE);
  setEnv({ DYNAMODB_ENDPOINT: dynamodb.endpoint, TABLE_NAME: TABLE });
  resetDocumentClient();
}, 120_000);

afterAll(async () => {
  await dynamodb?.stop();
  resetDocumentClient();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Attempt {
  email: string;
  subject: string;
  code: string | undefined;
  ok: boolean;
  ms: number;
}

async function register(): Promise<Attempt> {
  const user = await newUserToken();
  const email = `${unique()}@example.net`;
  const started = Date.now();
  const result = await gql(
    REGISTER,
    { input: { name: 'Outage Tester', group: 'GOVERNMENT', region: 'AFRICAN', country: 'ZA', contactEmail: email } },
    user.token,
  );
  return { email, subject: user.subject, code: errorCode(result), ok: !result.errors && Boolean(result.data?.registerStakeholder), ms: Date.now() - started };
}

/** How many of a registration's items exist: 0 or 2 (identity + profile, found through the identity; no guard until the address is confirmed) — never 1. */
async function itemsOf(attempt: Attempt): Promise<number> {
  const identity = await getItem(stakeholderKeys.identity(attempt.subject));
  const profile = await getItem(stakeholderKeys.item((identity?.stakeholderId as string | undefined) ?? 'none'));
  return [identity, profile?.contactEmail === attempt.email ? profile : undefined].filter(Boolean).length;
}

describe('DynamoDB unavailable mid-run', () => {
  it('fails fast with a retriable error while it is down, writes nothing partial, and resumes when it returns', async () => {
    // Prepare: the service works.
    const before = await register();
    expect(before.ok).toBe(true);

    // Act: requests in flight while the database goes away…
    const inFlight = Array.from({ length: 10 }, (_, i) => new Promise<Attempt>((resolve) => setTimeout(() => resolve(register()), i * 30)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await dynamodb?.stop();
    const during = await Promise.all(inFlight);
    const whileDown = await register();
    const readWhileDown = await gql('query ($id: ID!) { stakeholder(id: $id) { name } }', { id: 'U3Rha2Vob2xkZXI6eHl6' });

    // …and after it comes back on the same port with the same data.
    dynamodb = await startDynamoDbLocal({ dataDir, port });
    const after = await register();

    // Assess: down → SERVICE_UNAVAILABLE (retriable), with no stack or endpoint in the answer.
    expect(whileDown.code).toBe('SERVICE_UNAVAILABLE');
    expect(errorCode(readWhileDown)).toBe('SERVICE_UNAVAILABLE');
    expect(readWhileDown.errors?.[0]?.extensions?.retriable).toBe(true);
    expect(JSON.stringify(readWhileDown)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
    for (const attempt of during) {
      expect(attempt.ok || attempt.code === 'SERVICE_UNAVAILABLE').toBe(true);
    }
    // Nothing partial: each registration wrote all of its items or none; every success is stored.
    for (const attempt of [...during, whileDown]) {
      const count = await itemsOf(attempt);
      expect([0, 2]).toContain(count);
      if (attempt.ok) expect(count).toBe(2);
    }
    expect(await itemsOf(whileDown)).toBe(0);
    // Resumed, with the data written before the outage still there.
    expect(after.ok).toBe(true);
    expect(await itemsOf(before)).toBe(2);
    expect(await itemsOf(after)).toBe(2);
  }, 120_000);
});
