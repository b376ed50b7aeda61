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
  /**
   * Time to wait for a response once sent (DynamoDB answers in milliseconds). The SDK's handler is built with
   * `throwOnRequestTimeout`, so the call fails (and is retried) instead of only logging a warning.
   */
  requestTimeoutMs: 3_000,
  /** Attempts per call, including the first (the SDK's standard retry with jittered backoff). */
  maxAttempts: 3,
  /** Attempts of a transaction canceled by a TransactionConflict (the SDK does not retry those). */
  transactionAttempts: 4,
  /** Base delay of the jittered exponential backoff between transaction attempts. */
  transactionBackoffMs: 25,
  /**
   * Attempts of a consultation's date change: its transaction names every counter shard (their copies of the
   * window move with the dates), so it conflicts with every submission in flight and gets through only in a
   * moment when none is — about 1 attempt in 20 at 200 submissions a second (docs/performance.md). About 4 s at most.
   */
  dateChangeAttempts: 40,
  /**
   * The whole GraphQL request's deadline, below the function's 15 s timeout (and never later than the
   * Lambda's remaining time less `lambdaMarginMs`): no DynamoDB call or attempt starts after it, and one
   * in flight is abandoned, so a frozen database answers SERVICE_UNAVAILABLE (retriable) by then rather
   * than running into the Lambda timeout and a 5xx from API Gateway.
   */
  requestDeadlineMs: 10_000,
  /** Time kept back from the Lambda's remaining time to format and send the error answer. */
  lambdaMarginMs: 1_500,
} as const;

/**
 * What one GraphQL request may cost in DynamoDB work. Two checks use it:
 *
 * - before execution (functions/graphql/cost.ts), an estimate from the document
 *   with its variables: one Query per connection per parent object that can
 *   hold it (`first` as given, or the default page size), plus one per root field;
 * - during execution (functions/core/request-budget.ts), the requests the
 *   SDK actually sends and the read capacity DynamoDB reports for them.
 *
 * The project's heaviest documented operation, a consultation page of 50
 * contributions with 5 replies each, estimates 52 requests and spends 53;
 * dashboards spend 1–3. 100 leaves that room twice over and stops a document
 * that fans out (a page of pages of pages) at a small fraction of the
 * thousands of requests it would send. Read capacity bounds the same request
 * by size: 50 contributions of 20,000 characters are about 150 RCU.
 */
export const REQUEST_BUDGET = {
  /** DynamoDB requests one GraphQL request may send (estimated before, counted while it runs). */
  maxRequests: 100,
  /** Read capacity units one GraphQL request may consume (as DynamoDB reports them). */
  maxReadCapacity: 500,
  /** `first` of a connection nested under another list (a page of pages): smaller than MAX_PAGE_SIZE. */
  maxNestedPageSize: 20,
} as const;

/**
 * Writes per caller (token subject), counted once per GraphQL request that writes (rate-limit.ts): an atomic
 * counter per caller and day in DynamoDB, removed by TTL. Over it, RATE_LIMITED with `extensions.retryAfter`
 * (seconds). The busiest human workflow (a MAG member answering contributions one by one, a representative
 * saving a report as they write) is a few writes a minute; a script flooding submissions is stopped after 30.
 */
export const WRITE_LIMITS = {
  perMinute: 30,
  perDay: 1_000,
} as const;

/** Mutations per request: one root field (aliases included), so one request is one write to count and to budget. */
export const MAX_MUTATIONS_PER_REQUEST = 1;
