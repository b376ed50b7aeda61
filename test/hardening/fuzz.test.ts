/**
 * Property-based fuzzing through the real Lambda handler: thousands of
 * malformed HTTP requests, documents and variables. Every one gets a clear
 * 4xx-or-GraphQL error (never a 5xx, never a stack trace) and writes nothing.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildASTSchema, parse } from 'graphql';
import { isCountryCode } from '../../functions/core/countries';
import { typeDefs } from '../../functions/generated/type-defs';
import { dateTimeScalar } from '../../functions/graphql/scalars';
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
  const event = apiGatewayEvent({
    method: options.method ?? 'POST',
    path: '/graphql',
    routePath: '/graphql',
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.query ? { query: options.query } : {}),
  });
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
  fc
    .record({ query: fc.constant('{ __typename }'), extensions: fc.oneof(fc.string(), fc.record({ persistedQuery: fc.anything() })) })
    .map((v) => JSON.stringify(v)),
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
        fc.option(
          fc.string({ maxLength: 200 }).map((s) => encodeURIComponent(s)),
          { nil: undefined },
        ),
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

  it('answers any accept-encoding and any persisted-query hash with a readable answer, never a 5xx or a write', async () => {
    writes = [];
    const acceptEncoding = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('br', 'gzip', 'deflate', 'identity', '*', 'zstd', 'BR', ''),
            fc.option(fc.double({ min: -1, max: 2, noNaN: true }), { nil: undefined }),
          ),
          { maxLength: 4 },
        )
        .map((parts) => parts.map(([name, q]) => (q === undefined ? name : `${name};q=${q}`)).join(', ')),
    );
    const hash = fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^(sha256:)?[0-9a-f]{64}$/), fc.integer(), fc.constant(null));
    await fc.assert(
      // The introspection answer is over the compression threshold; `{ __typename }` is under it.
      fc.asyncProperty(
        acceptEncoding,
        fc.option(hash, { nil: undefined }),
        fc.constantFrom(undefined, '{ __typename }', '{ __schema { types { name } } }'),
        async (encoding, sha256Hash, query) => {
          const body = JSON.stringify({
            ...(query ? { query } : {}),
            ...(sha256Hash !== undefined ? { extensions: { persistedQuery: { version: 1, sha256Hash } } } : {}),
          });
          const response = await send({ headers: { 'content-type': 'application/json', 'accept-encoding': encoding }, body });

          expect(response.statusCode ?? 200).toBeLessThan(500);
          const raw = response.isBase64Encoded ? Buffer.from(response.body ?? '', 'base64') : Buffer.from(response.body ?? '', 'utf8');
          const encodingUsed = response.headers?.['content-encoding'];
          const text =
            encodingUsed === 'br'
              ? brotliDecompressSync(raw).toString('utf8')
              : encodingUsed === 'gzip'
                ? gunzipSync(raw).toString('utf8')
                : raw.toString('utf8');
          expect(() => JSON.parse(text) as unknown).not.toThrow();
          expect(text).not.toContain('INTERNAL_SERVER_ERROR');
        },
      ),
      { numRuns: 300 },
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
      fc.constantFrom(
        '{',
        '}',
        '{{{{{{{{',
        '"',
        'query',
        'mutation { registerStakeholder }',
        'subscription { x }',
        '{ __schema { types { name } } } mutation { x }',
        '#',
        'fragment F on Query { ...F } { ...F }',
      ),
    );
    await fc.assert(
      fc.asyncProperty(documents, async (document) => {
        // Without variables the mutation can never run, so a document that happens to parse still writes nothing.
        const response = await send({
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: document }),
        });
        expectClearRefusal(response);
      }),
      { numRuns: 700 },
    );
    expect(writes).toEqual([]);
  });
});

const notIn = (values: readonly string[]) => fc.string({ maxLength: 40 }).filter((s) => !values.includes(s));
// Finite doubles only: JSON turns NaN and Infinity into null, which optional fields accept.
const wrongType = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** One field of an otherwise valid registration made invalid, by type, value or size. */
const POISONS: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(
    fc.constant('name'),
    fc.oneof(
      wrongType,
      fc.constant(null),
      fc.string({ maxLength: 1 }),
      fc.integer({ min: 201, max: 60_000 }).map((n) => 'n'.repeat(n)),
      fc.constant('   '),
    ),
  ),
  fc.tuple(fc.constant('group'), fc.oneof(wrongType, notIn(STAKEHOLDER_GROUPS), fc.constant(null))),
  fc.tuple(fc.constant('region'), fc.oneof(wrongType, notIn(REGIONS))),
  fc.tuple(
    fc.constant('country'),
    fc.oneof(
      wrongType,
      fc.string({ maxLength: 6 }).filter((s) => !isCountryCode(s)),
      fc.constantFrom('XX', 'UK', 'ZZ', 'K', 'KEN', ''),
    ),
  ),
  fc.tuple(
    fc.constant('contactEmail'),
    fc.oneof(
      wrongType,
      fc.string({ maxLength: 60 }).filter((s) => !s.includes('@')),
      fc.constantFrom('a@', '@b.org', 'a@@b.org', 'a b@c.org', `${'x'.repeat(250)}@example.org`),
    ),
  ),
  fc.tuple(
    fc.constant('website'),
    fc.oneof(wrongType, fc.constantFrom('javascript:alert(1)', 'ftp://x.org', 'not a url', '//evil.example', `https://${'x'.repeat(600)}.org`)),
  ),
  fc.tuple(
    fc.constant('description'),
    fc.oneof(
      wrongType,
      fc.integer({ min: 2_001, max: 50_000 }).map((n) => 'd'.repeat(n)),
    ),
  ),
  fc.tuple(
    fc.constant('languages'),
    fc.oneof(
      wrongType.filter((v) => !Array.isArray(v)),
      fc.array(fc.constantFrom('en'), { minLength: 11, maxLength: 30 }),
      fc.constant(['not a tag!']),
      fc.constant(['x'.repeat(40)]),
    ),
  ),
  fc.tuple(
    fc.constant('affiliationId'),
    fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 50 }).filter((s) => s.length > 0),
      fc.constant('Q29uc3VsdGF0aW9uOngx'),
    ),
  ),
  // JSON drops `undefined`, which would leave a valid input.
  fc.tuple(
    fc.constant('unknownField'),
    fc.anything().filter((v) => v !== undefined),
  ),
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
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }).filter((s) => !iso.test(s)),
          fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-05-01T25:00:00Z', '2026-05-01T12:00:00+02:00', '2026-05-01', '1e9'),
          wrongType,
        ),
        (value) => {
          expect(() => dateTimeScalar.parseValue(value)).toThrowError(
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
          );
        },
      ),
      { numRuns: 700 },
    );
  });
});

describe('cases the fuzzer found, kept as examples', () => {
  it('refuses a subscription (the schema has none) as a validation error, not an internal one', async () => {
    const response = await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'subscription { x }' }) });

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? '{}').errors[0]).toMatchObject({
      message: 'This API has no subscription operations',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
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

// ---------------------------------------------------------------- consultations and reporting

/** Values of the wrong GraphQL type for a String or enum field (never a string, never an empty list). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.object({ maxDepth: 1 }).filter((o) => Object.keys(o).length > 0),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
);
/** Values that are not a valid Int for a field that must be at least `min` and at most `max`. */
const badInt = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ max: min - 1 }),
    max < 2 ** 31 - 1 ? fc.integer({ min: max + 1 }) : fc.constant(min - 1),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.string({ maxLength: 5 }),
    fc.boolean(),
    fc.constant(2 ** 31),
    fc.constant(-(2 ** 31) - 1),
  );
const tooLong = (max: number) => fc.integer({ min: max + 1, max: max + 2_000 }).map((n) => 'x'.repeat(n));
/** A required text of at most `max` characters (at least 1). */
const badText = (max: number) => fc.oneof(notAString, fc.constant(null), fc.constantFrom('', '   ', '\n\t'), tooLong(max));
const badOptionalText = (max: number) => fc.oneof(notAString, fc.constantFrom('', '   '), tooLong(max));
const badEnum = (values: readonly string[]) => fc.oneof(notAString, notIn(values), fc.constant(null), fc.constantFrom(...values.map((v) => v.toLowerCase())));
const badDateTime = fc.oneof(
  notAString,
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-05-01T12:00:00+02:00', '2026-05-01', 'tomorrow', '', '1e9', '9999999-01-01T00:00:00Z'),
);
const badLanguage = fc.oneof(notAString, fc.constantFrom('', 'not a tag!', 'x'.repeat(40), '12', 'en_GB_'));
const badId = (wrongType: string) =>
  fc.oneof(
    notAString,
    fc.constantFrom('', 'x', 'not-base64!', Buffer.from('Nope:1').toString('base64url'), Buffer.from(`${wrongType}:x1`).toString('base64url'), 'A'.repeat(300)),
  );

interface MutationTarget {
  readonly name: string;
  readonly document: string;
  readonly caller: () => string;
  readonly base: () => Record<string, unknown>;
  readonly poisons: fc.Arbitrary<[string, unknown]>;
}

const field = (name: string, values: fc.Arbitrary<unknown>) => fc.tuple(fc.constant(name), values);
const TEMPLATE_SECTION = { key: 'summary', title: 'Summary', required: true, maxLength: 500 };
const targets: MutationTarget[] = [];
let domainCallers: Record<'secretariat' | 'stakeholder' | 'author' | 'mag' | 'representative', string>;

