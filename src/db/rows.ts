import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Rows of an entity's table as plain objects of the entity's shape (property names, JS values: the
 * ORM's compiled column → property mapping), without creating entities: no identity map, no
 * snapshot, nothing for a flush to compare. The read model of queries; mutations load entities.
 */
export function toPlainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly Record<string, unknown>[]): T[] {
  const meta = em.getMetadata().get(entity);
  const driver = em.getDriver();
  return rows.map((row) => driver.mapResult(row as never, meta) as T);
}

/** Whether the unit of work may answer with plain rows: a read-only request, which writes nothing. */
export function readsPlainRows(uow: { tx: { isReadOnly: boolean } }): boolean {
  return uow.tx.isReadOnly;
}
