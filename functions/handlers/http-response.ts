/**
 * What every HTTP response of the API gets on its way out, deployed and locally alike (the local server
 * serves these same results): compression by `accept-encoding` (API Gateway HTTP APIs do not compress),
 * and a `cache-control` that lets shared caches keep public GraphQL reads and nothing else.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const COMPRESSION = {
  /** Smaller bodies are sent as they are: the encoding's own overhead would eat most of the gain. */
  minBytes: 1024,
  /** Brotli quality 5 and gzip level 6: most of the size gain for little CPU (npm run bench, Compression). */
  brotliQuality: 5,
  gzipLevel: 6,
} as const;

export type Encoding = 'br' | 'gzip';

/** How long shared caches and browsers may keep a public GraphQL read (GET, no token, no errors). */
export const PUBLIC_MAX_AGE_SECONDS = 60;

/** The encoding to answer with: brotli over gzip, each only when the client accepts it (q > 0). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*');
  const acceptable = (name: Encoding) => (accepted.get(name) ?? wildcard ?? 0) > 0;
  if (acceptable('br')) return 'br';
  if (acceptable('gzip')) return 'gzip';
  return undefined;
}

export function encode(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      })
    : gzipSync(body, { level: COMPRESSION.gzipLevel });
}

function header(headers: APIGatewayProxyEventV2['headers'], name: string): string | undefined {
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function addVary(result: APIGatewayProxyStructuredResultV2, ...names: string[]): void {
  const headers = (result.headers ??= {});
  const current = String(headers.vary ?? headers.Vary ?? '');
  const values = current
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const name of names) if (!values.some((v) => v.toLowerCase() === name)) values.push(name);
  delete headers.Vary;
  headers.vary = values.join(', ');
}

/** Compresses the result's body in place when the client accepts it and the body is worth it. */
export function compressResult(event: Pick<APIGatewayProxyEventV2, 'headers'>, result: APIGatewayProxyStructuredResultV2): void {
  const headers = (result.headers ??= {});
  if (!result.body || headers['content-encoding'] !== undefined) return;
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  if (body.length < COMPRESSION.minBytes) return;
  // Whether or not this client accepts an encoding, a cache must not serve this answer to one that differs.
  addVary(result, 'accept-encoding');
  const encoding = chooseEncoding(header(event.headers, 'accept-encoding'));
  if (!encoding) return;
  result.body = encode(body, encoding).toString('base64');
  result.isBase64Encoded = true;
  headers['content-encoding'] = encoding;
  // The length Apollo stated is the uncompressed one; the server sending the body states the right one.
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-length') delete headers[name];
}

/**
 * `cache-control` of a GraphQL response: public for a GET without a token that succeeded with no errors
 * (the same answer for every public caller), `no-store` for everything else, signed-in callers' answers
 * first of all. `vary: authorization` keeps a shared cache from answering a signed-in caller from it.
 */
export function graphqlCacheControl(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>, result: APIGatewayProxyStructuredResultV2): void {
  const headers = (result.headers ??= {});
  addVary(result, 'authorization');
  headers['cache-control'] = isPublicRead(event, result) ? `public, max-age=${PUBLIC_MAX_AGE_SECONDS}` : 'no-store';
}

function isPublicRead(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>, result: APIGatewayProxyStructuredResultV2): boolean {
  if (event.requestContext.http.method !== 'GET' || (header(event.headers, 'authorization') ?? '').trim() !== '') return false;
  if ((result.statusCode ?? 200) !== 200 || result.isBase64Encoded || !result.body) return false;
  if (!String(result.headers?.['content-type'] ?? '').startsWith('application/')) return false;
  try {
    const parsed = JSON.parse(result.body) as { errors?: unknown; data?: unknown };
    return parsed.errors === undefined && parsed.data !== undefined && parsed.data !== null;
  } catch {
    return false;
  }
}
