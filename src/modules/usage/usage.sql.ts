import { CompiledQuery } from 'kysely';
import type { RequestContext } from '../../core/request-context.js';

/**
 * Runs one statement in the request's transaction with real bind parameters (`$1`, `$2`, …):
 * a JavaScript array is sent as one PostgreSQL array parameter, so a batch of 10,000 records is one
 * statement of a few parameters (`unnest($1::text[], …)`), not 10,000 rows of inlined literals.
 */
export async function executeBound<T>(ctx: RequestContext, text: string, parameters: unknown[]): Promise<T[]> {
  const kysely = ctx.uow.em.getKysely<Record<string, never>>();
  const result = await kysely.executeQuery<T>(CompiledQuery.raw(text, parameters));
  return result.rows;
}
