/**
 * Abuse of the GraphQL layer: every limit of functions/core/limits.ts refuses
 * a request just over it with a clear 4xx error and no database work, while
 * the project's own operations fit under all of them.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRAPHQL_LIMITS, HTTP_LIMITS, MAX_PAGE_SIZE } from '../../functions/core/limits';
import { pageSize } from '../../functions/core/pagination';
import { toGlobalId } from '../../functions/core/ids';
import { handler } from '../../functions/handlers/graphql';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { invoke, newUserToken, unique } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';

const SCALARS = 'id kind name group region country website description languages contactEmail verification relevantOrganisation createdAt updatedAt version';

/** `affiliation { … }` nested `levels` deep under a stakeholder, with every scalar at each level. */
function nested(levels: number, leaf = SCALARS): string {
  let selection = leaf;
  for (let i = 0; i < levels; i++) selection = `${leaf} affiliation { ${selection} }`;
  return selection;
}

const ID = toGlobalId('Stakeholder', 'demo-org-01');

let requests: string[] = [];
let stop: () => void = () => undefined;
beforeEach(() => {
  requests = [];
  stop = onDynamoRequest((command) => requests.push(command));
});
afterEach(() => stop());

async function post(body: unknown, options: Parameters<typeof invoke>[1] = {}) {
  const response = await invoke(typeof body === 'string' ? body : JSON.stringify(body), options);
  return {
    status: response.statusCode ?? 200,
    body: JSON.parse(response.body ?? '{}') as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

describe('GraphQL abuse limits', () => {
  it('lets the project’s own operations through: registration, then a read at the deepest allowed nesting', async () => {
    // Prepare
    const user = await newUserToken();
    const tag = unique();
    const register = `mutation Register($input: RegisterStakeholderInput!) {
      registerStakeholder(input: $input) { stakeholder { ${SCALARS} affiliation { ${SCALARS} } } } }`;

    // Act
    const registered = await post(
      {
        query: register,
        variables: {
          input: { name: `Limits ${tag}`, group: 'ACADEMIA', region: 'AFRICAN', country: 'GH', languages: ['en'], contactEmail: `${tag}@example.net` },
        },
      },
      { token: user.token },
    );
    // Depth: Query(1) → stakeholder(2) → 10 × affiliation = 12.
    const deep = await post({
      query: `query Deep($id: ID!) { stakeholder(id: $id) { ${nested(GRAPHQL_LIMITS.maxDepth - 2, 'id name')} } }`,
      variables: { id: ID },
    });

    // Assess
    expect(registered.body.errors).toBeUndefined();
    expect(registered.status).toBe(200);
    expect(deep.body.errors).toBeUndefined();
    expect(deep.status).toBe(200);
  });

  it('refuses a document nested deeper than the maximum depth, before reading anything', async () => {
    const result = await post({ query: `{ stakeholder(id: "${ID}") { ${nested(GRAPHQL_LIMITS.maxDepth - 1, 'id')} } }` });

    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0]?.message).toMatch(/depth/i);
    expect(requests).toEqual([]);
  });

  it('refuses a document whose estimated cost is over the maximum, although each other limit holds', async () => {
    const aliases = Array.from({ length: 8 }, (_, i) => `s${i}: stakeholder(id: "${ID}") { ${nested(GRAPHQL_LIMITS.maxDepth - 2)} }`).join(' ');
    const result = await post({ query: `{ ${aliases} }` });

    expect(result.status).toBe(400);
    expect(result.body.errors?.map((e) => e.message).join(' ')).toMatch(/cost/i);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(requests).toEqual([]);
  });

  it('refuses more aliases than the maximum', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: stakeholder(id: "${ID}") { id }`).join(' ');

    const refused = await post({ query: `{ ${aliases(GRAPHQL_LIMITS.maxAliases + 1)} }` });
    const readsWhenRefused = requests.length;
    const accepted = await post({ query: `{ ${aliases(GRAPHQL_LIMITS.maxAliases)} }` });

    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(/alias/i);
    expect(readsWhenRefused).toBe(0);
    expect(accepted.status).toBe(200);
    expect(accepted.body.errors).toBeUndefined();
  });

  it('refuses more directives than the maximum', async () => {
    const directives = Array.from({ length: GRAPHQL_LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(' ');

    const result = await post({ query: `{ __typename ${directives} }` });

    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/directive/i);
  });

  it('refuses a document with more tokens than the maximum while parsing', async () => {
    const fields = Array.from({ length: GRAPHQL_LIMITS.maxTokens }, () => '__typename').join(' ');

    const result = await post({ query: `{ ${fields} }` });

    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.body.errors?.[0]?.message).toMatch(/tokens/i);
  });

  it('refuses a document longer than the maximum size with 413, before parsing', async () => {
    const padding = `# ${'x'.repeat(GRAPHQL_LIMITS.maxDocumentChars)}\n`;

    const result = await post({ query: `${padding}{ __typename }` });

    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(result.body)).not.toMatch(/stack|at .*\.js/);
  });

  it('refuses a request body over the limit with 413 and a JSON error, before Apollo reads it', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(HTTP_LIMITS.maxBodyBytes) } });

    const result = await post(big);

    expect(result.status).toBe(413);
    expect(result.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(result.body.errors?.[0]?.message).toContain(String(HTTP_LIMITS.maxBodyBytes));
    expect(requests).toEqual([]);
  });

  it('refuses a query string over the limit with 414', async () => {
    const query = `query=${encodeURIComponent(`{ __typename }`)}&variables=${'x'.repeat(HTTP_LIMITS.maxQueryStringBytes)}`;

    const response = await invoke(undefined, { method: 'GET', query, headers: { 'apollo-require-preflight': 'true' } });

    expect(response.statusCode).toBe(414);
  });

  it('refuses batched operations', async () => {
    const result = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);

    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toMatch(/batch/i);
  });

  it('caps `first` at the server maximum', () => {
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
    expect(() => pageSize(MAX_PAGE_SIZE + 1)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'first' } }));
    expect(() => pageSize(0)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

/** A GET as a browser sends it from a link or an <img>: no content type. */
async function browserGet(query: string, headers: Record<string, string>) {
  const event = apiGatewayEvent({ method: 'GET', path: '/graphql', routePath: '/graphql', query, headers });
  return (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
}

describe('CSRF prevention', () => {
  it('refuses a GET without a preflight header, and serves it with one', async () => {
    const query = `query=${encodeURIComponent('{ __typename }')}`;

    const simple = await browserGet(query, {});
    const preflighted = await browserGet(query, { 'apollo-require-preflight': 'true' });

    expect(simple.statusCode).toBe(400);
    expect(simple.body).toMatch(/CSRF|preflight/i);
    expect(preflighted.statusCode).toBe(200);
    expect(JSON.parse(preflighted.body ?? '{}')).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a POST with a simple content type (a form or text/plain) that a browser would send cross-site', async () => {
    const body = JSON.stringify({ query: 'mutation { __typename }' });

    const asText = await invoke(body, { headers: { 'content-type': 'text/plain' } });
    const asForm = await invoke(body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(asText.statusCode).toBeGreaterThanOrEqual(400);
    expect(asText.statusCode).toBeLessThan(500);
    expect(asForm.statusCode).toBeGreaterThanOrEqual(400);
    expect(asForm.statusCode).toBeLessThan(500);
    expect(requests).toEqual([]);
  });
});