beforeAll(async () => {
  const { createConsultationDirect, closedConsultation, contributeDirect, openConsultation } = await import('../helpers/consultations');
  const { createMagMember, createOrganisation, createPerson, createRepresentative } = await import('../helpers/people');
  const { createCycle, reportGlobalId } = await import('../helpers/reporting');
  const { secretariatToken } = await import('../helpers/api');
  const { toGlobalId } = await import('../../functions/core/ids');
  const organisation = await createOrganisation({ relevantOrganisation: true });
  const [secretariat, stakeholder, author, mag, representative] = await Promise.all([
    secretariatToken(),
    createPerson(),
    createPerson(),
    createMagMember(),
    createRepresentative([organisation.stakeholder.id]),
  ]);
  domainCallers = { secretariat, stakeholder: stakeholder.token, author: author.token, mag: mag.token, representative: representative.token };
  const [draft, open, closed] = await Promise.all([createConsultationDirect({ status: 'DRAFT' }), openConsultation(), closedConsultation(1)]);
  const own = await contributeDirect(open.consultation, author.stakeholder, { at: new Date() });
  const answerable = await contributeDirect(closed.consultation, author.stakeholder);
  const { year } = await createCycle({ sections: [TEMPLATE_SECTION, { key: 'activities', title: 'Activities', required: false, maxLength: 2000 }] });
  const reportId = reportGlobalId(year, organisation.stakeholder.id);
  const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  targets.push(
    {
      name: 'createConsultation',
      document: 'mutation ($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({
        year: 2000,
        sequence: 1,
        title: 'A fuzzed consultation',
        summary: 'Summary',
        body: 'Body',
        questions: ['Why?'.padEnd(5, '?')],
        language: 'en',
        opensAt: later(10),
        closesAt: later(20),
      }),
      poisons: fc.oneof(
        field('year', badInt(2000, 2100)),
        field('sequence', badInt(1, 3)),
        field('title', badText(200)),
        field('summary', badText(1000)),
        field('body', fc.oneof(notAString, fc.constant(''), tooLong(50_000))),
        field(
          'questions',
          fc.oneof(
            fc.array(fc.constant('A question?'), { minLength: 21, maxLength: 25 }),
            fc.constant(['?']),
            fc.constant([42]),
            fc.constant(['x'.repeat(1001)]),
          ),
        ),
        field('language', badLanguage),
        field('opensAt', badDateTime),
        field('closesAt', fc.oneof(badDateTime, fc.constant(later(5)))),
        field('unknownSection', fc.string()),
      ),
    },
    {
      name: 'updateConsultation',
      document: 'mutation ($input: UpdateConsultationInput!) { updateConsultation(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: draft.globalId, version: 1, title: 'A new title' }),
      poisons: fc.oneof(
        field('id', badId('Contribution')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('title', badOptionalText(200)),
        field('questions', fc.constant(['?'])),
        field('language', badLanguage),
        field('opensAt', badDateTime),
        field('closesAt', fc.oneof(badDateTime, fc.constant('2001-01-01T00:00:00Z'))),
      ),
    },
    {
      name: 'submitContribution',
      document: 'mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ consultationId: open.globalId, body: 'A fuzzed point.', language: 'en', idempotencyKey: unique('fuzz-key-') }),
      poisons: fc.oneof(
        field('consultationId', badId('Stakeholder')),
        field('body', badText(20_000)),
        field('language', badLanguage),
        field('questionId', fc.oneof(notAString, fc.constantFrom('no-such-question', 'x'.repeat(300)))),
        field('parentId', badId('Consultation')),
        field('capacity', fc.oneof(notAString, notIn(['PERSONAL', 'ON_BEHALF_OF']), fc.constant('personal'))),
        field('organisationId', fc.oneof(badId('Consultation'), fc.constant(organisation.globalId))),
        field('idempotencyKey', fc.oneof(notAString, fc.constant(null), fc.string({ maxLength: 7 }), tooLong(128))),
      ),
    },
    {
      name: 'editContribution',
      document: 'mutation ($input: EditContributionInput!) { editContribution(input: $input) { contribution { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: toGlobalId('Contribution', own.id), version: 1, body: 'An edit.' }),
      poisons: fc.oneof(
        field('id', badId('Consultation')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('body', badText(20_000)),
        field('language', badLanguage),
      ),
    },
    {
      name: 'setDisposition',
      document: 'mutation ($input: SetDispositionInput!) { setDisposition(input: $input) { contribution { id } } }',
      caller: () => domainCallers.mag,
      base: () => ({ contributionId: toGlobalId('Contribution', answerable.id), version: 1, disposition: 'NOTED', response: 'Noted.' }),
      poisons: fc.oneof(
        field('contributionId', badId('Stakeholder')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('disposition', badEnum(['RECEIVED', 'UNDER_REVIEW', 'ADDRESSED', 'PARTIALLY_ADDRESSED', 'NOTED', 'OUT_OF_SCOPE'])),
        field('response', badText(5000)),
      ),
    },
    {
      name: 'setDispositions',
      document: 'mutation ($input: SetDispositionsInput!) { setDispositions(input: $input) { contributions { id } } }',
      caller: () => domainCallers.mag,
      base: () => ({
        consultationId: closed.globalId,
        entries: [{ contributionId: toGlobalId('Contribution', answerable.id), version: 1, disposition: 'NOTED', response: 'Noted.' }],
      }),
      poisons: fc.oneof(
        field('consultationId', badId('Contribution')),
        field(
          'entries',
          fc.oneof(
            fc.constant([]),
            notAString,
            fc.constant([{ contributionId: toGlobalId('Contribution', answerable.id), version: 1, disposition: 'MAYBE', response: 'x' }]),
          ),
        ),
      ),
    },
    {
      name: 'publishSynthesis',
      document: 'mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ consultationId: closed.globalId, version: 1, body: 'The synthesis.' }),
      poisons: fc.oneof(
        field('consultationId', badId('Contribution')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field(
          'body',
          fc.oneof(
            notAString,
            fc.constant(''),
            fc.constant('See contribution:AAAAAAAAAAAA'),
            fc.constant(`See contribution:${toGlobalId('Contribution', own.id)}`),
          ),
        ),
      ),
    },
    {
      name: 'createReportingCycle',
      document: 'mutation ($input: CreateReportingCycleInput!) { createReportingCycle(input: $input) { requested } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ year: 9999, opensAt: later(1), dueAt: later(30), sections: [TEMPLATE_SECTION] }),
      poisons: fc.oneof(
        field('year', badInt(2000, 9999)),
        field('opensAt', badDateTime),
        field('dueAt', fc.oneof(badDateTime, fc.constant(later(0.5)))),
        field(
          'sections',
          fc.oneof(
            fc.constant([]),
            notAString,
            fc.array(fc.constant(TEMPLATE_SECTION), { minLength: 2, maxLength: 3 }),
            fc
              .array(fc.record({ key: fc.constant('k'), title: fc.constant('T'), required: fc.constant(false), maxLength: fc.constant(10) }), {
                minLength: 16,
                maxLength: 20,
              })
              .map((s) => s.map((x, i) => ({ ...x, key: `k${i}` }))),
            fc.oneof(fc.constantFrom('Summary', '1st', 'a b', '', 'x'.repeat(41), 'ß'), notAString).map((key) => [{ ...TEMPLATE_SECTION, key }]),
            badInt(1, 20_000).map((maxLength) => [{ ...TEMPLATE_SECTION, maxLength }]),
            fc.constant([{ ...TEMPLATE_SECTION, title: 'x'.repeat(201) }]),
          ),
        ),
      ),
    },
    {
      name: 'saveReportSections',
      document: 'mutation ($input: SaveReportSectionsInput!) { saveReportSections(input: $input) { report { id } } }',
      caller: () => domainCallers.representative,
      base: () => ({ reportId, version: 1, sections: [{ key: 'summary', text: 'Our year.' }] }),
      poisons: fc.oneof(
        field('reportId', badId('Stakeholder')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field(
          'sections',
          fc.oneof(
            fc.constant([]),
            notAString,
            fc
              .oneof(notIn(['summary', 'activities']), fc.constantFrom('SUMMARY', '__proto__', 'constructor', 'x'.repeat(101)))
              .map((key) => [{ key, text: 'Text' }]),
            fc.constant([
              { key: 'summary', text: 'One' },
              { key: 'summary', text: 'Two' },
            ]),
            tooLong(500).map((text) => [{ key: 'summary', text }]),
            notAString.map((text) => [{ key: 'summary', text }]),
            fc.array(fc.constant({ key: 'summary', text: 'x' }), { minLength: 16, maxLength: 20 }),
          ),
        ),
      ),
    },
    {
      name: 'returnReport',
      document: 'mutation ($input: ReturnReportInput!) { returnReport(input: $input) { report { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ reportId, version: 1, reason: 'Please add more.' }),
      poisons: fc.oneof(field('reportId', badId('Consultation')), field('version', badInt(1, 2 ** 31 - 1)), field('reason', badText(2000))),
    },
    // Mail
    {
      name: 'confirmContactEmail',
      document: 'mutation ($input: ConfirmContactEmailInput!) { confirmContactEmail(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ code: 'AAAA-BBBB-CCCC' }),
      poisons: fc.oneof(field('code', fc.oneof(notAString, fc.constant(null), tooLong(64))), field('unknownField', fc.string())),
    },
    {
      name: 'resendContactEmailConfirmation',
      document: 'mutation ($input: ResendContactEmailConfirmationInput!) { resendContactEmailConfirmation(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ stakeholderId: stakeholder.globalId }),
      poisons: field('stakeholderId', badId('Consultation')),
    },
    {
      name: 'setMailPreferences',
      document: 'mutation ($input: SetMailPreferencesInput!) { setMailPreferences(input: $input) { preferences { kind } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ preferences: [{ kind: 'REPORT_REMINDER', enabled: true }] }),
      poisons: field(
        'preferences',
        fc.oneof(
          fc.constant([]),
          notAString,
          badEnum(['REPORT_REMINDER', 'CONSULTATION_OPENED']).map((kind) => [{ kind, enabled: false }]),
          fc.constant([{ kind: 'CONTACT_CONFIRMATION', enabled: false }]),
          notAString.filter((v) => typeof v !== 'boolean').map((enabled) => [{ kind: 'REPORT_REMINDER', enabled }]),
          fc.array(fc.constant({ kind: 'REPORT_REMINDER', enabled: true }), { minLength: 21, maxLength: 25 }),
        ),
      ),
    },
    {
      name: 'subscribeToConsultations',
      document: 'mutation ($input: ConsultationSubscriptionInput!) { subscribeToConsultations(input: $input) { subscriptions { year } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ topic: { year: 2030 } }),
      poisons: field(
        'topic',
        fc.oneof(
          notAString,
          fc.constant({}),
          fc.constant({ year: null }),
          badInt(2000, 2100).map((year) => ({ year })),
          fc.constant({ theme: 'x' }),
        ),
      ),
    },
    {
      name: 'unsubscribeFromConsultations',
      document: 'mutation ($input: ConsultationSubscriptionInput!) { unsubscribeFromConsultations(input: $input) { subscriptions { year } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ topic: { year: 2030 } }),
      poisons: field(
        'topic',
        fc.oneof(
          notAString,
          fc.constant({}),
          fc.constant({ year: null }),
          badInt(2000, 2100).map((year) => ({ year })),
          fc.constant({ theme: 'x' }),
        ),
      ),
    },
    {
      name: 'markNotificationsRead',
      document: 'mutation ($input: MarkNotificationsReadInput!) { markNotificationsRead(input: $input) { count } }',
      caller: () => domainCallers.representative,
      base: () => ({ ids: ['01JAAAAAAAAAAAAAAAAAAAAAAA'] }),
      poisons: field(
        'ids',
        fc.oneof(
          fc.constant([]),
          notAString.filter((v) => !Array.isArray(v)),
          fc.array(fc.constant('01JAAAAAAAAAAAAAAAAAAAAAAA'), { minLength: 101, maxLength: 110 }),
          fc
            .oneof(
              fc.string({ maxLength: 30 }).filter((id) => !/^[0-9A-Z]{26}$/.test(id)),
              fc.constantFrom('../x', '#', '01jaaaaaaaaaaaaaaaaaaaaaaa'),
            )
            .map((id) => [id]),
        ),
      ),
    },
    {
      name: 'retryMailDelivery',
      document: 'mutation ($input: RetryMailDeliveryInput!) { retryMailDelivery(input: $input) { delivery { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: `01JAAAAAAAAAAAAAAAAAAAAAAA.${stakeholder.stakeholder.id}` }),
      poisons: field(
        'id',
        fc.oneof(notAString, fc.constant(null), fc.constantFrom('', 'nope', '01JAAAAAAAAAAAAAAAAAAAAAAA', '01JAAAAAAAAAAAAAAAAAAAAAAA.'), tooLong(120)),
      ),
    },
  );

  // Session proposals: the call, drafting, editing, submitting and answering an invitation.
  const { createProposalCall, draftProposal, proposalInput } = await import('../sessions/helpers');
  const proposalCall = await createProposalCall();
  const draftProposalBase = () => proposalInput(proposalCall, [author.globalId], [{ id: author.globalId }, { id: stakeholder.globalId }]);
  const proposal = await draftProposal(author.token, draftProposalBase());
  const speakers = fc.oneof(
    notAString,
    fc.constant([{ stakeholderId: organisation.globalId, role: 'SPEAKER', attendance: 'ONSITE' }]),
    fc.constant([{ stakeholderId: author.globalId, role: 'HOST', attendance: 'ONSITE' }]),
    fc.constant([{ stakeholderId: author.globalId, role: 'SPEAKER', attendance: 'SOMEWHERE' }]),
    fc.constant([
      { stakeholderId: author.globalId, role: 'SPEAKER', attendance: 'ONSITE' },
      { stakeholderId: author.globalId, role: 'SPEAKER', attendance: 'ONLINE' },
    ]),
    fc.constant(Array.from({ length: 13 }, () => ({ stakeholderId: author.globalId, role: 'SPEAKER', attendance: 'ONSITE' }))),
    badId('Consultation').map((stakeholderId) => [{ stakeholderId, role: 'SPEAKER', attendance: 'ONSITE' }]),
  );
  const proposalPoisons = fc.oneof(
    field('type', fc.oneof(badEnum(['WORKSHOP', 'OPEN_FORUM']), fc.constant('MAIN_SESSION'))),
    field('format', fc.oneof(badEnum(['ROUNDTABLE']), fc.constant('TALK'))),
    field('durationMinutes', fc.oneof(badInt(60, 60), fc.constant(45))),
    field('themeId', badId('Issue')),
    field('policyQuestions', fc.oneof(fc.constant([]), fc.constant([0, 1, 2, 0]), fc.constant([7]), fc.constant([-1]), notAString)),
    field('title', fc.oneof(badText(60), fc.constant('abc'))),
    field('description', fc.oneof(badText(3000), fc.constant(Array.from({ length: 251 }, () => 'word').join(' ')))),
    field('interactionPlan', badText(2000)),
    field('onlineParticipationPlan', badText(2000)),
    field(
      'organiserIds',
      fc.oneof(
        fc.constant([]),
        badId('Issue').map((id) => [id]),
        fc.constant(Array.from({ length: 6 }, () => author.globalId)),
      ),
    ),
    field('speakers', speakers),
    field(
      'issueIds',
      badId('Theme').map((id) => [id]),
    ),
    field(
      'contributionIds',
      badId('Issue').map((id) => [id]),
    ),
  );
  targets.push(
    {
      name: 'scheduleProposalCall',
      document: 'mutation ($input: ScheduleProposalCallInput!) { scheduleProposalCall(input: $input) { call { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ programmeId: proposalCall.programmeId, version: 1, opensAt: later(-1), closesAt: later(3) }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('opensAt', badDateTime),
        field('closesAt', fc.oneof(badDateTime, fc.constant(later(-2)))),
        field(
          'rules',
          fc.oneof(
            notAString,
            badInt(0, 12).map((minConfirmedSpeakers) => ({ minConfirmedSpeakers })),
            badInt(0, 6).map((minGroups) => ({ minGroups })),
            badInt(0, 5).map((minRegions) => ({ minRegions })),
          ),
        ),
        field(
          'screening',
          fc.oneof(
            notAString,
            fc.oneof(fc.integer(), fc.string(), fc.constant([true])).map((earlierReportsRequired) => ({ earlierReportsRequired })),
          ),
        ),
      ),
    },
    {
      name: 'createProposal',
      document: 'mutation ($input: CreateProposalInput!) { createProposal(input: $input) { proposal { id } } }',
      caller: () => domainCallers.author,
      base: draftProposalBase,
      poisons: fc.oneof(
        proposalPoisons,
        field('callId', badId('IssueCall')),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short'), tooLong(128))),
      ),
    },
    {
      name: 'updateProposal',
      document: 'mutation ($input: UpdateProposalInput!) { updateProposal(input: $input) { proposal { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: proposal.id, version: 1, title: 'A better title' }),
      // In an update every field is optional and null keeps the current value, so null is no poison here.
      poisons: fc.oneof(
        proposalPoisons.filter(([name, value]) => !['title'].includes(name) && value !== null),
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
      ),
    },
    {
      name: 'submitProposal',
      document: 'mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposal { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: proposal.id, version: 1 }),
      poisons: fc.oneof(field('id', badId('Issue')), field('version', badInt(1, 2 ** 31 - 1))),
    },
    {
      name: 'answerInvitation',
      document: 'mutation ($input: AnswerInvitationInput!) { answerInvitation(input: $input) { proposal { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ proposalId: proposal.id, accept: true }),
      poisons: fc.oneof(
        field('proposalId', badId('Issue')),
        field(
          'accept',
          fc.oneof(
            notAString.filter((v) => typeof v !== 'boolean'),
            fc.constant(null),
          ),
        ),
      ),
    },
    {
      name: 'screenProposals',
      document: 'mutation ($input: ScreenProposalsInput!) { screenProposals(input: $input) { eligible } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ callId: proposalCall.callId }),
      poisons: field('callId', badId('Programme')),
    },
    {
      name: 'appealScreening',
      document: 'mutation ($input: AppealScreeningInput!) { appealScreening(input: $input) { proposal { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: proposal.id, version: 1, statement: 'Please reconsider the screening.' }),
      poisons: fc.oneof(
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('statement', fc.oneof(badText(2000), fc.constant('short'))),
      ),
    },
    {
      name: 'decideAppeal',
      document: 'mutation ($input: DecideAppealInput!) { decideAppeal(input: $input) { proposal { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: proposal.id, version: 1, restore: true, reason: 'Speakers confirmed.' }),
      poisons: fc.oneof(
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('reason', badText(2000)),
        field('restore', fc.oneof(fc.constant(null), fc.integer())),
      ),
    },
  );

  // The MAG's evaluation: a round of a closed call with one eligible proposal and its six evaluators in term.
  const evaluation = await import('../sessions/evaluation-helpers');
  const evaluationCall = await evaluation.closedCall();
  const [evaluators, evaluationPeople] = await Promise.all([
    evaluation.magMembers(evaluationCall.year, 6),
    Promise.all([createPerson({ stakeholder: { group: 'ACADEMIA' } }), createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC' } })]),
  ]);
  const [evaluated] = await evaluation.eligibleProposals(evaluationCall, 1, () => ({ proposer: evaluationPeople[0]!, speakers: [evaluationPeople[1]!] }));
  const round = await evaluation.createRound({ call: evaluationCall, secretariat });
  const { gql } = await import('../helpers/api');
  await gql(evaluation.ASSIGN, { input: { roundId: round.id } }, secretariat);
  const evaluationSheet = evaluation.sheetGlobalId(round.id, evaluated!.id);
  const later2 = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const badScores = fc.oneof(
    notAString,
    fc.constant([]),
    fc.constant(null),
    fc.constant(evaluation.allScores(4).map((s, i) => (i === 0 ? { ...s, score: 0 } : s))),
    fc.constant(evaluation.allScores(4).map((s, i) => (i === 0 ? { ...s, score: 6 } : s))),
    fc.constant(evaluation.allScores(4).map((s, i) => (i === 0 ? { criterion: s.criterion, score: 2 } : s))),
    fc.constant(evaluation.allScores(4).slice(1)),
    fc.constant([...evaluation.allScores(4), { criterion: 'CONTENT', score: 4 }]),
    fc.constant(evaluation.allScores(4).map((s, i) => (i === 0 ? { ...s, criterion: 'x'.repeat(41) } : s))),
    fc.constant(evaluation.allScores(4).map((s, i) => (i === 0 ? { ...s, reason: 'NOT_A_REASON' } : s))),
  );
  targets.push(
    {
      name: 'createEvaluationRound',
      document: 'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { round { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({
        programmeId: evaluationCall.programmeId,
        title: 'A fuzzed round',
        opensAt: later2(1),
        closesAt: later2(5),
        idempotencyKey: unique('fuzz-key-'),
      }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('title', badText(200)),
        field('opensAt', badDateTime),
        field('closesAt', fc.oneof(badDateTime, fc.constant(later2(0.5)))),
        field(
          'scorers',
          badEnum(['ASSIGNED_EVALUATORS', 'MAG_MEMBERS']).filter((v) => v !== null),
        ),
        field(
          'scoresVisible',
          badEnum(['AFTER_OWN_EVALUATION', 'AFTER_ROUND_CLOSES', 'NEVER']).filter((v) => v !== null),
        ),
        field(
          'criteria',
          fc.oneof(
            fc.constant([]),
            fc.constant([{ code: 'x', title: 'Lower-case code', weight: 1 }]),
            fc.constant([{ code: 'AB', title: 'Weightless', weight: 0 }]),
            fc.constant([{ code: 'AB', title: 'Heavy', weight: 11 }]),
            fc.constant(Array.from({ length: 13 }, (_, i) => ({ code: `C${i}X`, title: 'Too many', weight: 1 }))),
            notAString,
          ),
        ),
        field('evaluatorsPerProposal', badInt(1, 12)),
        field('minGroups', badInt(1, 6)),
        field('minRegions', badInt(1, 5)),
        field('maxPerGroup', badInt(1, 12)),
        field('rankedAfter', badInt(1, 12)),
        field('types', fc.oneof(fc.constant([]), fc.constant(['PLENARY']), notAString)),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short'), tooLong(128))),
      ),
    },
    {
      name: 'updateEvaluationRound',
      document: 'mutation ($input: UpdateEvaluationRoundInput!) { updateEvaluationRound(input: $input) { round { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ roundId: round.id, version: 1, title: 'A fuzzed title' }),
      poisons: fc.oneof(
        field('roundId', badId('Programme')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('title', badText(200)),
        field(
          'opensAt',
          badDateTime.filter((v) => v !== null),
        ),
        field(
          'closesAt',
          fc.oneof(badDateTime, fc.constant(later2(-1))).filter((v) => v !== null),
        ),
        field('blind', fc.constantFrom('yes', 1, 'true', [], {})),
        field(
          'scoresVisible',
          badEnum(['AFTER_OWN_EVALUATION', 'AFTER_ROUND_CLOSES', 'NEVER']).filter((v) => v !== null),
        ),
        field(
          'criteria',
          fc.oneof(
            fc.constant([]),
            fc.constant([{ code: 'x', title: 'Lower-case code', weight: 1 }]),
            fc.constant([{ code: 'AB', title: 'Weightless', weight: 0 }]),
            fc.constant([
              { code: 'AB', title: 'Twice', weight: 1 },
              { code: 'AB', title: 'Twice', weight: 2 },
            ]),
            notAString,
          ),
        ),
      ),
    },
    {
      name: 'assignEvaluators',
      document: 'mutation ($input: AssignEvaluatorsInput!) { assignEvaluators(input: $input) { assigned } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ roundId: round.id }),
      poisons: field('roundId', badId('Programme')),
    },
    {
      name: 'submitEvaluation',
      document: 'mutation ($input: SubmitEvaluationInput!) { submitEvaluation(input: $input) { sheet { id } } }',
      caller: () => evaluators[0]!.token,
      base: () => ({ sheetId: evaluationSheet, version: 1, scores: evaluation.allScores(4), comment: 'A fuzzed comment.' }),
      poisons: fc.oneof(
        field('sheetId', badId('Proposal')),
        field(
          'version',
          badInt(1, 2 ** 31 - 1).filter((v) => v !== null),
        ),
        field('scores', badScores),
        field('comment', badOptionalText(2000)),
      ),
    },
    {
      name: 'declineEvaluation',
      document: 'mutation ($input: DeclineEvaluationInput!) { declineEvaluation(input: $input) { replacementAssigned } }',
      caller: () => evaluators[0]!.token,
      base: () => ({ sheetId: evaluationSheet, version: 1, reason: 'ABSTAIN', statement: 'Not my field at all.' }),
      poisons: fc.oneof(
        field('sheetId', badId('Proposal')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('reason', badEnum(['CONFLICT_OF_INTEREST', 'ABSTAIN'])),
        field('statement', fc.oneof(badText(2000), fc.constant('shrt'))),
      ),
    },
    {
      name: 'releaseEvaluationFeedback',
      document: 'mutation ($input: ReleaseEvaluationFeedbackInput!) { releaseEvaluationFeedback(input: $input) { round { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ roundId: round.id, version: 1 }),
      poisons: fc.oneof(field('roundId', badId('Programme')), field('version', badInt(1, 2 ** 31 - 1))),
    },
  );

  // The annual programme: an open call for issues with one issue of the author's.
  const { createCall, submitIssue, issueInput } = await import('../programme/helpers');
  const call = await createCall({ issuesPerPerson: 20 });
  const issue = await submitIssue(author.token, call.callId);
  const other = await submitIssue(author.token, call.callId);
  const theme = await send({
    headers: { 'content-type': 'application/json', authorization: `Bearer ${mag.token}` },
    body: JSON.stringify({
      query: 'mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id } } }',
      variables: {
        input: {
          programmeId: call.programmeId,
          title: 'A theme',
          narrative: 'Its narrative.',
          developmentDimension: { linkage: 'DIRECT', explanation: 'Development is the heart of it.' },
          policyQuestions: ['Which?'],
          issueIds: [issue.id],
          idempotencyKey: unique('fuzz-key-'),
        },
      },
    }),
  });
  const themeId = (JSON.parse(theme.body ?? '{}') as { data: { createTheme: { theme: { id: string } } } }).data.createTheme.theme.id;
  const badDimension = fc.oneof(
    notAString,
    fc.constant(null),
    fc.constant({ linkage: 'DIRECT' }),
    fc.constant({ linkage: 'SOMEWHAT', explanation: 'A link of some kind.' }),
    fc.constant({ linkage: 'DIRECT', explanation: 'short' }),
    tooLong(2000).map((explanation) => ({ linkage: 'DIRECT', explanation })),
  );
  targets.push(
    {
      name: 'submitIssue',
      document: 'mutation ($input: SubmitIssueInput!) { submitIssue(input: $input) { issue { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => issueInput(call.callId, { idempotencyKey: unique('fuzz-key-') }),
      poisons: fc.oneof(
        field('callId', badId('Programme')),
        field('title', badText(200)),
        field('description', badText(5000)),
        field(
          'categories',
          fc.oneof(
            notAString,
            fc.constant([]),
            fc.constant(['NOPE']),
            fc.constant(['CYBERSECURITY', 'CYBERSECURITY']),
            fc.constant(['DATA_GOVERNANCE', 'ACCESS_AND_INCLUSION', 'CYBERSECURITY', 'AI_AND_EMERGING_TECH']),
          ),
        ),
        field('developmentDimension', badDimension),
        field('sdgs', fc.oneof(fc.constant([0]), fc.constant([18]), fc.constant([3, 3]), fc.constant(['x']), fc.constant([1.5]))),
        field('discussedElsewhere', badOptionalText(2000)),
        field('capacity', fc.oneof(notAString, notIn(['PERSONAL', 'ON_BEHALF_OF']))),
        field('organisationId', fc.oneof(badId('Consultation'), fc.constant(organisation.globalId))),
        field('idempotencyKey', fc.oneof(notAString, fc.constant(null), fc.string({ maxLength: 7 }), tooLong(128))),
      ),
    },
    {
      name: 'supportIssue',
      document: 'mutation ($input: SupportIssueInput!) { supportIssue(input: $input) { issue { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ issueId: issue.id, comment: 'Yes.' }),
      poisons: fc.oneof(
        field('issueId', badId('Theme')),
        field('comment', badOptionalText(1000)),
        field('listed', fc.oneof(fc.integer(), fc.string({ minLength: 1, maxLength: 5 }))),
      ),
    },
    {
      name: 'withdrawIssue',
      document: 'mutation ($input: WithdrawIssueInput!) { withdrawIssue(input: $input) { issue { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: issue.id, version: 1 }),
      poisons: fc.oneof(field('id', badId('Theme')), field('version', badInt(1, 2 ** 31 - 1))),
    },
    {
      name: 'createTheme',
      document: 'mutation ($input: CreateThemeInput!) { createTheme(input: $input) { theme { id } } }',
      caller: () => domainCallers.mag,
      base: () => ({
        programmeId: call.programmeId,
        title: 'A theme',
        narrative: 'Its narrative.',
        developmentDimension: { linkage: 'DIRECT', explanation: 'Development is the heart of it.' },
        policyQuestions: ['Which?'],
        issueIds: [issue.id],
        idempotencyKey: unique('fuzz-key-'),
      }),
      poisons: fc.oneof(
        field('programmeId', badId('IssueCall')),
        field('title', badText(200)),
        field('narrative', badText(10_000)),
        field('developmentDimension', fc.oneof(badDimension, fc.constant({ linkage: 'NONE', explanation: 'No link to development.' }))),
        field('policyQuestions', fc.oneof(fc.constant([]), fc.constant(['']), fc.array(fc.constant('Q?'), { minLength: 21, maxLength: 22 }), fc.constant([7]))),
        field('issueIds', fc.oneof(fc.constant([]), fc.constant([issue.id, issue.id]), fc.constant([call.callId]), fc.constant(['x']))),
      ),
    },
    {
      name: 'createProgramme',
      document: 'mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { programme { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({
        year: 2000,
        title: 'IGF',
        overarchingTheme: 'A theme',
        hostCountry: 'NO',
        venue: 'Oslo',
        startsAt: later(100),
        endsAt: later(104),
        format: 'HYBRID',
      }),
      poisons: fc.oneof(
        field('year', badInt(2000, 2100)),
        field('title', badText(200)),
        field('hostCountry', fc.oneof(notAString, fc.constantFrom('XX', 'no', 'NOR', ''))),
        field('venue', badText(300)),
        field('startsAt', badDateTime),
        field('endsAt', fc.oneof(badDateTime, fc.constant(later(50)))),
        field('format', badEnum(['ONSITE', 'ONLINE', 'HYBRID'])),
        field('settings', fc.oneof(fc.constant({ issuesPerPerson: 0 }), fc.constant({ issuesPerPerson: 21 }), fc.constant({ issuesPerPerson: 'x' }))),
      ),
    },
    {
      name: 'updateProgramme',
      document: 'mutation ($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { programme { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: call.programmeId, version: 1, venue: 'Oslo' }),
      poisons: fc.oneof(
        field('id', badId('IssueCall')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('venue', badOptionalText(300)),
        field('hostCountry', fc.constantFrom('XX', 'no', '')),
        field('startsAt', badDateTime),
        field(
          'format',
          badEnum(['ONSITE', 'ONLINE', 'HYBRID']).filter((v) => v !== null),
        ),
      ),
    },
    {
      name: 'scheduleIssueCall',
      document: 'mutation ($input: ScheduleIssueCallInput!) { scheduleIssueCall(input: $input) { call { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ programmeId: call.programmeId, version: 1, opensAt: later(1), closesAt: later(30), categories: [{ code: 'ACCESS', title: 'Access' }] }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('version', fc.constantFrom(0, -1, 1.5, 'x')),
        field('opensAt', badDateTime),
        field('closesAt', fc.oneof(badDateTime, fc.constant(later(0.5)))),
        field(
          'categories',
          fc.oneof(
            fc.constant([]),
            fc.constant([{ code: 'lower case', title: 'x' }]),
            fc.constant([{ code: 'A', title: 'x' }]),
            fc.constant([{ code: 'AB', title: '' }]),
            fc.constant([
              { code: 'AB', title: 'x' },
              { code: 'AB', title: 'y' },
            ]),
          ),
        ),
        field(
          'issuesPerPerson',
          badInt(1, 20).filter((v) => v !== null),
        ),
      ),
    },
    {
      name: 'mergeIssue',
      document: 'mutation ($input: MergeIssueInput!) { mergeIssue(input: $input) { issue { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ issueId: other.id, version: 1, intoIssueId: issue.id }),
      poisons: fc.oneof(
        field('issueId', badId('Theme')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('intoIssueId', fc.oneof(badId('Theme'), fc.constant(other.id))),
      ),
    },
    {
      name: 'updateTheme',
      document: 'mutation ($input: UpdateThemeInput!) { updateTheme(input: $input) { theme { id } } }',
      caller: () => domainCallers.mag,
      base: () => ({ id: themeId, version: 1, title: 'A new title' }),
      poisons: fc.oneof(
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('title', badOptionalText(200)),
        field('developmentDimension', fc.constant({ linkage: 'NONE', explanation: 'No link to development at all.' })),
        field('policyQuestions', fc.oneof(fc.constant([]), fc.constant(['']))),
        field('issueIds', fc.oneof(fc.constant([]), fc.constant(['x']), fc.constant([issue.id, issue.id]))),
      ),
    },
    {
      name: 'tagWithThemes',
      document: 'mutation ($input: TagWithThemesInput!) { tagWithThemes(input: $input) { themes { id } } }',
      caller: () => domainCallers.mag,
      base: () => ({ subjectId: open.globalId, themeIds: [themeId] }),
      poisons: fc.oneof(
        field('subjectId', fc.oneof(badId('Theme'), fc.constant(call.programmeId))),
        field(
          'themeIds',
          fc.oneof(
            notAString.filter((v) => !Array.isArray(v)),
            fc.constant(['x']),
            fc.constant([themeId, themeId]),
            fc.constant(Array.from({ length: 11 }, () => themeId)),
          ),
        ),
      ),
    },
  );
  // MAG meetings: a planned meeting (agenda), a held one (decisions, attendance) with a proposed decision
  const { meetingSetup, RECORD } = await import('../helpers/meetings');
  const [planned, held] = await Promise.all([meetingSetup('PLANNED', 0), meetingSetup('HELD', 1)]);
  const proposed = await send({
    headers: { 'content-type': 'application/json', authorization: `Bearer ${held.chair.token}` },
    body: JSON.stringify({ query: RECORD, variables: { input: { meetingId: held.meetingId, text: 'A proposal.', idempotencyKey: unique('fuzz-key-') } } }),
  });
  const decisionId = (JSON.parse(proposed.body ?? '{}') as { data: { recordDecision: { decision: { id: string } } } }).data.recordDecision.decision.id;
  const contributionSubject = {
    contribution: { contributionId: toGlobalId('Contribution', held.contributions[0]!.id), disposition: 'NOTED', response: 'Noted.' },
  };
  // The chair recorded PRESENT, and an agenda item's id: the interventions' base input is valid.
  const asSecretariat = (query: string, variables: Record<string, unknown>) =>
    send({ headers: { 'content-type': 'application/json', authorization: `Bearer ${held.secretariat}` }, body: JSON.stringify({ query, variables }) });
  await asSecretariat('mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { meeting { id } } }', {
    input: { meetingId: held.meetingId, entries: [{ stakeholderId: held.chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' }] },
  });
  const agenda = await asSecretariat('query ($id: ID!) { meeting(id: $id) { agenda { id } } }', { id: held.meetingId });
  const agendaItemId = (JSON.parse(agenda.body ?? '{}') as { data: { meeting: { agenda: { id: string }[] } } }).data.meeting.agenda[0]!.id;
  const meetingEnums = { kinds: ['OPEN_CONSULTATION_DAY', 'IN_PERSON', 'VIRTUAL'], formats: ['ONSITE', 'ONLINE', 'HYBRID'] };
  targets.push(
    {
      name: 'createMeeting',
      document: 'mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { meeting { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({
        year: 2030,
        kind: 'VIRTUAL',
        number: 1,
        title: 'A fuzzed meeting',
        startsAt: later(30),
        format: 'ONLINE',
        onlineLink: 'https://meet.example.org/x',
        chairId: planned.chair.globalId,
        idempotencyKey: unique('fuzz-key-'),
      }),
      poisons: fc.oneof(
        field('year', badInt(2000, 9999)),
        field('kind', badEnum(meetingEnums.kinds)),
        field('number', badInt(1, 99)),
        field('title', badText(200)),
        field('startsAt', badDateTime),
        field('format', badEnum(meetingEnums.formats)),
        field('onlineLink', fc.oneof(notAString, fc.constantFrom('', 'ftp://x', 'not a url', `https://${'x'.repeat(600)}.org`))),
        field('chairId', badId('Consultation')),
        field(
          'consultationIds',
          fc.oneof(
            fc.constant([1]),
            badId('Meeting').map((id) => [id]),
          ),
        ),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short', 'x'.repeat(200)))),
      ),
    },
    {
      name: 'setAgenda',
      document: 'mutation ($input: SetAgendaInput!) { setAgenda(input: $input) { meeting { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ meetingId: planned.meetingId, version: planned.version, items: [{ title: 'Opening' }] }),
      poisons: fc.oneof(
        field('meetingId', badId('Consultation')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field(
          'items',
          fc.oneof(
            notAString,
            fc.array(fc.constant({ title: 'An item' }), { minLength: 51, maxLength: 55 }),
            badText(300).map((title) => [{ title }]),
            badInt(1, 600).map((minutes) => [{ title: 'An item', minutes }]),
            fc.constantFrom('ftp://x', 'not a url').map((url) => [{ title: 'An item', documents: [url] }]),
            fc.constant([{ title: 'An item', items: [{ title: 'A sub-item', items: [{ title: 'Too deep' }] }] }]),
            badId('Stakeholder').map((consultationId) => [{ title: 'An item', processes: { consultationId } }]),
          ),
        ),
      ),
    },
    {
      name: 'recordAttendance',
      document: 'mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { meeting { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ meetingId: held.meetingId, entries: [{ stakeholderId: held.chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' }] }),
      poisons: fc.oneof(
        field('meetingId', badId('Consultation')),
        field(
          'entries',
          fc.oneof(
            fc.constant([]),
            notAString,
            badEnum(['PRESENT', 'APOLOGIES', 'ABSENT']).map((status) => [{ stakeholderId: held.chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status }]),
            badId('Meeting').map((stakeholderId) => [{ stakeholderId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' }]),
            fc.array(fc.constant({ stakeholderId: held.chair.globalId, role: 'MAG_MEMBER', mode: 'ONSITE', status: 'PRESENT' }), {
              minLength: 2,
              maxLength: 3,
            }),
          ),
        ),
      ),
    },
    {
      name: 'recordInterventions',
      document: 'mutation ($input: RecordInterventionsInput!) { recordInterventions(input: $input) { meeting { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({
        meetingId: held.meetingId,
        entries: [{ agendaItemId: agendaItemId, speakerId: held.chair.globalId, minutes: 3 }],
        idempotencyKey: unique('fuzz-key-'),
      }),
      poisons: fc.oneof(
        field('meetingId', badId('Consultation')),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short'), tooLong(128))),
        field(
          'entries',
          fc.oneof(
            fc.constant([]),
            notAString,
            badId('Meeting').map((speakerId) => [{ agendaItemId: agendaItemId, speakerId, minutes: 3 }]),
            badInt(0, 240)
              .filter((v) => v !== null)
              .map((minutes) => [{ agendaItemId: agendaItemId, speakerId: held.chair.globalId, minutes }]),
            fc.oneof(fc.constant(''), tooLong(100), notAString).map((agendaItemId) => [{ agendaItemId, speakerId: held.chair.globalId }]),
            fc.array(fc.constant({ agendaItemId: agendaItemId, speakerId: held.chair.globalId }), { minLength: 41, maxLength: 45 }),
          ),
        ),
      ),
    },
    {
      name: 'recordDecision',
      document: 'mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { decision { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ meetingId: held.meetingId, text: 'A fuzzed decision.', subjects: [contributionSubject], idempotencyKey: unique('fuzz-key-') }),
      poisons: fc.oneof(
        field('meetingId', badId('Decision')),
        field('text', badText(10_000)),
        // Optional: null is the default (CONSENSUS), not a wrong value.
        field(
          'method',
          badEnum(['CONSENSUS', 'ROUGH_CONSENSUS', 'VOTE', 'CHAIR_RULING']).filter((v) => v !== null),
        ),
        field('agendaItemId', fc.oneof(notAString, fc.constantFrom('', 'no-such-item', 'x'.repeat(300)))),
        field(
          'subjects',
          fc.oneof(
            notAString,
            fc.constant([{}]),
            fc.constant([contributionSubject, contributionSubject]),
            fc.constant([{ ...contributionSubject, minutes: { meetingId: held.meetingId, effect: 'APPROVE' } }]),
            badEnum(['RECEIVED', 'NOTED']).map((disposition) => [{ contribution: { ...contributionSubject.contribution, disposition } }]),
            badText(5000).map((response) => [{ contribution: { ...contributionSubject.contribution, response } }]),
            badId('Meeting').map((contributionId) => [{ contribution: { ...contributionSubject.contribution, contributionId } }]),
            fc.array(fc.constant(contributionSubject), { minLength: 91, maxLength: 95 }),
            badId('Meeting').map((proposalId) => [{ proposal: { proposalId, outcome: 'ACCEPTED' } }]),
            badEnum(['ACCEPTED', 'NOT_ACCEPTED']).map((outcome) => [
              { proposal: { proposalId: Buffer.from('Proposal:2026.01ARZ3NDEKTSV4RRFFQ69G5FAV').toString('base64url'), outcome } },
            ]),
            fc
              .constantFrom(
                ['x'],
                ['  ', 'A valid condition.'],
                Array.from({ length: 11 }, () => 'A valid condition.'),
              )
              .map((conditions) => [
                {
                  proposal: {
                    proposalId: Buffer.from('Proposal:2026.01ARZ3NDEKTSV4RRFFQ69G5FAV').toString('base64url'),
                    outcome: 'CONDITIONALLY_ACCEPTED',
                    conditions,
                    deadline: '2030-01-01T00:00:00Z',
                  },
                },
              ]),
          ),
        ),
      ),
    },
    {
      name: 'decide',
      document: 'mutation ($input: DecideInput!) { decide(input: $input) { decision { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ decisionId, version: 1, state: 'DEFERRED' }),
      poisons: fc.oneof(
        field('decisionId', badId('Meeting')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('state', fc.oneof(badEnum(['ADOPTED', 'DEFERRED', 'REJECTED']), fc.constant('PROPOSED'))),
        field(
          'objections',
          fc.oneof(
            notAString,
            fc.constant(['']),
            tooLong(2000).map((o) => [o]),
            fc.array(fc.constant('An objection'), { minLength: 21, maxLength: 25 }),
          ),
        ),
      ),
    },
  );
  const badUrl = fc.oneof(notAString, fc.constantFrom('', 'ftp://x', 'not a url', `https://${'x'.repeat(600)}.org`));
  const transition = (
    name: string,
    mutation: string,
    input: string,
    meeting: () => { meetingId: string; version: number },
    caller: () => string = () => domainCallers.secretariat,
  ): MutationTarget => ({
    name,
    document: `mutation ($input: ${input}!) { ${mutation}(input: $input) { __typename } }`,
    caller,
    base: () => ({ meetingId: meeting().meetingId, version: meeting().version }),
    poisons: fc.oneof(field('meetingId', badId('Consultation')), field('version', badInt(1, 2 ** 31 - 1))),
  });
  const unknownActionItem = toGlobalId('ActionItem', `${held.internalId}.01ARZ3NDEKTSV4RRFFQ69G5FAV`);
  targets.push(
    {
      name: 'updateMeeting',
      document: 'mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { meeting { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: planned.meetingId, version: planned.version, title: 'A new title' }),
      poisons: fc.oneof(
        field('id', badId('Consultation')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('title', badOptionalText(200)),
        field('startsAt', badDateTime),
        field(
          'format',
          badEnum(meetingEnums.formats).filter((v) => v !== null),
        ),
        field('recordingUrl', badUrl),
        field('transcriptUrl', badUrl),
      ),
    },
    transition(
      'adoptAgenda',
      'adoptAgenda',
      'MeetingTransitionInput',
      () => planned,
      () => planned.chair.token,
    ),
    transition('holdMeeting', 'holdMeeting', 'MeetingTransitionInput', () => held),
    {
      ...transition('cancelMeeting', 'cancelMeeting', 'CancelMeetingInput', () => planned),
      base: () => ({ meetingId: planned.meetingId, version: planned.version, reason: 'Fuzzed.' }),
      poisons: fc.oneof(field('meetingId', badId('Consultation')), field('version', badInt(1, 2 ** 31 - 1)), field('reason', badText(1000))),
    },
    {
      name: 'createActionItem',
      document: 'mutation ($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ meetingId: held.meetingId, text: 'Do it.', ownerId: held.chair.globalId, dueAt: later(30) }),
      poisons: fc.oneof(
        field('meetingId', badId('Consultation')),
        field('text', badText(2000)),
        field('ownerId', badId('Meeting')),
        field('dueAt', fc.oneof(badDateTime, fc.constant(null))),
      ),
    },
    {
      name: 'updateActionItem',
      document: 'mutation ($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: unknownActionItem, version: 1, status: 'DONE' }),
      poisons: fc.oneof(
        field('id', badId('Meeting')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('status', badEnum(['OPEN', 'DONE', 'DROPPED'])),
        field('reviewedAtMeetingId', badId('Decision')),
      ),
    },
    {
      ...transition('draftMinutes', 'draftMinutes', 'DraftMinutesInput', () => held),
      base: () => ({ meetingId: held.meetingId, version: 999, body: 'Minutes.' }),
      poisons: fc.oneof(field('meetingId', badId('Consultation')), field('version', badInt(1, 2 ** 31 - 1)), field('body', badText(200_000))),
    },
    {
      ...transition('reviseMinutes', 'reviseMinutes', 'ReviseMinutesInput', () => held),
      base: () => ({ meetingId: held.meetingId, version: 1, body: 'Minutes.' }),
      poisons: fc.oneof(field('meetingId', badId('Consultation')), field('version', badInt(1, 2 ** 31 - 1)), field('body', badText(200_000))),
    },
    {
      ...transition('circulateMinutes', 'circulateMinutes', 'CirculateMinutesInput', () => held),
      base: () => ({ meetingId: held.meetingId, version: 1, amendmentDays: 7 }),
      poisons: fc.oneof(
        field('meetingId', badId('Consultation')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field(
          'amendmentDays',
          badInt(1, 30).filter((v) => v !== null),
        ),
      ),
    },
    {
      name: 'proposeAmendment',
      document: 'mutation ($input: ProposeAmendmentInput!) { proposeAmendment(input: $input) { minutes { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ meetingId: held.meetingId, text: 'A change.' }),
      poisons: fc.oneof(field('meetingId', badId('Consultation')), field('text', badText(5000))),
    },
    transition('publishMinutes', 'publishMinutes', 'PublishMinutesInput', () => held),
  );

  // The other mutations: each with an input that passes validation, and one field made invalid at a time.
  const thisYear = new Date().getUTCFullYear();
  const version = (name = 'version') => field(name, badInt(1, 2 ** 31 - 1));
  // An update takes null as "leave it" (or "clear it"), and JSON drops undefined: neither poisons an update.
  const updatePoisons = POISONS.filter(([, value]) => value !== null && value !== undefined);
  targets.push(
    {
      name: 'scheduleConsultation',
      document: 'mutation ($input: ScheduleConsultationInput!) { scheduleConsultation(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: draft.globalId, version: 1 }),
      poisons: fc.oneof(field('id', badId('Contribution')), version()),
    },
    {
      name: 'extendConsultation',
      document: 'mutation ($input: ExtendConsultationInput!) { extendConsultation(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: open.globalId, version: 1, closesAt: later(30), reason: 'More time for the regions' }),
      poisons: fc.oneof(field('id', badId('Contribution')), version(), field('closesAt', badDateTime), field('reason', badText(1000))),
    },
    {
      name: 'closeConsultationEarly',
      document: 'mutation ($input: ConsultationDateChangeInput!) { closeConsultationEarly(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: open.globalId, version: 1, reason: 'The mandate changed' }),
      poisons: fc.oneof(field('id', badId('Contribution')), version(), field('reason', badText(1000))),
    },
    {
      name: 'cancelConsultation',
      document: 'mutation ($input: ConsultationDateChangeInput!) { cancelConsultation(input: $input) { consultation { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: draft.globalId, version: 1, reason: 'Merged with the next one' }),
      poisons: fc.oneof(field('id', badId('Contribution')), version(), field('reason', badText(1000))),
    },
    {
      name: 'withdrawContribution',
      document: 'mutation ($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { contribution { id } } }',
      caller: () => domainCallers.author,
      base: () => ({ id: toGlobalId('Contribution', own.id), version: 1 }),
      poisons: fc.oneof(field('id', badId('Consultation')), version()),
    },
    {
      name: 'requestReports',
      document: 'mutation ($input: RequestReportsInput!) { requestReports(input: $input) { alreadyRequested } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ year, organisationIds: [organisation.globalId] }),
      poisons: fc.oneof(
        field('year', badInt(2000, 9999)),
        field(
          'organisationIds',
          fc.oneof(
            fc.constant([]),
            notAString,
            fc.constant(Array.from({ length: 101 }, () => organisation.globalId)),
            badId('Consultation').map((id) => [id]),
          ),
        ),
      ),
    },
    {
      name: 'submitReport',
      document: 'mutation ($input: ReportTransitionInput!) { submitReport(input: $input) { report { id } } }',
      caller: () => domainCallers.representative,
      base: () => ({ reportId, version: 1 }),
      poisons: fc.oneof(field('reportId', badId('Stakeholder')), version()),
    },
    {
      name: 'publishReport',
      document: 'mutation ($input: ReportTransitionInput!) { publishReport(input: $input) { report { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ reportId, version: 1 }),
      poisons: fc.oneof(field('reportId', badId('Consultation')), version()),
    },
    {
      name: 'proposeOrganisation',
      document: 'mutation ($input: ProposeOrganisationInput!) { proposeOrganisation(input: $input) { organisation { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ name: `Fuzz organisation ${unique()}`, group: 'ACADEMIA', region: 'AFRICAN', country: 'KE', contactEmail: `${unique()}@example.net` }),
      poisons: POISONS,
    },
    {
      name: 'updateStakeholder',
      document: 'mutation ($input: UpdateStakeholderInput!) { updateStakeholder(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.stakeholder,
      base: () => ({ id: stakeholder.globalId, version: 1, website: 'https://fuzz.example' }),
      poisons: fc.oneof(field('id', badId('Consultation')), version(), updatePoisons),
    },
    {
      name: 'setVerification',
      document: 'mutation ($input: SetVerificationInput!) { setVerification(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: stakeholder.globalId, version: 1, status: 'VERIFIED' }),
      poisons: fc.oneof(field('id', badId('Consultation')), version(), field('status', badEnum(['UNVERIFIED', 'VERIFIED', 'REJECTED']))),
    },
    {
      name: 'setRelevantOrganisation',
      document: 'mutation ($input: SetRelevantOrganisationInput!) { setRelevantOrganisation(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ id: organisation.globalId, version: 1, relevant: true }),
      poisons: fc.oneof(
        field('id', badId('Consultation')),
        version(),
        field('relevant', fc.oneof(fc.constantFrom('yes', 'true', 1, 0, null), fc.array(fc.boolean(), { minLength: 1, maxLength: 2 }))),
      ),
    },
    {
      name: 'appointMagMember',
      document: 'mutation ($input: AppointMagMemberInput!) { appointMagMember(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ stakeholderId: stakeholder.globalId, startYear: thisYear, endYear: thisYear }),
      poisons: fc.oneof(field('stakeholderId', badId('Consultation')), field('startYear', badInt(2000, 2100)), field('endYear', badInt(2000, 2100))),
    },
    {
      name: 'endMagTerm',
      document: 'mutation ($input: EndMagTermInput!) { endMagTerm(input: $input) { stakeholder { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ stakeholderId: mag.globalId }),
      poisons: field('stakeholderId', badId('Consultation')),
    },
    {
      name: 'appointRepresentative',
      document: 'mutation ($input: RepresentativeInput!) { appointRepresentative(input: $input) { person { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ personId: stakeholder.globalId, organisationId: organisation.globalId }),
      poisons: fc.oneof(field('personId', badId('Consultation')), field('organisationId', badId('Consultation'))),
    },
    {
      name: 'revokeRepresentative',
      document: 'mutation ($input: RepresentativeInput!) { revokeRepresentative(input: $input) { person { id } } }',
      caller: () => domainCallers.secretariat,
      base: () => ({ personId: representative.globalId, organisationId: organisation.globalId }),
      poisons: fc.oneof(field('personId', badId('Consultation')), field('organisationId', badId('Consultation'))),
    },
  );
}, 120_000);

// Selection, sessions after selection, rooms and the schedule: a confirmed session placed in a fresh programme's
// schedule (version 1), an accepted one of the same proposer, two rooms.
beforeAll(async () => {
  const { scene, place, at } = await import('../schedule/helpers');
  const { eligibleProposal, select } = await import('../sessions/selection-helpers');
  const { createPerson } = await import('../helpers/people');
  const s = await scene(1);
  const slot = await place(s, 0, 0, at(s, 1, '09:00'));
  const accepted = await eligibleProposal(s.call, s.proposer);
  await select(s, [{ proposalId: accepted.id, outcome: 'ACCEPTED' }]);
  const term = { startYear: s.call.year, endYear: s.call.year };
  const mag = await createPerson({ roles: { magTerm: term }, stakeholder: { magTerm: term } });
  const secretariat = () => s.secretariat;
  const organiser = () => s.proposer.token;
  const version = accepted.proposal.version + 1;
  const badWindows = fc.oneof(
    notAString,
    fc.constant([{ startsAt: at(s, 1, '10:00'), endsAt: at(s, 1, '09:00') }]),
    badDateTime.map((startsAt) => [{ startsAt, endsAt: at(s, 1, '10:00') }]),
    fc.constant(Array.from({ length: 51 }, () => ({ startsAt: at(s, 1, '09:00'), endsAt: at(s, 1, '10:00') }))),
  );
  const report = {
    id: accepted.id,
    version,
    keyTakeaways: ['Community networks need spectrum.'],
    callsToAction: [],
    participantsByGroup: [{ group: 'GOVERNMENT', count: 3 }],
    onsiteParticipants: 10,
    onlineParticipants: 5,
    womenParticipants: 6,
    genderNarrative: 'Half of the speakers were women.',
  };
  targets.push(
    {
      name: 'setSlotBudgets',
      document: 'mutation ($input: SetSlotBudgetsInput!) { setSlotBudgets(input: $input) { slotBudgets { version } } }',
      caller: secretariat,
      base: () => ({ programmeId: s.call.programmeId, version: 1, budgets: [{ type: 'WORKSHOP', slots: 5 }] }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('version', badInt(0, 2 ** 31 - 1)),
        field(
          'budgets',
          fc.oneof(
            notAString,
            fc.constant([]),
            fc.constant([{ type: 'NOPE', slots: 1 }]),
            badInt(0, 1000).map((slots) => [{ type: 'WORKSHOP', slots }]),
            fc.constant([
              { type: 'WORKSHOP', slots: 1 },
              { type: 'WORKSHOP', slots: 2 },
            ]),
          ),
        ),
      ),
    },
    {
      name: 'meetConditions',
      document: 'mutation ($input: MeetConditionsInput!) { meetConditions(input: $input) { proposal { id } } }',
      caller: secretariat,
      base: () => ({ id: accepted.id, version, note: 'Conditions met.' }),
      poisons: fc.oneof(field('id', badId('Issue')), field('version', badInt(1, 2 ** 31 - 1)), field('note', fc.oneof(badText(2000), fc.constant('abc')))),
    },
    {
      name: 'confirmSession',
      document: 'mutation ($input: SessionTransitionInput!) { confirmSession(input: $input) { proposal { id } } }',
      caller: organiser,
      base: () => ({ id: accepted.id, version }),
      poisons: fc.oneof(field('id', badId('Issue')), field('version', badInt(1, 2 ** 31 - 1))),
    },
    {
      name: 'holdSession',
      document: 'mutation ($input: SessionTransitionInput!) { holdSession(input: $input) { proposal { id } } }',
      caller: secretariat,
      base: () => ({ id: accepted.id, version }),
      poisons: fc.oneof(field('id', badId('Theme')), field('version', badInt(1, 2 ** 31 - 1))),
    },
    {
      name: 'reportSession',
      document: 'mutation ($input: ReportSessionInput!) { reportSession(input: $input) { proposal { id } } }',
      caller: organiser,
      base: () => report,
      poisons: fc.oneof(
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('keyTakeaways', fc.oneof(notAString, fc.constant([]), fc.constant(['abc']), fc.constant(Array.from({ length: 11 }, () => 'A key takeaway.')))),
        field(
          'callsToAction',
          fc.oneof(
            notAString,
            fc.constant(['abc']),
            tooLong(1000).map((t) => [t]),
          ),
        ),
        field(
          'participantsByGroup',
          fc.oneof(
            notAString,
            fc.constant([{ group: 'NOPE', count: 1 }]),
            badInt(0, 100_000).map((count) => [{ group: 'GOVERNMENT', count }]),
            fc.constant([{ group: 'GOVERNMENT', count: 16 }]),
          ),
        ),
        field('onsiteParticipants', badInt(0, 100_000)),
        field('womenParticipants', fc.oneof(badInt(0, 100_000), fc.constant(16))),
        field('genderNarrative', badText(2000)),
      ),
    },
    {
      name: 'cancelSession',
      document: 'mutation ($input: CancelSessionInput!) { cancelSession(input: $input) { proposal { id } } }',
      caller: organiser,
      base: () => ({ id: accepted.id, version, reason: 'The organisers withdrew.' }),
      poisons: fc.oneof(field('id', badId('Issue')), field('version', badInt(1, 2 ** 31 - 1)), field('reason', fc.oneof(badText(2000), fc.constant('abc')))),
    },
    {
      name: 'designMainSession',
      document: 'mutation ($input: DesignMainSessionInput!) { designMainSession(input: $input) { proposal { id } } }',
      caller: secretariat,
      base: () => ({
        themeId: s.call.themeId,
        format: 'PANEL',
        durationMinutes: 90,
        policyQuestions: [0],
        title: 'A fuzzed main session',
        description: 'A main session designed by the working group.',
        workingGroupIds: [mag.globalId],
        speakers: [{ stakeholderId: s.proposer.globalId, role: 'SPEAKER', attendance: 'ONSITE' }],
        idempotencyKey: unique('fuzz-key-'),
      }),
      poisons: fc.oneof(
        field('themeId', badId('Issue')),
        field('format', fc.oneof(badEnum(['PANEL']), fc.constant('TALK'))),
        field('durationMinutes', fc.oneof(badInt(90, 90), fc.constant(60))),
        field('policyQuestions', fc.oneof(fc.constant([]), fc.constant([7]), fc.constant([0, 0]), fc.constant([0, 1, 2, 0]))),
        field('title', badText(60)),
        field('description', badText(3000)),
        field(
          'workingGroupIds',
          fc.oneof(
            fc.constant([]),
            badId('Issue').map((id) => [id]),
            fc.constant([s.proposer.globalId]),
          ),
        ),
        field(
          'speakers',
          fc.oneof(
            notAString,
            badId('Issue').map((stakeholderId) => [{ stakeholderId, role: 'SPEAKER', attendance: 'ONSITE' }]),
          ),
        ),
        field(
          'feederIds',
          fc.oneof(
            badId('Theme').map((id) => [id]),
            fc.constant([s.sessions[0]!.id.slice(0, -2)]),
          ),
        ),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short'), tooLong(128))),
      ),
    },
    {
      name: 'createRoom',
      document: 'mutation ($input: CreateRoomInput!) { createRoom(input: $input) { room { id } } }',
      caller: secretariat,
      base: () => ({ programmeId: s.call.programmeId, name: 'Room C', capacity: 40, availability: [], idempotencyKey: unique('fuzz-key-') }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('name', badText(100)),
        field('capacity', badInt(1, 100_000)),
        field('availability', badWindows),
        field('idempotencyKey', fc.oneof(notAString, fc.constantFrom('', 'short'), tooLong(128))),
      ),
    },
    {
      name: 'updateRoom',
      document: 'mutation ($input: UpdateRoomInput!) { updateRoom(input: $input) { room { id } } }',
      caller: secretariat,
      base: () => ({ id: s.rooms[1], version: 1, name: 'Room B' }),
      poisons: fc.oneof(
        field('id', badId('Issue')),
        field('version', badInt(1, 2 ** 31 - 1)),
        field('name', badOptionalText(100)),
        field('capacity', badInt(1, 100_000)),
        field('availability', badWindows),
      ),
    },
    {
      name: 'placeSession',
      document: 'mutation ($input: PlaceSessionInput!) { placeSession(input: $input) { scheduleVersion } }',
      caller: secretariat,
      base: () => ({ sessionId: s.sessions[0]!.id, roomId: s.rooms[1], startsAt: at(s, 2, '09:00'), scheduleVersion: 1 }),
      poisons: fc.oneof(
        field('sessionId', badId('Issue')),
        field('roomId', badId('Issue')),
        field('startsAt', fc.oneof(badDateTime, fc.constant(`${s.call.year}-07-30T09:00:00Z`))),
        field('expectedAttendance', badInt(0, 100_000)),
        field('scheduleVersion', badInt(0, 2 ** 31 - 1)),
      ),
    },
    {
      name: 'moveSlot',
      document: 'mutation ($input: MoveSlotInput!) { moveSlot(input: $input) { scheduleVersion } }',
      caller: secretariat,
      base: () => ({ slotId: slot.id, startsAt: at(s, 2, '11:00'), scheduleVersion: 1 }),
      poisons: fc.oneof(
        field('slotId', badId('Issue')),
        field('roomId', badId('Issue')),
        field('startsAt', fc.oneof(badDateTime, fc.constant(`${s.call.year}-01-01T09:00:00Z`))),
        field('expectedAttendance', badInt(0, 100_000)),
        field('scheduleVersion', badInt(0, 2 ** 31 - 1)),
      ),
    },
    {
      name: 'removeSlot',
      document: 'mutation ($input: RemoveSlotInput!) { removeSlot(input: $input) { scheduleVersion } }',
      caller: secretariat,
      base: () => ({ slotId: slot.id, scheduleVersion: 1 }),
      poisons: fc.oneof(field('slotId', badId('Issue')), field('scheduleVersion', badInt(0, 2 ** 31 - 1))),
    },
    {
      name: 'releaseSchedule',
      document: 'mutation ($input: ReleaseScheduleInput!) { releaseSchedule(input: $input) { release { id } } }',
      caller: secretariat,
      base: () => ({ programmeId: s.call.programmeId, scheduleVersion: 1, note: 'First version.' }),
      poisons: fc.oneof(
        field('programmeId', badId('Issue')),
        field('scheduleVersion', badInt(0, 2 ** 31 - 1)),
        field('note', fc.oneof(badOptionalText(2000), fc.constant('ab'))),
      ),
    },
  );
}, 120_000);

/** Mutations fuzzed apart from `targets`, with where. */
const FUZZED_ELSEWHERE: Readonly<Record<string, string>> = {
  registerStakeholder: "field by field in 'fuzzing variables' (its caller must be a new, unregistered user)",
};

describe('the fuzzing covers the schema', () => {
  it('has a fuzz target for every mutation of the schema (or says where it is fuzzed)', () => {
    const mutations = Object.keys(buildASTSchema(parse(typeDefs)).getMutationType()?.getFields() ?? {});
    const targeted = new Set([...targets.map((target) => target.name), ...Object.keys(FUZZED_ELSEWHERE)]);
    expect(mutations.length).toBeGreaterThan(20);
    expect(mutations.filter((name) => !targeted.has(name))).toEqual([]);
    expect([...targeted].filter((name) => !mutations.includes(name))).toEqual([]);
  });
});

describe('fuzzing the consultation and reporting mutations', () => {
  it('refuses every input with one wrong field (enum, huge string, DateTime, type, section key…) with a clear 4xx error, and writes nothing', async () => {
    writes = [];
    const cases = fc.integer({ min: 0, max: targets.length - 1 }).chain((i) => targets[i]!.poisons.map((poison) => [targets[i]!, poison] as const));
    await fc.assert(
      fc.asyncProperty(cases, async ([target, [name, value]]) => {
        const input = { ...target.base(), [name]: value };
        const response = await send({
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.caller()}` },
          body: JSON.stringify({ query: target.document, variables: { input } }),
        });
        const failure = `${target.name}.${name} = ${JSON.stringify(value)?.slice(0, 80)} → ${response.statusCode} ${response.body?.slice(0, 200)}`;
        expect(() => expectClearRefusal(response), failure).not.toThrow();
        if ((response.statusCode ?? 200) < 413) {
          const codes = (JSON.parse(response.body ?? '{}') as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code);
          expect({ mutation: target.name, field: name, codes }).toEqual({
            mutation: target.name,
            field: name,
            codes: codes.map(() => expect.stringMatching(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/)),
          });
        }
      }),
      { numRuns: 500, endOnFailure: true },
    );
    expect(writes).toEqual([]);
  }, 60_000);

  it('refuses an empty agendaItemId as no item of the agenda, not as "none" (found by this fuzzer)', async () => {
    const record = targets.find((t) => t.name === 'recordDecision')!;
    writes = [];
    const response = await send({
      headers: { 'content-type': 'application/json', authorization: `Bearer ${record.caller()}` },
      body: JSON.stringify({ query: record.document, variables: { input: { ...record.base(), agendaItemId: '' } } }),
    });
    expect(JSON.parse(response.body ?? '{}').errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agendaItemId' });
    expect(writes).toEqual([]);
  });

  it('refuses an empty parentId or organisationId as a malformed id, not as "none" (found by this fuzzer)', async () => {
    const submit = targets.find((t) => t.name === 'submitContribution')!;
    writes = [];
    for (const name of ['parentId', 'organisationId']) {
      const response = await send({
        headers: { 'content-type': 'application/json', authorization: `Bearer ${submit.caller()}` },
        body: JSON.stringify({ query: submit.document, variables: { input: { ...submit.base(), [name]: '' } } }),
      });
      expect(JSON.parse(response.body ?? '{}').errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${name}` });
    }
    expect(writes).toEqual([]);
  });

  it('accepts each mutation’s unpoisoned base input (so the refusals above come from the poisoned field)', async () => {
    // At a stale version nothing is written; the base input must get past validation and authorization to a state check.
    const staleable = targets.filter((t) => 'version' in t.base() || 'entries' in t.base());
    expect(staleable.length).toBeGreaterThanOrEqual(9);
    const stale = (input: Record<string, unknown>) =>
      'entries' in input
        ? { ...input, entries: (input.entries as Record<string, unknown>[]).map((e) => ('version' in e ? { ...e, version: 999_999 } : e)) }
        : { ...input, version: 999_999 };
    const reachable = await Promise.all(
      staleable.map(async (target) => {
        const response = await send({
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.caller()}` },
          body: JSON.stringify({ query: target.document.replace('mutation', 'mutation Probe'), variables: { input: stale(target.base()) } }),
        });
        const errors = (JSON.parse(response.body ?? '{}') as { errors?: { extensions: { code: string } }[] }).errors ?? [];
        return [target.name, errors.map((e) => e.extensions.code).join(',') || 'OK'] as const;
      }),
    );
    // With a stale version (or none) every base input passes validation and stops at a state check, or succeeds.
    for (const [name, code] of reachable)
      expect({ name, code }).toEqual({ name, code: expect.not.stringMatching(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED|FORBIDDEN|UNAUTHENTICATED|INTERNAL/) });
  });
});

describe('fuzzing the links in mails', () => {
  it('answers random confirmation codes and unsubscribe tokens with a 4xx page (or the button page), never a 5xx or a write', async () => {
    const { handler: links } = await import('../../functions/handlers/mail-links');
    const { apiGatewayEvent } = await import('../../functions/local/http-adapter');
    writes = [];
    const segment = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('', '%00', '../..', '<script>', 'REPORT_REMINDER', 'CONTACT_CONFIRMATION', 'AAAA-BBBB-CCCC', 'x'.repeat(300)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST'), fc.boolean(), segment, segment, async (method, confirm, a, b) => {
        const pathParameters: Record<string, string> = confirm ? { code: a } : { kind: a, token: b };
        const routePath = confirm ? '/mail/confirm/{code}' : '/mail/unsubscribe/{kind}/{token}';
        const response = await links(apiGatewayEvent({ method, path: '/mail/x', routePath, pathParameters, body: 'List-Unsubscribe=One-Click' }));
        expect([200, 400, 404]).toContain(response.statusCode);
        if (method === 'GET') expect(response.statusCode).toBe(200);
        expect(response.body).not.toContain('<script>');
      }),
      { numRuns: 200 },
    );
    expect(writes).toEqual([]);
  });
});

describe('fuzzing cursors and names', () => {
  const LISTS = [
    'query ($after: String) { consultations(first: 1, after: $after) { edges { cursor } } }',
    'query ($after: String) { stakeholders(first: 1, after: $after) { edges { cursor } } }',
    'query ($after: String) { changes(since: "2020-01-01T00:00:00Z", first: 1, after: $after) { edges { cursor } } }',
  ];
  /** Cursors a client might send: random text (non-ASCII included), genuine-looking ones with a character changed, the former signed format. */
  const CURSORS = fc
    .oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .tuple(fc.base64String({ minLength: 40, maxLength: 120 }), fc.string({ unit: 'grapheme', minLength: 22, maxLength: 22 }))
        .map(([payload, signature]) => `${payload}.${signature}`),
      fc
        .tuple(fc.nat(60), fc.constantFrom('é', '\u0000', '\u202e', '.', '=', '+', '/', ' '))
        .map(([at, char]) => `${'AQ'.repeat(40).slice(0, at)}${char}${'AQ'.repeat(40).slice(at + 1)}`),
    )
    .filter((cursor) => cursor !== ''); // an empty `after` means: from the start

  it('refuses every malformed cursor, non-ASCII included, with BAD_USER_INPUT on `after` (never a 5xx)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), CURSORS, async (query, after) => {
        const response = await send({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { after } }) });
        expectClearRefusal(response);
        const errors = (JSON.parse(response.body ?? '{}') as { errors?: { extensions?: { code?: string; field?: string } }[] }).errors ?? [];
        expect(errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every name holding a control or bidirectional character with BAD_USER_INPUT on input.name, and writes nothing', async () => {
    writes = [];
    const BAD = fc.constantFrom(
      '\u0000',
      '\u0007',
      '\u001b',
      '\u007f',
      '\u0085',
      '\n',
      '\t',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200e',
      '\u200f',
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 2, maxLength: 30 }), fc.nat(30), BAD, async (base, at, bad) => {
        const tag = unique();
        const name = `${base.slice(0, at)}${bad}${base.slice(at)} ${tag}`;
        const response = await send({
          headers: { 'content-type': 'application/json', authorization: `Bearer ${(await newUserToken()).token}` },
          body: JSON.stringify({
            query: VALID_DOCUMENT,
            variables: { input: { name, group: 'ACADEMIA', region: 'AFRICAN', country: 'KE', contactEmail: `${tag}@example.net` } },
          }),
        });
        expectClearRefusal(response);
        const errors = (JSON.parse(response.body ?? '{}') as { errors?: { extensions?: { code?: string; field?: string } }[] }).errors ?? [];
        expect(errors.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'input.name']]);
      }),
      { numRuns: 150 },
    );
    expect(writes).toEqual([]);
  });
});
