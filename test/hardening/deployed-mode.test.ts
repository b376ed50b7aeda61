/**
 * The server as it is configured in AWS (AGORA_STAGE=deployed): no field
 * suggestions, no introspection and no landing page unless
 * GRAPHQL_INTROSPECTION turns them on; locally all three help developers.
 */
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLIC_CALLER } from '../../functions/core/auth/caller';
import { loadConfig } from '../../functions/core/config';
import { createContext, type Context } from '../../functions/graphql/context';
import { createApolloServer } from '../../functions/graphql/server';

const DEPLOYED = {
  AGORA_STAGE: 'deployed',
  COGNITO_USER_POOL_ID: 'us-east-1_test',
  COGNITO_CLIENT_ID: 'client',
  CURSOR_SECRET: 'a-test-cursor-secret-of-some-length',
};

const servers: ApolloServer<Context>[] = [];
async function server(env: Record<string, string>): Promise<ApolloServer<Context>> {
  const created = createApolloServer(loadConfig(env));
  await created.start();
  servers.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function run(target: ApolloServer<Context>, query: string) {
  const response = await target.executeOperation({ query }, { contextValue: createContext({ requestId: 'test-request', caller: PUBLIC_CALLER }) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

async function landingPage(target: ApolloServer<Context>) {
  const response = await target.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'GET', headers: new HeaderMap([['accept', 'text/html']]), search: '', body: undefined },
    context: async () => createContext({ requestId: 'test-request', caller: PUBLIC_CALLER }),
  });
  const body = response.body.kind === 'complete' ? response.body.string : '';
  return { status: response.status ?? 200, html: /<html/i.test(body) };
}

const TYPO_FIELD = '{ stakeholder(id: "x") { nmae } }';
const TYPO_ENUM =
  'mutation { registerStakeholder(input: { name: "A B", group: GOVERMENT, region: AFRICAN, country: "KE", contactEmail: "a@b.org" }) { stakeholder { id } } }';
const INTROSPECTION = '{ __schema { types { name } } }';
const DESCRIBED = '{ __type(name: "Consultation") { description fields { name description } } }';

describe('deployed mode', () => {
  it('never suggests field or enum names ("Did you mean …?")', async () => {
    const deployed = await server(DEPLOYED);

    const field = await run(deployed, TYPO_FIELD);
    const enumValue = await run(deployed, TYPO_ENUM);

    expect(field.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(field.errors?.[0]?.message).toContain('nmae');
    expect(JSON.stringify(field.errors)).not.toMatch(/did you mean|"name"/i);
    expect(enumValue.errors?.[0]?.message).toContain('GOVERMENT');
    expect(JSON.stringify(enumValue.errors)).not.toMatch(/did you mean|GOVERNMENT/i);
  });

  it('refuses introspection and serves no landing page by default', async () => {
    const deployed = await server(DEPLOYED);

    const introspection = await run(deployed, INTROSPECTION);
    const page = await landingPage(deployed);

    expect(introspection.data).toBeUndefined();
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    expect(page.html).toBe(false);
  });

  it('allows introspection and the landing page when GRAPHQL_INTROSPECTION=true', async () => {
    const deployed = await server({ ...DEPLOYED, GRAPHQL_INTROSPECTION: 'true' });

    const introspection = await run(deployed, INTROSPECTION);
    const page = await landingPage(deployed);

    expect(introspection.errors).toBeUndefined();
    expect(page.html).toBe(true);
  });

  it('shows the descriptions through introspection when it is on (the schema without them is built only when it is off)', async () => {
    const deployed = await server({ ...DEPLOYED, GRAPHQL_INTROSPECTION: 'true' });

    const described = await run(deployed, DESCRIBED);

    const type = described.data?.__type as { description: string | null; fields: { name: string; description: string | null }[] };
    expect(type.description).toMatch(/consultation/i);
    expect(type.fields.find((field) => field.name === 'closesAt')?.description).toBeTruthy();
  });
});

describe('local mode, for contrast', () => {
  it('suggests names and allows introspection, so the deployed refusals above are real', async () => {
    const local = await server({ AGORA_STAGE: 'local' });

    const field = await run(local, TYPO_FIELD);
    const introspection = await run(local, INTROSPECTION);

    expect(field.errors?.[0]?.message).toMatch(/did you mean/i);
    expect(introspection.errors).toBeUndefined();
  });

  it('turns introspection off locally when GRAPHQL_INTROSPECTION=false', async () => {
    const local = await server({ AGORA_STAGE: 'local', GRAPHQL_INTROSPECTION: 'false' });

    expect((await run(local, INTROSPECTION)).errors?.[0]?.message).toMatch(/introspection/i);
    expect((await landingPage(local)).html).toBe(false);
  });
});
