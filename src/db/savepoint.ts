import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` inside a savepoint of the current transaction and flushes it: when it throws, nothing
 * it wrote remains (the unit of work is cleared too) and the error is rethrown.
 */
export async function withSavepoint<T>(em: EntityManager, work: () => Promise<T>): Promise<T> {
  await em.execute('savepoint kefu_mutation');
  try {
    const result = await work();
    await em.flush();
    await em.execute('release savepoint kefu_mutation');
    return result;
  } catch (error) {
    await em.execute('rollback to savepoint kefu_mutation');
    em.clear();
    throw error;
  }
}
