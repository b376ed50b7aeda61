/**
 * Property-based fuzzing through the real Lambda handler: thousands of
 * malformed HTTP requests, documents and variables. Every one gets a clear
 * 4xx-or-GraphQL error (never a 5xx, never a stack trace) and writes nothing.
 */
import fc from 'fast-check';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCountryCode } from '../../functions/core/countries';
import { dateTimeScalar } from '../../functions/core/scalars';
import { handler } from '../../functions/handlers/graphql';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { REGIONS, STAKEHOLDER_GROUPS } from '../../functions/modules/stakeholders/stakeholder.model';
import { newUserToken, unique } from '../helpers/api';
import { onDynamoRequest } from '../helpers/db';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
let writes: string[] = [];
let stop: () => void = () => undefined;
let token = '';

beforeAll(async () => {
  token = (await newUserToken()).token;
  stop = onDynamoRequest((command) => {
    if (WRITES.has(command)) writes.push(command);
  });
});
afterAll(() => stop());

async function send(options: { method?: string; headers?: Record<string, string>; body?: string; query?: string }) {
  const event = apiGatewayEvent({ method: options.method ?? 'POST', path: '/graphql', routePath: '/graphql', headers: options.headers ?? {}, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.query ? { query: options.query } : {}) });
  return (await handler(event, lambdaContext('agora-graphql'))) as APIGatewayProxyStructuredResultV2;
}

/** A refusal a client can act on: no 5xx, a message, no internals. */
function expectClearRefusal(response: APIGatewayProxyStructuredResultV2, allowSuccess = false): void {
  const status = response.statusCode ?? 200;
  expect(status).toBeLessThan(500);
  const body = response.body ?? '';
  expect(body).not.toMatch(/\bat .+\.(ts|js):\d+|stacktrace|DynamoDB|ECONN/);
  if (status >= 400) expect(body.length).toBeGreaterThan(0);
  if (status === 200 && !allowSuccess) {
    const parsed = JSON.parse(body) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(parsed.errors?.length).toBeGreaterThan(0);
    for (const error of parsed.errors ?? []) {
      expect(error.message.length).toBeGreaterThan(0);
      expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  }
}

const CONTENT_TYPES = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/graphql',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/xml',
  '',
  ';;;',
  'application/json; charset=ebcdic',
);

/** Bodies that are not a valid GraphQL request: broken JSON, wrong shapes, wrong types. */
const BAD_BODIES = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json().map((json) => json.slice(0, Math.max(1, json.length - 1))),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.record({ query: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string())), variables: fc.anything() }).map((v) => JSON.stringify(v)),
  fc.record({ query: fc.constant('{ __typename }'), variables: fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())) }).map((v) => JSON.stringify(v)),
  fc.record({ query: fc.constant('{ __typename }'), operationName: fc.oneof(fc.integer(), fc.object()) }).map((v) => JSON.stringify(v)),
  fc.record({ query: fc.constant('{ __typename }'), extensions: fc.oneof(fc.string(), fc.record({ persistedQuery: fc.anything() })) }).map((v) => JSON.stringify(v)),
  fc.array(fc.record({ query: fc.constant('{ __typename }') }), { minLength: 2, maxLength: 5 }).map((v) => JSON.stringify(v)),
);

describe('fuzzing the HTTP layer', () => {
  it('answers malformed requests (bad JSON, wrong content types and methods, odd query strings) without a 5xx or a write', async () => {
    writes = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
        CONTENT_TYPES,
        BAD_BODIES,
        fc.option(fc.string({ maxLength: 200 }).map((s) => encodeURIComponent(s)), { nil: undefined }),
        async (method, contentType, body, query) => {
          const response = await send({
            method,
            headers: { ...(contentType !== undefined ? { 'content-type': contentType } : {}), authorization: `Bearer ${token}` },
            body,
            ...(query ? { query: `query=${query}` } : {}),
          });
          expectClearRefusal(response, true);
        },
      ),
      { numRuns: 700 },
    );
    expect(writes).toEqual([]);
  });
});

const VALID_DOCUMENT = 'mutation Register($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) { stakeholder { id name } } }';

describe('fuzzing GraphQL documents', () => {
  it('refuses random and mutilated documents with a parse or validation error and writes nothing', async () => {
    writes = [];
    const mutilated = fc
      .tuple(fc.nat(VALID_DOCUMENT.length), fc.nat(20), fc.string({ maxLength: 10 }))
      .map(([at, cut, insert]) => VALID_DOCUMENT.slice(0, at) + insert + VALID_DOCUMENT.slice(at + cut));
    const documents = fc.oneof(
      fc.string({ maxLength: 500 }),
      mutilated,
      fc.constantFrom('{', '}', '{{{{{{{{', '"', 'query', 'mutation { registerStakeholder }', 'subscription { x }', '{ __schema { types { name } } } mutation { x }', '#', 'fragment F on Query { ...F } { ...F }'),
    );
    await fc.assert(
      fc.asyncProperty(documents, async (document) => {
        // Without variables the mutation can never run, so a document that happens to parse still writes nothing.
        const response = await send({ headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: document }) });
        expectClearRefusal(response);
      }),
      { numRuns: 700 },
    );
    expect(writes).toEqual([]);
  });
});

