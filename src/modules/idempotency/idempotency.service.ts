import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/request-context.js';

/** What a client received the first time: replayed as it was, whatever happened to the objects since. */
export interface StoredResponse {
  status: number;
  data: unknown;
  errors?: unknown[];
}

export type IdempotencyClaim =
  /** The key is new: run the mutation and store its response with the key. */
  | { kind: 'first' }
  /** The same request ran before: answer with its stored response. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for another request (another document, variables or caller). */
  | { kind: 'conflict' };

export interface IdempotentRequest {
  operationName: string;
  /** The GraphQL document as sent. */
  document: string;
  variables: unknown;
}

/** Two requests are the same request when the caller, the document and the variables are the same. */
function requestHash(ctx: RequestContext, request: IdempotentRequest): string {
  const viewer = ctx.viewer;
  const caller = viewer.kind === 'member' ? (viewer.apiKeyId ?? viewer.userId) : null;
  return createHash('sha256')
    .update(JSON.stringify([caller, request.operationName, request.document, request.variables ?? {}]))
    .digest('hex');
}

/**
 * Claims the request's `Idempotency-Key` for a mutation. The key row is inserted in the request's
 * transaction, so a concurrent call with the same key waits on its primary key until the first
 * commits, then finds the first response. Keys belong to the caller's organization and are kept a
 * week (at least 24 hours). Returns null when the request carries no key or is not an organization's.
 */
export async function claimIdempotencyKey(ctx: RequestContext, request: IdempotentRequest): Promise<IdempotencyClaim | null> {
  const key = ctx.idempotencyKey;
  const viewer = ctx.viewer;
  if (!key || viewer.kind !== 'member') return null;
  const hash = requestHash(ctx, request);
  const inserted = await ctx.uow.em.execute<{ key: string }[]>(
    'insert into idempotency_key (organization_id, key, operation, request_hash) values (?, ?, ?, ?) on conflict do nothing returning key',
    [viewer.organizationId, key, request.operationName, hash],
  );
  if (inserted.length) return { kind: 'first' };
  const [row] = await ctx.uow.em.execute<{ request_hash: string; result: StoredResponse | string | null }[]>(
    'select request_hash, result from idempotency_key where organization_id = ? and key = ?',
    [viewer.organizationId, key],
  );
  if (!row || row.request_hash !== hash) return { kind: 'conflict' };
  const stored = typeof row.result === 'string' ? (JSON.parse(row.result) as StoredResponse) : row.result;
  // A first request always stores its response in the transaction that inserted the key.
  if (!stored) return { kind: 'conflict' };
  return { kind: 'replay', response: stored };
}

/** Stores the response of the request that claimed the key, in the same transaction as its effects. */
export async function storeIdempotentResponse(ctx: RequestContext, response: StoredResponse): Promise<void> {
  const viewer = ctx.viewer;
  if (!ctx.idempotencyKey || viewer.kind !== 'member') return;
  await ctx.uow.em.execute('update idempotency_key set result = ? where organization_id = ? and key = ?', [
    JSON.stringify(response),
    viewer.organizationId,
    ctx.idempotencyKey,
  ]);
}
