import type { EntityMetadata, EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type RowMapper = (row: Record<string, unknown>) => object;

const mappers = new WeakMap<EntityMetadata, RowMapper>();

/**
 * The entity's row mapper, generated once from its metadata: one object literal of the entity's
 * properties (so every row of a table gets the same hidden class), timestamps parsed by the
 * platform, booleans as booleans — what MikroORM's result mapper gives for these entities (no
 * relations, no embeddables), without its per-row bookkeeping object and its pass over every column.
 * Columns the entity does not map are not carried over.
 */
function rowMapper(em: EntityManager, meta: EntityMetadata): RowMapper {
  const known = mappers.get(meta);
  if (known) return known;
  const platform = em.getPlatform();
  const fields: string[] = [];
  for (const prop of meta.props) {
    const [column, ...more] = prop.fieldNames ?? [];
    if (column === undefined) continue;
    if (more.length || prop.embedded || prop.targetMeta) throw new Error(`toPlainRows: ${meta.className}.${prop.name} is not a single plain column`);
    const value = `row[${JSON.stringify(column)}]`;
    const name = JSON.stringify(prop.name);
    if (prop.runtimeType === 'Date' && !platform.isNumericProperty(prop)) {
      fields.push(`${name}: ${value} == null || ${value} instanceof Date ? ${value} : parseDate(${value})`);
    } else if (prop.runtimeType === 'boolean') {
      fields.push(`${name}: ${value} == null ? ${value} : !!${value}`);
    } else {
      fields.push(`${name}: ${value}`);
    }
  }
  // Property and column names come from the entity metadata (code), never from input.
  const mapper = new Function('parseDate', `return function mapRow(row) { return { ${fields.join(', ')} }; }`)((value: unknown) =>
    platform.parseDate(value as string),
  ) as RowMapper;
  mappers.set(meta, mapper);
  return mapper;
}

/**
 * Rows of an entity's table as plain objects of the entity's shape (property names, JS values),
 * without creating entities: no identity map, no snapshot, nothing for a flush to compare. The read
 * model of queries; mutations load entities.
 */
export function toPlainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly Record<string, unknown>[]): T[] {
  const map = rowMapper(em, em.getMetadata().get(entity));
  const plain = new Array<T>(rows.length);
  for (let i = 0; i < rows.length; i++) plain[i] = map(rows[i]!) as T;
  return plain;
}

/** Whether the unit of work may answer with plain rows: a read-only request, which writes nothing. */
export function readsPlainRows(uow: { tx: { isReadOnly: boolean } }): boolean {
  return uow.tx.isReadOnly;
}
