import { DomainErrors } from '../core/domain-error.js';
import type { RequestContext } from '../core/request-context.js';
import { withSavepoint } from '../db/savepoint.js';
import { toUserError, type UserError } from './user-error.js';

export interface MutationOutcome<T> {
  result: T | null;
  userErrors: UserError[];
}

/**
 * Runs one mutation field inside a savepoint: on a business failure (DomainErrors, reported as
 * `userErrors`) or any exception nothing it wrote remains, while earlier fields of the same request
 * keep their effects.
 */
export async function runMutation<T>(ctx: RequestContext, work: () => Promise<T>): Promise<MutationOutcome<T>> {
  try {
    return { result: await withSavepoint(ctx.uow.em, work), userErrors: [] };
  } catch (error) {
    if (error instanceof DomainErrors) return { result: null, userErrors: error.problems.map(toUserError) };
    throw error;
  }
}

/**
 * The payload of a mutation that changes one object: `{ [field]: node | null, userErrors }`. With
 * `@Permission` on the resolver and idempotency in the request pipeline, this is all a mutation
 * declares: which service use case runs and how its result becomes a node.
 */
export async function mutationPayload<T, F extends string, N>(
  ctx: RequestContext,
  field: F,
  work: () => Promise<T>,
  toNode: (result: T) => N,
): Promise<{ [K in F]: N | null } & { userErrors: UserError[] }> {
  const { result, userErrors } = await runMutation(ctx, work);
  return { [field]: result === null ? null : toNode(result), userErrors } as { [K in F]: N | null } & { userErrors: UserError[] };
}
