/**
 * What clients get on the wire, from the handler as deployed and from the local server alike: compressed
 * bodies by accept-encoding (gzip, brotli) on every path, the export included; cache-control for public
 * reads only; CORS that lets a browser read the export's paging headers; one error shape for oversized
 * bodies; refusals before GraphQL (bad tokens, CSRF) logged and counted.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setEnv } from '../../functions/core/config';
import { powertoolsLogger } from '../../functions/core/observability';
import { handler as exportHandler } from '../../functions/handlers/export';
import { handler as graphqlHandler } from '../../functions/handlers/graphql';
import { handler as mailHandler } from '../../functions/handlers/mail-links';
import { chooseEncoding } from '../../functions/handlers/http-response';
import { CORS } from '../../functions/handlers/routes';
import { apiGatewayEvent, createLocalServer, lambdaContext } from '../../functions/local/http-adapter';
import { invoke, newUserToken } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { createPerson } from '../helpers/people';

/** A public read larger than the compression threshold (the schema's type names and descriptions). */
const LARGE = '{ __schema { types { name description } } }';
const get = (query: string, headers: Record<string, string> = {}, token?: string) =>
  invoke(undefined, {
    method: 'GET',
    query: `query=${encodeURIComponent(query)}`,
    headers: { 'apollo-require-preflight': 'true', ...headers },
    ...(token ? { token } : {}),
  });

function decoded(result: APIGatewayProxyStructuredResultV2): string {
  const raw = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : Buffer.from(result.body ?? '', 'utf8');
  const encoding = result.headers?.['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  return raw.toString('utf8');
}

describe('compression', () => {
  it('answers brotli when accepted, gzip when only gzip is, and the same JSON either way', async () => {
    // Act
    const plain = await get(LARGE);
    const br = await get(LARGE, { 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await get(LARGE, { 'accept-encoding': 'gzip' });

    // Assess
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(plain.headers?.vary).toContain('accept-encoding');
    expect(br.headers?.['content-encoding']).toBe('br');
    expect(gzip.headers?.['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(br))).toEqual(JSON.parse(plain.body ?? ''));
    expect(JSON.parse(decoded(gzip))).toEqual(JSON.parse(plain.body ?? ''));
    expect(Buffer.from(br.body ?? '', 'base64').length).toBeLessThan((plain.body ?? '').length / 3);
  });

  it('compresses POST answers and signed-in answers too, but leaves bodies under 1 KB as they are', async () => {
    const user = await newUserToken();

    const post = await invoke(JSON.stringify({ query: LARGE }), { token: user.token, headers: { 'accept-encoding': 'gzip' } });
    const small = await invoke(JSON.stringify({ query: '{ __typename }' }), { headers: { 'accept-encoding': 'gzip' } });

    expect(post.headers?.['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(post)).data.__schema.types.length).toBeGreaterThan(10);
    expect(small.headers?.['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body ?? '')).toEqual({ data: { __typename: 'Query' } });
  });

  it('compresses the export, which keeps its paging headers', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    for (let i = 0; i < 12; i++)
      await contributeDirect(consultation, author.stakeholder, { at: new Date(Date.parse(consultation.opensAt) + (i + 1) * 60_000) });
    const event = (encoding?: string) =>
      apiGatewayEvent({
        method: 'GET',
        path: `/export/consultations/${globalId}.csv`,
        routePath: '/export/consultations/{file}',
        query: 'limit=10',
        headers: encoding ? { 'accept-encoding': encoding } : {},
        pathParameters: { file: `${globalId}.csv` },
      });

    // Act
    const plain = (await exportHandler(event(), lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;
    const br = (await exportHandler(event('br'), lambdaContext('agora-export'))) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(br.statusCode).toBe(200);
    expect(br.headers?.['content-encoding']).toBe('br');
    expect(decoded(br)).toBe(plain.body);
    expect(br.headers?.['x-export-rows']).toBe('10');
    expect(br.headers?.link).toMatch(/rel="next"/);
  });

  it('follows the client: q=0 refuses an encoding, * accepts any, identity alone gets none', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('GZIP;q=0.5')).toBe('gzip');
  });
});

describe('cache-control', () => {
  it('lets caches keep a public GET read for 60 s, and never a signed-in, failed or POST answer', async () => {
    const user = await newUserToken();

    const publicRead = await get('{ __typename }');
    const signedIn = await get('{ __typename }', {}, user.token);
    const failed = await get('{ stakeholder(id: "nope") { name } }');
    const post = await invoke(JSON.stringify({ query: '{ __typename }' }));

    expect(publicRead.headers?.['cache-control']).toBe('public, max-age=60');
    expect(publicRead.headers?.vary).toContain('authorization');
    expect(signedIn.headers?.['cache-control']).toBe('no-store');
    expect(failed.headers?.['cache-control']).toBe('no-store');
    expect(post.headers?.['cache-control']).toBe('no-store');
  });
});

describe('the local server', () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const server = createLocalServer({ graphql: graphqlHandler, export: exportHandler, mail: mailHandler });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}) {
    return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  it('sends the compressed bytes with content-encoding, as the deployed API does', async () => {
    const response = await raw(`/graphql?query=${encodeURIComponent(LARGE)}`, { headers: { 'accept-encoding': 'br', 'apollo-require-preflight': 'true' } });

    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(response.body).toString('utf8')).data.__schema.types.length).toBeGreaterThan(10);
  });

  it('exposes the export paging headers to browsers, from the list the deployed CORS uses', async () => {
    const response = await raw(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { origin: 'https://dashboard.example', 'apollo-require-preflight': 'true' },
    });

    expect(CORS.exposeHeaders).toEqual(['link', 'x-export-rows']);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toBe('link,x-export-rows');
  });

  it('refuses a body over 10 MiB with 413 in the API error shape', async () => {
    const response = await raw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({
      errors: [{ message: 'The request body is larger than 10485760 bytes', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
});

describe('refusals before GraphQL runs', () => {
  let output: string[] = [];
  beforeEach(() => {
    output = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        output.push(String(chunk));
        return true;
      });
    }
    powertoolsLogger().setLogLevel('INFO');
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'false' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    powertoolsLogger().setLogLevel('ERROR');
    setEnv({ POWERTOOLS_METRICS_DISABLED: 'true' });
  });
  const jsonLines = () =>
    output
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>);

  it('logs and counts a token that does not verify (401)', async () => {
    const result = await invoke(JSON.stringify({ query: '{ __typename }' }), { token: 'not.a.token' });

    expect(result.statusCode).toBe(401);
    const logged = jsonLines().find((l) => l.message === 'Request refused: the token does not verify');
    expect(logged).toMatchObject({ level: 'WARN', status: 401, function_name: 'agora-graphql' });
    expect(output.join('')).not.toContain('not.a.token');
    expect(jsonLines().find((l) => l._aws)).toMatchObject({ 'Refused.UNAUTHENTICATED': 1, Requests: 1 });
  });

  it('logs and counts a request refused as a possible cross-site request forgery', async () => {
    const result = await invoke(JSON.stringify({ query: '{ __typename }' }), { headers: { 'content-type': 'text/plain' } });

    expect(result.statusCode).toBe(400);
    expect(jsonLines().find((l) => l.message === 'Request refused: possible cross-site request forgery')).toMatchObject({ level: 'WARN', method: 'POST' });
    expect(jsonLines().find((l) => l._aws)).toMatchObject({ 'Refused.CSRF': 1 });
  });
});
