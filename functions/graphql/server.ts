/**
 * The Apollo Server of the GraphQL function, built once per process. It maps
 * domain errors to `extensions.code` (the one place that does), masks
 * everything unexpected as INTERNAL_SERVER_ERROR with the request id, and
 * applies the abuse limits of limits.ts (graphql-armor for depth, cost,
 * aliases and directives; the graphql-js parser for tokens).
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type ASTVisitor, type GraphQLFormattedError, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import { descriptions, typeDefs } from '../generated/type-defs';
import { resolvers } from './resolvers';
import { config as currentConfig, type Config } from '../core/config';
import type { Context } from './context';
import { DomainError, ErrorCode } from '../core/errors';
import { budgetOutcome, costLimit } from './cost';
import { GRAPHQL_LIMITS } from '../core/limits';
import { describeError, log } from '../core/log';
import { oneMutationPerRequest } from './mutation-limit';
import { executableSchema } from './schema';
import { callerHash, recordRequest } from '../core/observability';
import { loadTrustedDocuments, persistedQueryCache, TRUSTED_DOCUMENT_CODES, trustedDocumentsPlugin } from './trusted-documents';

/** Codes whose messages are written for clients and safe to pass through. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ...Object.values(TRUSTED_DOCUMENT_CODES),
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

/** AWS SDK failures that mean "try again later", not "we are broken". */
const RETRIABLE_AWS_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRIABLE_AWS_ERRORS.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  // Node reports a refused connection to every address of a host as an AggregateError.
  return error instanceof AggregateError && error.errors.some(isUnavailable);
}

/**
 * An error Apollo raised for a malformed request: a 4xx `http` extension.
 * Read structurally: Apollo may load graphql's ESM build and we its CJS one,
 * so `instanceof GraphQLError` cannot be trusted across the two.
 */
function isClientStatus(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Refuses operations of a type the schema does not define (e.g. `subscription`):
 * graphql-js 16 only notices when executing, with an error that has no code.
 */
function knownOperationTypes(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(`This API has no ${node.operation} operations`, { nodes: node }));
      }
    },
  };
}

/** "Did you mean …?" hints describe the schema; deployed, they are cut from every message. */
const SUGGESTION = /\s*Did you mean[^?]*\?/g;

export function errorFormatter(options: { hideSuggestions: boolean }) {
  const clean = (message: string) => (options.hideSuggestions ? message.replace(SUGGESTION, '') : message);
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    const base = { message: clean(formatted.message), locations: formatted.locations, path: formatted.path };
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
    // Apollo's own refusals of a malformed request (e.g. a bad persisted-query extension) carry a 4xx status but no code.
    if (isClientStatus(original)) {
      return { ...base, extensions: { code: 'BAD_REQUEST' } };
    }
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** The root field of the operation (a schema name, so a safe metric dimension), or `none`. */
function rootField(operation: OperationDefinitionNode | undefined): string {
  const first = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return first?.kind === Kind.FIELD ? first.name.value : 'none';
}

/**
 * Per request: one log line (request id, operation, hashed caller, duration,
 * error codes) and its metrics; unexpected errors logged with their detail;
 * the request id added to errors the client should quote.
 */
const observability: ApolloServerPlugin<Context> = {
  async requestDidStart({ contextValue }) {
    const started = performance.now();
    return {
      async didEncounterErrors({ errors, operationName }) {
        for (const error of errors) {
          const original = unwrapResolverError(error);
          if (original instanceof DomainError) continue;
          const code = error.extensions?.code;
          const unavailable = isUnavailable(original);
          if (!unavailable && ((typeof code === 'string' && CLIENT_CODES.has(code)) || isClientStatus(original))) continue;
          log.error(unavailable ? 'Service unavailable' : 'Unexpected error', {
            requestId: contextValue.requestId,
            operationName,
            path: error.path,
            ...describeError(original),
          });
        }
      },
      async willSendResponse({ response, operationName, operation }) {
        const durationMs = Math.round(performance.now() - started);
        const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        const codes = errors.map((error) => String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR));
        for (const error of errors) {
          const code = error.extensions?.code;
          if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE) {
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        }
        const field = rootField(operation);
        log.info('GraphQL request', {
          requestId: contextValue.requestId,
          operationName: operationName?.slice(0, 100) ?? null,
          operation: field,
          operationType: operation?.operation ?? null,
          caller: callerHash(contextValue.caller),
          durationMs,
          status: response.http.status ?? 200,
          errorCodes: codes,
        });
        recordRequest(field, durationMs, codes);
      },
    };
  },
};

/** Refuses documents longer than the limit before they are parsed. */
const documentSize: ApolloServerPlugin<Context> = {
  async requestDidStart({ request }) {
    if (typeof request.query === 'string' && request.query.length > GRAPHQL_LIMITS.maxDocumentChars) {
      throw documentTooLarge();
    }
  },
  // Apollo reports any error thrown by a hook as a 500; this one is the client's, so it is rethrown as it is.
  async unexpectedErrorProcessingRequest({ error }) {
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_REQUEST') throw error;
  },
};

function documentTooLarge(): GraphQLError {
  return new GraphQLError(`The document is longer than ${GRAPHQL_LIMITS.maxDocumentChars} characters`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 413, headers: new Map() } },
  });
}

export function createApolloServer(cfg: Config = currentConfig()): ApolloServer<Context> {
  const deployed = cfg.stage === 'deployed';
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, flattenFragments: true },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // The graphql-js parser counts tokens itself (parseOptions below) and fails with a clean 400;
    // armor's Apollo token plugin throws from a hook, which Apollo turns into a 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: deployed },
  }).protect();
  const trusted = loadTrustedDocuments(cfg.trustedDocuments.mode, cfg.trustedDocuments.dir);
  return new ApolloServer<Context>({
    // Descriptions are seen only through introspection: without it, the schema is built without them (a cheaper cold start).
    schema: executableSchema(typeDefs, resolvers, cfg.introspection ? descriptions() : undefined),
    introspection: cfg.introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: { cache: persistedQueryCache(trusted) },
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    validationRules: [knownOperationTypes, oneMutationPerRequest, ...armor.validationRules],
    formatError: errorFormatter({ hideSuggestions: deployed }),
    plugins: [
      // Apollo installs these implicitly. None does anything for this API (no @cacheControl hints, responses are
      // per caller; not a federated subgraph; no Apollo Studio), but the cache-control one runs for every
      // resolved field and the trace ones load the usage-reporting protobuf, which the bundle leaves out
      // (cdk/agora-stack.ts LAMBDA_BUNDLING; docs/performance.md).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      documentSize,
      trustedDocumentsPlugin(trusted),
      costLimit as ApolloServerPlugin<Context>,
      budgetOutcome as ApolloServerPlugin<Context>,
      observability,
      ...armor.plugins,
      ...(cfg.introspection ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  });
}
