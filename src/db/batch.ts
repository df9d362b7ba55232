import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import type { PageWindow } from '../core/page-window.js';

/** A DataLoader fetching entities by a unique column in one `where key in (...)` query. */
export function entityLoader<T extends object>(em: EntityManager, entity: EntityName<T>, key: keyof T & string) {
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
 * `table` and columns are code constants, never input.
 */
export function groupedPageLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  table: string,
  parentColumn: string,
  orderBy: string,
  window: PageWindow,
) {
  return new DataLoader<string, GroupPage<T>>(async (parentIds) => {
    const rows: Record<string, unknown>[] = await em.execute(
      `select * from (
         select t.*, row_number() over w as kefu_rn, count(*) over (partition by t.${parentColumn}) as kefu_total
         from ${table} t where t.${parentColumn} in (?)
         window w as (partition by t.${parentColumn} order by ${orderBy})
       ) p where kefu_rn > ? and kefu_rn <= ? order by ${parentColumn}, kefu_rn`,
      [parentIds, window.offset, window.offset + window.limit + 1],
    );
    const pages = new Map<string, GroupPage<T>>(parentIds.map((id) => [id, { rows: [], totalCount: 0 }]));
    for (const row of rows) {
      const page = pages.get(String(row[parentColumn]))!;
      page.totalCount = Number(row.kefu_total);
      delete row.kefu_rn;
      delete row.kefu_total;
      page.rows.push(em.map(entity, row as never));
    }
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
