/**
 * Expected failures as named classes with a stable code. Services throw them;
 * the GraphQL edge (graphql/server.ts) maps them to `extensions.code` once.
 */

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  NOT_OPEN: 'NOT_OPEN',
  DEADLINE_PASSED: 'DEADLINE_PASSED',
  RULES_BROKEN: 'RULES_BROKEN',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A contact-address confirmation code that does not exist or no longer matches the address. */
  CONFIRMATION_INVALID: 'CONFIRMATION_INVALID',
  /** A contact-address confirmation code past its expiry. */
  CONFIRMATION_EXPIRED: 'CONFIRMATION_EXPIRED',
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, safe-to-show details (e.g. the offending input field). */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input that breaks a rule; `field` names the input path when there is one. */
export class BadUserInputError extends DomainError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(message, field ? { field, ...details } : details);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = ErrorCode.UNAUTHENTICATED;
}

export class ForbiddenError extends DomainError {
  readonly code = ErrorCode.FORBIDDEN;
}

export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;
}

/** A duplicate, a stale version, or a state that changed under the caller. */
export class ConflictError extends DomainError {
  readonly code = ErrorCode.CONFLICT;
}

/**
 * An update made at a version that is no longer the current one: the one
 * error for every stale version in the API, always carrying the current
 * version (`extensions.currentVersion`) so the client can reload and retry.
 */
export class StaleVersionError extends ConflictError {
  constructor(
    what: string,
    readonly currentVersion: number,
    details: Record<string, unknown> = {},
  ) {
    super(`The ${what} changed: it is at version ${currentVersion} now; reload it and retry`, { ...details, currentVersion });
  }
}

export class NotOpenError extends DomainError {
  readonly code = ErrorCode.NOT_OPEN;
}

export class DeadlinePassedError extends DomainError {
  readonly code = ErrorCode.DEADLINE_PASSED;
}

/** The object breaks rules it must meet for this step (e.g. a panel's diversity rules on submission); `violations` lists them. */
export class RulesBrokenError extends DomainError {
  readonly code = ErrorCode.RULES_BROKEN;
}

/** DynamoDB could not be reached or kept throttling; the client may retry. */
export class ServiceUnavailableError extends DomainError {
  readonly code = ErrorCode.SERVICE_UNAVAILABLE;
}

/** A confirmation code that is unknown, already used, or for an address the stakeholder no longer gives. */
export class ConfirmationInvalidError extends DomainError {
  readonly code = ErrorCode.CONFIRMATION_INVALID;
}

/** A confirmation code past its expiry: ask for a new one. */
export class ConfirmationExpiredError extends DomainError {
  readonly code = ErrorCode.CONFIRMATION_EXPIRED;
}

/** The request needs more DynamoDB work than its budget (limits.ts REQUEST_BUDGET); nothing was written. */
export class CostLimitExceededError extends DomainError {
  readonly code = ErrorCode.COST_LIMIT_EXCEEDED;
}

/** The caller wrote more than its per-minute or per-day allowance; `retryAfter` says in how many seconds to retry. */
export class RateLimitedError extends DomainError {
  readonly code = ErrorCode.RATE_LIMITED;
  constructor(message: string, retryAfterSeconds: number) {
    super(message, { retryAfter: retryAfterSeconds });
  }
}

/** For exhaustive switches: the compiler proves this is never reached. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
