import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { claimIdempotencyKey, storeIdempotentResponse, type StoredResponse } from './idempotency.service.js';
import type { RequestContext } from '../../core/request-context.js';

function storedResponseOf(requestContext: GraphQLRequestContext<RequestContext>): StoredResponse {
  const body = requestContext.response.body;
  const result = body?.kind === 'single' ? body.singleResult : undefined;
  return { status: requestContext.response.http.status ?? 200, data: result?.data ?? null, ...(result?.errors ? { errors: [...result.errors] } : {}) };
}

/**
 * `Idempotency-Key` on any mutation of an organization's caller: the first request's response is
 * stored with the key in the same transaction as its effects; the same request again gets that
 * response back as it was (header `Idempotent-Replayed: true`), even if the objects changed since;
 * the same key with another request is a CONFLICT (HTTP 409) and runs nothing.
 */
export function idempotencyPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const { contextValue, operation, operationName, request } = requestContext;
          if (operation.operation !== 'mutation') return null;
          const claim = await claimIdempotencyKey(contextValue, {
            operationName: operationName ?? '',
            document: request.query ?? '',
            variables: request.variables ?? {},
          });
          if (!claim) return null;
          if (claim.kind === 'first') {
            contextValue.uow.tx.beforeCommit(() => storeIdempotentResponse(contextValue, storedResponseOf(requestContext)));
            return null;
          }
          if (claim.kind === 'replay') {
            const { status, data, errors } = claim.response;
            return {
              http: { status, headers: new HeaderMap([['idempotent-replayed', 'true']]) },
              body: {
                kind: 'single',
                singleResult: { data: data as Record<string, unknown> | null, ...(errors ? { errors: errors as GraphQLFormattedError[] } : {}) },
              },
            };
          }
          return {
            http: { status: 409, headers: new HeaderMap() },
            body: {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'This Idempotency-Key was already used for a different request (document, variables or caller): use a new key for a new request.',
                    extensions: { code: 'CONFLICT' },
                  },
                ],
              },
            },
          };
        },
      };
    },
  };
}
