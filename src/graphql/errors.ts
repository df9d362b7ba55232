import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export { AppError, BadUserInputError, ForbiddenError, LimitExceededError, RateLimitedError, SessionEndedError, UnauthenticatedError } from '../core/errors.js';
import { AppError } from '../core/errors.js';

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
  'PAYLOAD_TOO_LARGE',
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
