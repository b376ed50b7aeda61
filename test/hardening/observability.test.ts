/**
 * Unexpected errors are masked for the client and detailed in the log; every
 * request leaves one structured log line and its metrics, with a hashed
 * caller and never a token, an email or a body.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { documentClient } from '../../functions/core/dynamodb/client';
import { powertoolsLogger } from '../../functions/core/observability';
import { gql, newUserToken, unique } from '../helpers/api';
import { createPerson } from '../helpers/people';

/** Everything the process writes to stdout and stderr while a test runs, as parsed JSON lines. */
let output: string[] = [];
beforeEach(() => {
  output = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  powertoolsLogger().setLogLevel('INFO');
});
afterEach(() => {
  vi.restoreAllMocks();
  powertoolsLogger().setLogLevel('ERROR');
  setEnv({ POWERTOOLS_METRICS_DISABLED: 'true' });
});

function lines(): Record<string, any>[] {
  return output
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);
}

/** Makes every DynamoDB call fail with an error that carries internals a client must never see. */
function breakDynamoDb(): () => void {
  const name = `fault-${unique()}`;
  documentClient().middlewareStack.add(
    () => async () => {
      const error = new Error('Internal DynamoDB failure reading key {PK: STAKEHOLDER#secret-key} of table agora-test');
      error.name = 'SomethingUnexpected';
      throw error;
    },
    { step: 'initialize', name },
  );
  return () => documentClient().middlewareStack.remove(name);
}

const READ = 'query ReadStakeholder($id: ID!) { stakeholder(id: $id) { name } }';

describe('error masking', () => {
  it('answers an unexpected failure with INTERNAL_SERVER_ERROR and the request id, and logs the detail', async () => {
    // Prepare
    const { globalId } = await createPerson();
    const repair = breakDynamoDb();

    // Act
    const result = await gql(READ, { id: globalId }).finally(repair);

    // Assess
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error?.message).toBe('Internal server error');
    expect(typeof error?.extensions?.requestId).toBe('string');
    const body = JSON.stringify(result);
    for (const leak of ['DynamoDB', 'STAKEHOLDER#', 'secret-key', 'agora-test', 'stack', 'SomethingUnexpected', '.ts:']) expect(body).not.toContain(leak);
    const logged = lines().find((line) => line.message === 'Unexpected error');
    expect(logged).toMatchObject({ level: 'ERROR', requestId: error?.extensions?.requestId, error: 'SomethingUnexpected', operationName: 'ReadStakeholder' });
    expect(logged?.detail).toContain('STAKEHOLDER#secret-key');
    expect(logged?.stack).toBeTruthy();
  });
});

describe('request logs and metrics', () => {
  it('logs one line per request with the request id, operation, duration and a hashed caller — never the token or the email', async () => {
    // Prepare
    const user = await newUserToken();
    const email = `${unique()}@private.example`;

    // Act
    const result = await gql(
      'mutation RegisterMe($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id contactEmail } } }',
      { input: { name: 'Logged Person', group: 'ACADEMIA', region: 'AFRICAN', country: 'KE', contactEmail: email } },
      user.token,
    );

    // Assess
    expect(result.errors).toBeUndefined();
    const line = lines().find((l) => l.message === 'GraphQL request' && l.operationName === 'RegisterMe');
    expect(line).toMatchObject({ level: 'INFO', service: 'agora', operation: 'registerStakeholder', operationType: 'mutation', status: 200, errorCodes: [] });
    expect(typeof line?.requestId).toBe('string');
    expect(typeof line?.durationMs).toBe('number');
    expect(line?.caller).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const everything = output.join('');
    expect(everything).not.toContain(user.token);
    expect(everything).not.toContain(user.token.split('.')[1]);
    expect(everything).not.toContain(email);
    expect(everything).not.toContain(user.subject);
    expect(everything).not.toContain('Logged Person');
  });

  it('hashes the same caller the same way, and different callers differently', async () => {
    const [a, b] = await Promise.all([newUserToken(), newUserToken()]);

    await gql('query A { __typename }', {}, a.token);
    await gql('query A2 { __typename }', {}, a.token);
    await gql('query B { __typename }', {}, b.token);
    await gql('query P { __typename }');

    const caller = (name: string) => lines().find((l) => l.operationName === name)?.caller as string;
    expect(caller('A')).toBe(caller('A2'));
    expect(caller('A')).not.toBe(caller('B'));
    expect(caller('P')).toBe('public');
  });

  it('publishes metrics in the Agora namespace: requests per operation and errors per code', async () => {
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'false' });

    await gql('query Missing($id: ID!) { stakeholder(id: $id) { name } }', { id: 'not-an-id' });

    // One EMF line for the invocation, no Powertools warning, dimensions per operation and per function.
    const emf = lines().filter((l) => l._aws?.CloudWatchMetrics);
    expect(emf).toHaveLength(1);
    expect(output.join('')).not.toContain('No application metrics');
    const [line] = emf;
    expect(line?._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({
        Namespace: 'Agora',
        Dimensions: [
          ['service', 'operation'],
          ['service', 'function_name'],
        ],
      }),
    ]);
    expect(line).toMatchObject({
      service: 'agora',
      operation: 'stakeholder',
      function_name: 'agora-graphql',
      Requests: 1,
      Errors: 1,
      'Errors.BAD_USER_INPUT': 1,
    });
    expect(typeof line?.Duration).toBe('number');
  });

  it('publishes nothing, and warns nothing, for an invocation that recorded nothing', async () => {
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'false' });
    const { observeInvocation } = await import('../../functions/core/observability');
    const { lambdaContext } = await import('../../functions/local/http-adapter');

    await observeInvocation(lambdaContext('agora-export'), async () => undefined);

    expect(lines().filter((l) => l._aws?.CloudWatchMetrics)).toEqual([]);
    expect(output.join('')).not.toContain('No application metrics');
  });

  it('gives every log line of an invocation its Lambda context (function name, request id, cold start)', async () => {
    await gql('query Context { __typename }');

    const line = lines().find((l) => l.message === 'GraphQL request' && l.operationName === 'Context');
    expect(line).toMatchObject({ function_name: 'agora-graphql', function_request_id: line?.requestId });
    expect(typeof line?.cold_start).toBe('boolean');
  });
});
