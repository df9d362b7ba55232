import { createHash } from 'node:crypto';
import type { MutationOutcome } from '../../graphql/mutation.js';
import { UserErrorCode, userError, type UserError } from '../../graphql/user-error.js';
import type { RequestContext } from '../../server/context.js';

export interface IdempotentOperation<T> {
  /** The mutation's name: one key serves one operation. */
  operation: string;
  /** Everything that makes two calls the same call. */
  input: unknown;
  run: () => Promise<MutationOutcome<T>>;
  /** How the first result is remembered (its id) and found again. */
  toRef: (result: T) => string;
  fromRef: (ref: string) => Promise<T | null>;
}

interface StoredOutcome {
  ref: string | null;
  userErrors: UserError[];
}

function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, input])).digest('hex');
}

/**
 * Honours the `Idempotency-Key` header of create-type mutations: the same key with the same input
 * returns the first outcome; with another input it is a CONFLICT. The key row is inserted first, so
 * a concurrent call with the same key waits on its primary key until the first commits, then reads
 * the first outcome. Keys belong to the caller's organization and are kept (at least 24 hours).
 */
export async function runIdempotent<T>(ctx: RequestContext, op: IdempotentOperation<T>): Promise<MutationOutcome<T>> {
  const key = ctx.idempotencyKey;
  const viewer = ctx.viewer;
  if (!key || viewer.kind !== 'member') return op.run();
  const hash = requestHash(op.operation, op.input);
  const inserted = await ctx.em.execute<{ key: string }[]>(
    'insert into idempotency_key (organization_id, key, operation, request_hash) values (?, ?, ?, ?) on conflict do nothing returning key',
    [viewer.organizationId, key, op.operation, hash],
  );
  if (inserted.length) {
    const outcome = await op.run();
    const stored: StoredOutcome = { ref: outcome.result === null ? null : op.toRef(outcome.result), userErrors: outcome.userErrors };
    await ctx.em.execute('update idempotency_key set result = ? where organization_id = ? and key = ?', [JSON.stringify(stored), viewer.organizationId, key]);
    return outcome;
  }
  const [row] = await ctx.em.execute<{ operation: string; request_hash: string; result: StoredOutcome | string | null }[]>(
    'select operation, request_hash, result from idempotency_key where organization_id = ? and key = ?',
    [viewer.organizationId, key],
  );
  if (!row || row.operation !== op.operation || row.request_hash !== hash) {
    return {
      result: null,
      userErrors: [userError(UserErrorCode.CONFLICT, ['Idempotency-Key'], 'This Idempotency-Key was already used for a different request: use a new key for a new request.')],
    };
  }
  const stored = (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as StoredOutcome | null;
  if (!stored) return op.run();
  return { result: stored.ref ? await op.fromRef(stored.ref) : null, userErrors: stored.userErrors };
}
