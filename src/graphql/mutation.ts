import type { RequestContext } from '../core/request-context.js';
import { UserErrors, type UserError } from './user-error.js';

export interface MutationOutcome<T> {
  result: T | null;
  userErrors: UserError[];
}

/**
 * Runs one mutation field inside a savepoint: on userErrors or any exception nothing it wrote
 * remains, while earlier fields of the same request keep their effects.
 */
export async function runMutation<T>(ctx: RequestContext, work: () => Promise<T>): Promise<MutationOutcome<T>> {
  const em = ctx.em;
  await em.execute('savepoint kefu_mutation');
  try {
    const result = await work();
    await em.flush();
    await em.execute('release savepoint kefu_mutation');
    return { result, userErrors: [] };
  } catch (error) {
    await em.execute('rollback to savepoint kefu_mutation');
    em.clear();
    if (error instanceof UserErrors) return { result: null, userErrors: error.errors };
    throw error;
  }
}
