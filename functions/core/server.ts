/**
 * The Apollo Server of the GraphQL function, built once per process. It maps
 * domain errors to `extensions.code` (the one place that does) and masks
 * everything unexpected as INTERNAL_SERVER_ERROR with the request id.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { typeDefs } from '../generated/type-defs';
import { resolvers } from '../modules/resolvers';
import { config } from './config';
import type { Context } from './context';
import { DomainError, ErrorCode } from './errors';
import { describeError, log } from './log';

/** Codes whose messages are written for clients and safe to pass through. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

/** AWS SDK failures that mean "try again later", not "we are broken". */
const RETRIABLE_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRIABLE_AWS_ERRORS.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE';
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (isUnavailable(original)) {
    return {
      ...base,
      message: 'The service is temporarily unavailable; retry shortly',
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retriable: true },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  }
  return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Logs unexpected errors with their detail and gives the client the request id to quote. */
const errorReporting: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          if (original instanceof DomainError) continue;
          const code = error.extensions?.code;
          if (typeof code === 'string' && CLIENT_CODES.has(code) && !isUnavailable(original)) continue;
          log.error('Unexpected error', { requestId: contextValue.requestId, operationName, path: error.path, ...describeError(original) });
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const error of response.body.singleResult.errors ?? []) {
          const code = error.extensions?.code;
          if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE) {
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        }
      },
    };
  },
};

export function createApolloServer(): ApolloServer<Context> {
  const { introspection } = config();
  return new ApolloServer<Context>({
    typeDefs,
    resolvers,
    introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    formatError,
    plugins: [errorReporting, ...(introspection ? [] : [ApolloServerPluginLandingPageDisabled()])],
  });
}
