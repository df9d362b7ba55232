import { DomainErrors, type Outcome } from '../core/domain-error.js';
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

/** A use case's outcome as its payload: `fields` maps the result (null after a failure) to the payload's other fields. */
export async function payloadOf<T, P extends object>(
  outcome: MutationOutcome<T> | Outcome<T>,
  fields: (result: T | null) => P | Promise<P>,
): Promise<P & { userErrors: UserError[] }> {
  const userErrors = 'userErrors' in outcome ? outcome.userErrors : outcome.problems.map(toUserError);
  return { ...(await fields(outcome.result)), userErrors };
}

/**
 * The payload of any mutation: the use case runs in the pipeline (savepoint, error mapping; the
 * permission is declared on the resolver, idempotency is in the request pipeline), then `fields`
 * builds the payload's fields from its result — or from null when it failed.
 */
export async function mutationResult<T, P extends object>(
  ctx: RequestContext,
  work: () => Promise<T>,
  fields: (result: T | null) => P | Promise<P>,
): Promise<P & { userErrors: UserError[] }> {
  return payloadOf(await runMutation(ctx, work), fields);
}

/** The payload of a mutation that changes one object: `{ [field]: node | null, userErrors }`. */
export function mutationPayload<T, F extends string, N>(
  ctx: RequestContext,
  field: F,
  work: () => Promise<T>,
  toNode: (result: T) => N,
): Promise<{ [K in F]: N | null } & { userErrors: UserError[] }> {
  return mutationResult(ctx, work, (result) => ({ [field]: result === null ? null : toNode(result) }) as { [K in F]: N | null });
}