const notIn = (values: readonly string[]) => fc.string({ maxLength: 40 }).filter((s) => !values.includes(s));
// Finite doubles only: JSON turns NaN and Infinity into null, which optional fields accept.
const wrongType = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.object({ maxDepth: 1 }), fc.array(fc.integer(), { maxLength: 3 }));

/** One field of an otherwise valid registration made invalid, by type, value or size. */
const POISONS: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fc.constant('name'), fc.oneof(wrongType, fc.constant(null), fc.string({ maxLength: 1 }), fc.integer({ min: 201, max: 60_000 }).map((n) => 'n'.repeat(n)), fc.constant('   '))),
  fc.tuple(fc.constant('group'), fc.oneof(wrongType, notIn(STAKEHOLDER_GROUPS), fc.constant(null))),
  fc.tuple(fc.constant('region'), fc.oneof(wrongType, notIn(REGIONS))),
  fc.tuple(fc.constant('country'), fc.oneof(wrongType, fc.string({ maxLength: 6 }).filter((s) => !isCountryCode(s)), fc.constantFrom('XX', 'UK', 'ZZ', 'K', 'KEN', ''))),
  fc.tuple(fc.constant('contactEmail'), fc.oneof(wrongType, fc.string({ maxLength: 60 }).filter((s) => !s.includes('@')), fc.constantFrom('a@', '@b.org', 'a@@b.org', 'a b@c.org', `${'x'.repeat(250)}@example.org`))),
  fc.tuple(fc.constant('website'), fc.oneof(wrongType, fc.constantFrom('javascript:alert(1)', 'ftp://x.org', 'not a url', '//evil.example', `https://${'x'.repeat(600)}.org`))),
  fc.tuple(fc.constant('description'), fc.oneof(wrongType, fc.integer({ min: 2_001, max: 50_000 }).map((n) => 'd'.repeat(n)))),
  fc.tuple(fc.constant('languages'), fc.oneof(wrongType.filter((v) => !Array.isArray(v)), fc.array(fc.constantFrom('en'), { minLength: 11, maxLength: 30 }), fc.constant(['not a tag!']), fc.constant(['x'.repeat(40)]))),
  fc.tuple(fc.constant('affiliationId'), fc.oneof(fc.integer(), fc.string({ maxLength: 50 }).filter((s) => s.length > 0), fc.constant('Q29uc3VsdGF0aW9uOngx'))),
  // JSON drops `undefined`, which would leave a valid input.
  fc.tuple(fc.constant('unknownField'), fc.anything().filter((v) => v !== undefined)),
);

describe('fuzzing variables', () => {
  it('refuses registrations with one wrong field (type, enum, country, email, size…) with BAD_USER_INPUT and writes nothing', async () => {
    writes = [];
    await fc.assert(
      fc.asyncProperty(POISONS, async ([field, value]) => {
        const tag = unique();
        const input = { name: `Fuzz ${tag}`, group: 'ACADEMIA', region: 'AFRICAN', country: 'KE', contactEmail: `${tag}@example.net`, [field]: value };
        const response = await send({
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: VALID_DOCUMENT, variables: { input } }),
        });
        expectClearRefusal(response);
        if ((response.statusCode ?? 200) < 413) {
          const codes = (JSON.parse(response.body ?? '{}') as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code);
          expect(codes.every((code) => code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
        }
      }),
      { numRuns: 700 },
    );
    expect(writes).toEqual([]);
  });

  it('refuses every DateTime that is not an ISO-8601 UTC instant with BAD_USER_INPUT', () => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }).filter((s) => !iso.test(s)), fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-05-01T25:00:00Z', '2026-05-01T12:00:00+02:00', '2026-05-01', '1e9'), wrongType), (value) => {
        expect(() => dateTimeScalar.parseValue(value)).toThrowError(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
      }),
      { numRuns: 700 },
    );
  });
});

describe('cases the fuzzer found, kept as examples', () => {
  it('refuses a subscription (the schema has none) as a validation error, not an internal one', async () => {
    const response = await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'subscription { x }' }) });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}').errors[0]).toMatchObject({ message: 'This API has no subscription operations', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('refuses a persisted-query extension of an unknown version as BAD_REQUEST', async () => {
    const body = JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 7, sha256Hash: 'x' } } });

    const response = await send({ headers: { 'content-type': 'application/json' }, body });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}').errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a DateTime on a day that does not exist instead of rolling it over', () => {
    expect(() => dateTimeScalar.parseValue('2026-02-30T00:00:00Z')).toThrowError(/ISO-8601/);
    expect(dateTimeScalar.parseValue('2028-02-29T23:59:59.5Z')).toBe('2028-02-29T23:59:59.500Z');
  });
});
