import type { EntityManager } from '@mikro-orm/postgresql';
import { requestScope } from './request-scope.js';
import type { Sql } from './sql.js';

/**
 * Writes that need no answer, in one round trip: the statements go as one simple-protocol query
 * (MikroORM quotes the parameters into the text, as for every `em.execute`) and run in order inside
 * the transaction, each seeing what the ones before it wrote — row-level security checks and
 * triggers included, as if sent one by one. The first that fails aborts the others and the
 * transaction. Counted as that many SQL statements in the request's figures.
 */
export async function executeWrites(em: EntityManager, statements: readonly Sql[]): Promise<void> {
  if (!statements.length) return;
  await em.execute(
    statements.map((s) => s.text).join(';\n'),
    statements.flatMap((s) => s.params),
    'run',
  );
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements += statements.length - 1;
}
