/**
 * The deployed artifact: the bundle that `cdk synth` produces, loaded from the
 * cloud assembly and invoked with API Gateway v2 events against DynamoDB Local.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { newUserToken, unique } from '../helpers/api';
import { synthesize } from '../helpers/synth';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let bundled: Handler;
let bundlePath: string;

beforeAll(() => {
  bundlePath = join(synthesize().assetDir('GraphqlFunction'), 'index.js');
  bundled = (createRequire(import.meta.url)(bundlePath) as { handler: Handler }).handler;
});

async function call(query: string, variables: Record<string, unknown>, token?: string) {
  const event = apiGatewayEvent({
    method: 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const response = await bundled(event, lambdaContext('agora-graphql'));
  return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
}

describe('the synthesized Lambda bundle', () => {
  it('is a single minified file with a source map', () => {
    expect(statSync(bundlePath).size).toBeGreaterThan(10_000);
    expect(statSync(`${bundlePath}.map`).size).toBeGreaterThan(0);
  });

  it('answers a query and a mutation against DynamoDB Local', async () => {
    const user = await newUserToken();
    const email = `${unique()}@example.net`;

    const registered = await call(
      'mutation ($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id name } } }',
      { input: { name: 'Artifact Tester', group: 'ACADEMIA', region: 'ASIA_PACIFIC', country: 'JP', contactEmail: email } },
      user.token,
    );
    const id = registered.body.data.registerStakeholder.stakeholder.id as string;
    const read = await call('query ($id: ID!) { __typename stakeholder(id: $id) { name group region country } }', { id });

    expect(registered.status).toBe(200);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({
      __typename: 'Query',
      stakeholder: { name: 'Artifact Tester', group: 'ACADEMIA', region: 'ASIA_PACIFIC', country: 'JP' },
    });
  });
});
