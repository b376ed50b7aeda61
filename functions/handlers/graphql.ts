/**
 * The GraphQL Lambda: API Gateway HTTP API (payload v2) → Apollo Server.
 * The server is built once per process; each request gets its own context.
 * Oversized requests are refused here, before Apollo reads them.
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import { config } from '../core/config';
import { callerFromAuthorization, createContext } from '../core/context';
import { DomainError } from '../core/errors';
import { DYNAMODB_LIMITS, HTTP_LIMITS } from '../core/limits';
import { log } from '../core/log';
import { flushMetrics, loadTracing } from '../core/observability';
import { loadSecrets } from '../core/secrets';
import { currentBudget, RequestBudget, runWithBudget } from '../core/request-budget';
import { createApolloServer } from '../core/server';

const server = createApolloServer();

const apollo = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event, context }) => {
    try {
      const caller = await callerFromAuthorization(event.headers.authorization ?? event.headers.Authorization);
      const budget = currentBudget();
      if (budget && caller.kind === 'user') budget.writer = caller.subject;
      return createContext({ requestId: context.awsRequestId, caller });
    } catch (error) {
      if (error instanceof DomainError) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
      }
      throw error;
    }
  },
});

function refuse(status: number, message: string, requestId: string): APIGatewayProxyStructuredResultV2 {
  log.warn('Request refused', { requestId, status });
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
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

/** `_callback` keeps the classic three-argument Lambda signature that the local server and tests call. */
export async function handler(event: APIGatewayProxyEventV2, context: LambdaContext, _callback?: unknown): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    await Promise.all([loadTracing(), loadSecrets()]);
    const refused = oversized(event, context.awsRequestId);
    if (refused) return refused;
    // The request's budget of DynamoDB work and its deadline (functions/core/request-budget.ts).
    const allowedMs = Math.min(config().requestDeadlineMs, context.getRemainingTimeInMillis() - DYNAMODB_LIMITS.lambdaMarginMs);
    const budget = new RequestBudget(undefined, Date.now() + allowedMs);
    return (await runWithBudget(budget, () => apollo(event, context, () => undefined))) as APIGatewayProxyStructuredResultV2;
  } finally {
    flushMetrics();
  }
}
