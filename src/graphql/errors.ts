import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Failures that are not business outcomes: they become GraphQL errors with `extensions.code`. */
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

const PASSTHROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
]);

/**
 * Maps every error to the response: typed exceptions keep their code and message; anything else is
 * masked as INTERNAL_SERVER_ERROR (no stack, no SQL, no identifiers) and reported to `onInternal`.
 */
export function createErrorFormatter(onInternal: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // Thrown by a plugin hook (e.g. the session check when the transaction begins): wrapped without a path.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof AppError ? unwrapped.originalError : unwrapped;
    if (original instanceof AppError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: original.code } };
    }
    if (original instanceof GraphQLError && original.extensions?.code === 'BAD_USER_INPUT') {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASSTHROUGH_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    onInternal(original);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
