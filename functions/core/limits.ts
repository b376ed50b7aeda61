/**
 * Every limit that protects the public API, in one place (docs/security.md
 * lists them). Each is generous for the project's own
 * operations and small enough that no single request can exhaust the
 * function, the table or the budget. Change a value here; the tests in
 * test/hardening/ show the operations still fit.
 */

/** Requests: checked by the Lambda handler before Apollo reads the body. */
export const HTTP_LIMITS = {
  /** Largest request body (a POST's JSON: document + variables). Larger → 413. */
  maxBodyBytes: 128 * 1024,
  /** Largest query string (a GET's document + variables). Larger → 414. */
  maxQueryStringBytes: 16 * 1024,
} as const;

/** GraphQL documents: enforced while parsing and validating (graphql-js + graphql-armor). */
export const GRAPHQL_LIMITS = {
  /** Largest `query` text in characters; bigger documents are refused before parsing. */
  maxDocumentChars: 32 * 1024,
  /** Lexical tokens per document (graphql-js parser option): bounds parse time. */
  maxTokens: 2_000,
  /** Selection-set nesting depth (fragments flattened). */
  maxDepth: 12,
  /** Estimated cost: objects 2, scalars 1, times 1.5 per level of depth (graphql-armor's model). */
  // A consultation with a page of contributions, their authors, answers and receipts costs about 10,000:
  // the limit leaves room for that and refuses documents that fan out much further.
  maxCost: 25_000,
  /** Aliased fields per operation (aliases multiply work on one request). */
  maxAliases: 15,
  /** Directives per operation. */
  maxDirectives: 20,
} as const;

/** The server maximum for `first` on every connection (functions/core/pagination.ts applies it). */
export const MAX_PAGE_SIZE = 100;

/**
 * DynamoDB calls from a Lambda with a 15 s timeout behind a 30 s API Gateway:
 * fail fast and let the client retry, rather than hold a request open.
 */
export const DYNAMODB_LIMITS = {
  /**
   * Time to get a connected socket, including the wait for a free one in the
   * agent's pool (50 sockets): in Lambda a request has the process to itself;
   * in tests 100 parallel requests share it, which 1 s did not cover.
   */
  connectionTimeoutMs: 2_000,
  /** Time to wait for a response once sent (DynamoDB answers in milliseconds). */
  requestTimeoutMs: 3_000,
  /** Attempts per call, including the first (the SDK's standard retry with jittered backoff). */
  maxAttempts: 3,
  /** Attempts of a transaction canceled by a TransactionConflict (the SDK does not retry those). */
  transactionAttempts: 4,
  /** Base delay of the jittered exponential backoff between transaction attempts. */
  transactionBackoffMs: 25,
} as const;
