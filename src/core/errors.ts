/**
 * Failures that are not business outcomes (authentication, permission, malformed input, limits):
 * typed exceptions any layer may throw; the GraphQL layer turns each into an error with
 * `extensions.code` (and, where set, the HTTP status and headers in `extensions.http`).
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
}

/** What Apollo Server reads from an error's `extensions` to set the response's HTTP status and headers. */
interface HttpExtension {
  http: { status: number; headers?: Map<string, string> };
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  readonly extensions: HttpExtension | undefined;
  /** `httpStatus` 401 for a credential that was presented and is no good (not for a missing one). */
  constructor(message = 'Authentication required: send a valid "Authorization: Bearer <token>" header.', options: { httpStatus?: number } = {}) {
    super(message);
    this.extensions = options.httpStatus ? { http: { status: options.httpStatus } } : undefined;
  }
}

/** The access token's session has ended: signed out, refresh token reused, membership or role changed. */
export class SessionEndedError extends UnauthenticatedError {
  constructor() {
    super('Your session has ended or your role has changed: get a new token with tokenRefresh, or sign in again.', { httpStatus: 401 });
  }
}

/** Too many attempts: HTTP 429 with Retry-After. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  readonly extensions: HttpExtension;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.extensions = { http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } };
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Your role does not allow this operation.') {
    super(message);
  }
}

export class BadUserInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

export class LimitExceededError extends AppError {
  constructor(
    readonly code: 'QUERY_TOO_COMPLEX' | 'RATE_LIMITED',
    message: string,
  ) {
    super(message);
  }
}
