import DataLoader from 'dataloader';
import type { EntityName } from '@mikro-orm/core';
import type { UnitOfWork } from '../core/request-context.js';
import type { PageWindow } from '../core/page-window.js';
import { readsPlainRows, toPlainRows } from './rows.js';
import { arrayLiteral } from './sql.js';

/** Serial columns are integers of that size; `bigserial[]` is no type. */
const SERIAL_TYPES: Record<string, string> = { smallserial: 'smallint', serial: 'integer', bigserial: 'bigint' };

/** The SQL type of a key column (uuid, text, bigint, …), to cast an array of keys to: code metadata, never input. */
function columnType(prop: { columnTypes?: string[] } | undefined): string {
  const declared = prop?.columnTypes?.[0];
  const type = declared && (SERIAL_TYPES[declared] ?? declared);
  if (!type || !/^[a-z][a-z0-9 ]*$/.test(type)) throw new Error(`no plain SQL type for a key column: ${String(declared)}`);
  return type;
}

/**
 * A DataLoader fetching rows by a unique column in one `where key in (...)` query: plain rows in a
 * read-only request (see toPlainRows), entities in the unit of work otherwise (a mutation changes them).
 */
export function entityLoader<T extends object>(uow: UnitOfWork, entity: EntityName<T>, key: keyof T & string) {
  const { em } = uow;
  if (readsPlainRows(uow)) {
    const meta = em.getMetadata().get(entity);
    const prop = meta.properties[key as keyof typeof meta.properties];
    const sql = `select * from ${meta.tableName} where ${prop?.fieldNames[0]} = any(?::${columnType(prop)}[])`;
    return new DataLoader<string, T | null>(async (keys) => {
      const rows = toPlainRows(em, entity, await em.execute<Record<string, unknown>[]>(sql, [arrayLiteral(keys)]));
      const byKey = new Map(rows.map((row) => [String(row[key]), row]));
      return keys.map((k) => byKey.get(k) ?? null);
    });
  }
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await em.find(entity, { [key]: { $in: [...keys] } } as never);
    const byKey = new Map(rows.map((row) => [String(row[key]), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

export interface GroupPage<T> {
  rows: T[];
  totalCount: number;
}

/**
 * A DataLoader returning one page per parent for many parents in one query:
 * `row_number()` and `count(*)` over a partition by the parent column.
 * `table` and columns are code constants, never input. Plain rows in a read-only request.
 * `loaded` sees every row read (e.g. to prime the by-id loader, so that a row of a page is not
 * read again when a field asks for it by id).
 */
export function groupedPageLoader<T extends object>(
  uow: UnitOfWork,
  entity: EntityName<T>,
  table: string,
  parentColumn: string,
  orderBy: string,
  window: PageWindow,
  loaded?: (rows: readonly T[]) => void,
) {
  const { em } = uow;
  const plain = readsPlainRows(uow);
  const meta = em.getMetadata().get(entity);
  const parentType = columnType(meta.props.find((p) => p.fieldNames?.[0] === parentColumn));
  return new DataLoader<string, GroupPage<T>>(async (parentIds) => {
    const rows: Record<string, unknown>[] = await em.execute(
      `select * from (
         select t.*, row_number() over w as kefu_rn, count(*) over (partition by t.${parentColumn}) as kefu_total
         from ${table} t where t.${parentColumn} = any(?::${parentType}[])
         window w as (partition by t.${parentColumn} order by ${orderBy})
       ) p where kefu_rn > ? and kefu_rn <= ? order by ${parentColumn}, kefu_rn`,
      [arrayLiteral(parentIds), window.offset, window.offset + window.limit + 1],
    );
    const pages = new Map<string, GroupPage<T>>(parentIds.map((id) => [id, { rows: [], totalCount: 0 }]));
    const grouped = rows.map((row) => {
      const page = pages.get(String(row[parentColumn]))!;
      page.totalCount = Number(row.kefu_total);
      if (!plain) {
        // Entities would carry them along; plain rows read the entity's columns only (see keysetPage).
        delete row.kefu_total;
        delete row.kefu_rn;
      }
      return page;
    });
    const mapped = plain ? toPlainRows(em, entity, rows) : rows.map((row) => em.map(entity, row as never));
    mapped.forEach((row, i) => grouped[i]!.rows.push(row));
    loaded?.(mapped);
    // A page past the end carries no row to read the total from: count those parents apart.
    const unknown = window.offset > 0 ? parentIds.filter((id) => pages.get(id)!.rows.length === 0) : [];
    if (unknown.length) {
      const counts: Record<string, unknown>[] = await em.execute(
        `select ${parentColumn} as parent, count(*)::int as n from ${table} where ${parentColumn} in (?) group by 1`,
        [unknown],
      );
      for (const count of counts) pages.get(String(count.parent))!.totalCount = Number(count.n);
    }
    return parentIds.map((id) => pages.get(id)!);
  });
}
