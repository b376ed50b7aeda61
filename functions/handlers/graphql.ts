/**
 * The GraphQL Lambda: API Gateway HTTP API (payload v2) → Apollo Server.
 * The server is built once per process, and the token key set fetched at
 * init; each request gets its own context. Oversized requests are refused
 * here, before Apollo reads them; every response is compressed and given its
 * cache-control by the integration's middleware (http-response.ts).
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import { prepareTokenVerifier } from '../core/auth/token-verifier';
import { config } from '../core/config';
import { callerFromAuthorization, createContext } from '../graphql/context';
import { DomainError, ErrorCode } from '../core/errors';
import { DYNAMODB_LIMITS, HTTP_LIMITS } from '../core/limits';
import { log } from '../core/log';
import { loadTracing, observeInvocation, recordRefusal } from '../core/observability';
import { loadSecrets } from '../core/secrets';
import { currentBudget, RequestBudget, runWithBudget } from '../core/request-budget';
import { createApolloServer } from '../graphql/server';
import { compressResult, graphqlCacheControl } from './http-response';

const server = createApolloServer();

// The Cognito key set is fetched during init, not on the first signed-in request; a failure is logged there
// and retried by the next request that carries a token (which answers SERVICE_UNAVAILABLE until it succeeds).
if (config().cognito) prepareTokenVerifier().catch(() => undefined);

/** Apollo's refusal of a request that could be a cross-site request forgery (csrfPrevention). */
const CSRF_REFUSAL = 'Cross-Site Request Forgery';

const apollo = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event, context }) => {
    try {
      const caller = await callerFromAuthorization(event.headers.authorization ?? event.headers.Authorization);
      const budget = currentBudget();
      if (budget && caller.kind === 'user') budget.writer = caller.subject;
      return createContext({ requestId: context.awsRequestId, caller });
    } catch (error) {
      if (error instanceof DomainError) {
        const status = error.code === ErrorCode.SERVICE_UNAVAILABLE ? 503 : 401;
        if (status === 401) {
          log.warn('Request refused: the token does not verify', { requestId: context.awsRequestId, status, reason: error.message });
          recordRefusal('UNAUTHENTICATED');
        }
        throw new GraphQLError(error.message, { extensions: { code: error.code, ...error.details, http: { status } } });
      }
      throw error;
    }
  },
  middleware: [
    async (event) => async (result) => {
      if (result.statusCode === 400 && result.body?.includes(CSRF_REFUSAL)) {
        log.warn('Request refused: possible cross-site request forgery', {
          status: 400,
          method: event.requestContext.http.method,
          contentType: event.headers['content-type'] ?? null,
        });
        recordRefusal('CSRF');
      }
      graphqlCacheControl(event, result);
      compressResult(event, result);
    },
  ],
});

function refuse(status: number, message: string, requestId: string): APIGatewayProxyStructuredResultV2 {
  log.warn('Request refused', { requestId, status });
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST', requestId } }] }),
  };
}

/** The request's size as received: base64 bodies are counted encoded, which only errs on the safe side. */
function oversized(event: APIGatewayProxyEventV2, requestId: string): APIGatewayProxyStructuredResultV2 | undefined {
  if (event.body && Buffer.byteLength(event.body, 'utf8') > HTTP_LIMITS.maxBodyBytes) {
    return refuse(413, `The request body is larger than ${HTTP_LIMITS.maxBodyBytes} bytes`, requestId);
  }
  if (event.rawQueryString && Buffer.byteLength(event.rawQueryString, 'utf8') > HTTP_LIMITS.maxQueryStringBytes) {
    return refuse(414, `The query string is longer than ${HTTP_LIMITS.maxQueryStringBytes} bytes`, requestId);
  }
  return undefined;
}

/** Two parameters: `nodejs24.x` refuses a handler that declares a callback (test/cdk/handler-arity.test.ts). */
export async function handler(event: APIGatewayProxyEventV2, context: LambdaContext): Promise<APIGatewayProxyStructuredResultV2> {
  return observeInvocation(context, async () => {
    await Promise.all([loadTracing(), loadSecrets()]);
    const refused = oversized(event, context.awsRequestId);
    if (refused) return refused;
    // The request's budget of DynamoDB work and its deadline (functions/core/request-budget.ts).
    const allowedMs = Math.min(config().requestDeadlineMs, context.getRemainingTimeInMillis() - DYNAMODB_LIMITS.lambdaMarginMs);
    const budget = new RequestBudget(undefined, Date.now() + allowedMs);
    return (await runWithBudget(budget, () => apollo(event, context, () => undefined))) as APIGatewayProxyStructuredResultV2;
  });
}
