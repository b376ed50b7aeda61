/**
 * A frozen database (SIGSTOP of DynamoDB Local's process: what a network
 * partition looks like to the client) fails requests within the stated time
 * with SERVICE_UNAVAILABLE (retriable), instead of holding them until the
 * Lambda times out. This file runs its own DynamoDB Local, so freezing it
 * cannot slow or fail any other test, and uses the production time limits
 * (functions/core/limits.ts DYNAMODB_LIMITS), not the suite's generous ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { resetDocumentClient } from '../../functions/core/dynamodb/client';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { DYNAMODB_LIMITS } from '../../functions/core/limits';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../functions/local/dynamodb-local';
import { ensureTable } from '../../functions/local/table';
import { errorCode, gql, newUserToken, unique, type GraphQLResponse } from '../helpers/api';
import { getItem } from '../helpers/db';

const TABLE = 'agora-frozen';
const REGISTER = 'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id } } }';
const READ = 'query ($id: ID!) { stakeholder(id: $id) { name } }';

let dynamodb: RunningDynamoDb | undefined;

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  await ensureTable(dynamodb.endpoint, TABLE);
  setEnv({
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    TABLE_NAME: TABLE,
    DYNAMODB_REQUEST_TIMEOUT_MS: String(DYNAMODB_LIMITS.requestTimeoutMs),
    DYNAMODB_CONNECTION_TIMEOUT_MS: String(DYNAMODB_LIMITS.connectionTimeoutMs),
    AGORA_REQUEST_DEADLINE_MS: String(DYNAMODB_LIMITS.requestDeadlineMs),
  });
  resetDocumentClient();
}, 120_000);

afterAll(async () => {
  if (dynamodb?.process.pid) process.kill(dynamodb.process.pid, 'SIGCONT');
  await dynamodb?.stop();
  resetDocumentClient();
});

async function register() {
  const user = await newUserToken();
  const email = `${unique()}@example.net`;
  const started = Date.now();
  const result = await gql(
    REGISTER,
    { input: { name: `Frozen ${unique()}`, group: 'ACADEMIA', region: 'AFRICAN', country: 'GH', contactEmail: email } },
    user.token,
  );
  return { result, email, subject: user.subject, ms: Date.now() - started };
}

describe('a frozen database', () => {
  it('answers SERVICE_UNAVAILABLE (retriable) within the request deadline, then serves again once it thaws', async () => {
    // Prepare: the service works
    const before = await register();
    expect(before.result.errors).toBeUndefined();
    const id = before.result.data?.registerStakeholder.stakeholder.id as string;
    const pid = dynamodb?.process.pid as number;

    // Act: freeze the database process, send a read and a write, thaw it
    process.kill(pid, 'SIGSTOP');
    let read: { result: GraphQLResponse; ms: number };
    let write: Awaited<ReturnType<typeof register>>;
    try {
      const started = Date.now();
      [read, write] = await Promise.all([gql(READ, { id }).then((result) => ({ result, ms: Date.now() - started })), register()]);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const after = await gql(READ, { id });

    // Assess: both failed fast and retriably, within the deadline (plus the time to answer)
    for (const { result, ms } of [read, write]) {
      expect(errorCode(result)).toBe('SERVICE_UNAVAILABLE');
      expect(result.errors?.[0]?.extensions?.retriable).toBe(true);
      expect(ms).toBeLessThan(DYNAMODB_LIMITS.requestDeadlineMs + DYNAMODB_LIMITS.lambdaMarginMs);
    }
    expect(after.errors).toBeUndefined();
    expect(after.data?.stakeholder.name).toMatch(/^Frozen /);
    // The write is all or nothing: its guard and identity exist together or not at all
    const guard = await getItem(stakeholderKeys.emailGuard(write.email));
    const identity = await getItem(stakeholderKeys.identity(write.subject));
    expect(Boolean(guard)).toBe(Boolean(identity));
  }, 60_000);
});
