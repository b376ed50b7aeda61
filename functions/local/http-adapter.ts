/**
 * Serves the Lambda handlers over plain HTTP on this machine: each request is
 * turned into the API Gateway HTTP API (payload v2) event that AWS would send,
 * dispatched by the same route list as the deployed API, and the handler's
 * result written back. Local and deployed requests take one code path.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { CORS, matchRoute, type RouteDefinition } from '../handlers/routes';

/** A Lambda handler as `nodejs24.x` calls it: event and context, no callback. */
export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | void>;

/** API Gateway HTTP APIs accept at most 10 MB; the local server keeps the same bound. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function lambdaContext(functionName: string): Context {
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    // No Lambda timeout applies locally: the request deadline (AGORA_REQUEST_DEADLINE_MS, 10 s by default) bounds a request.
    getRemainingTimeInMillis: () => 120_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function apiGatewayEvent(options: {
  method: string;
  path: string;
  routePath: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  pathParameters?: Record<string, string>;
  sourceIp?: string;
}): APIGatewayProxyEventV2 {
  const now = new Date();
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const query = options.query ?? '';
  const params = new URLSearchParams(query);
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.routePath}`,
    rawPath: options.path,
    rawQueryString: query,
    headers,
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    ...(query ? { queryStringParameters: Object.fromEntries([...params.keys()].map((k) => [k, params.getAll(k).join(',')])) } : {}),
    ...(options.pathParameters && Object.keys(options.pathParameters).length ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: `${options.method} ${options.routePath}`,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(options.body !== undefined && options.body !== '' ? { body: options.body } : {}),
    isBase64Encoded: false,
  };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What API Gateway adds to a cross-origin response (CORS as configured from the same lists in cdk/agora-stack.ts). */
function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  return origin ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': CORS.exposeHeaders.join(','), vary: 'origin' } : {};
}

/** A refusal before any handler runs, in the API's one error shape (as the GraphQL handler's own refusals). */
function refusal(message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
}

/**
 * `pages` answers what only the local server serves (the GraphQL IDE, functions/local/graphiql.ts) and
 * returns false for everything else, which goes to the handlers.
 */
export function createLocalServer(
  handlers: Record<RouteDefinition['function'], LambdaHandler>,
  pages?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean,
): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (pages?.(request, response, url)) return;
      if (method === 'OPTIONS') {
        response.writeHead(204, {
          ...corsHeaders(request),
          'access-control-allow-methods': CORS.allowMethods.join(','),
          'access-control-allow-headers': CORS.allowHeaders.join(','),
          'access-control-max-age': String(CORS.maxAgeSeconds),
        });
        response.end();
        return;
      }
      const matched = matchRoute(method, url.pathname);
      if (!matched) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Not Found' }));
        return;
      }
      const body = await readBody(request);
      if (body === undefined) {
        response.writeHead(413, { ...corsHeaders(request), 'content-type': 'application/json; charset=utf-8' });
        response.end(refusal(`The request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const event = apiGatewayEvent({
        method,
        path: url.pathname,
        routePath: matched.route.path,
        query: url.search.slice(1),
        headers,
        body,
        pathParameters: matched.params,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      const result = await handlers[matched.route.function](event, lambdaContext(`agora-${matched.route.function}`));
      const structured: APIGatewayProxyStructuredResultV2 = typeof result === 'object' && result !== null ? result : { statusCode: 200, body: result ?? '' };
      const outHeaders: Record<string, string | string[]> = { ...corsHeaders(request) };
      for (const [name, value] of Object.entries(structured.headers ?? {})) {
        // One `vary` with both the CORS and the handler's values.
        outHeaders[name] = name === 'vary' && outHeaders.vary ? `${String(outHeaders.vary)}, ${String(value)}` : String(value);
      }
      if (structured.cookies?.length) outHeaders['set-cookie'] = structured.cookies;
      response.writeHead(structured.statusCode ?? 200, outHeaders);
      response.end(structured.isBase64Encoded ? Buffer.from(structured.body ?? '', 'base64') : (structured.body ?? ''));
    })().catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Bad Gateway' }));
    });
  });
}
