import type { EntityMetadata, EntityName } from '@mikro-orm/core';
import type { KeysetPage, KeysetWindow, SortKey, SortValues } from '../core/page-window.js';
import type { UnitOfWork } from '../core/request-context.js';
import { readsPlainRows, toPlainRows } from './rows.js';
import { joinSql, rawSql, sql, type Sql } from './sql.js';

/** A key's value as a cursor carries it: text the database reads back exactly (timestamps in UTC to the microsecond). */
function keyText(key: SortKey): string {
  return key.type === 'timestamptz' ? `to_char(t.${key.column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `t.${key.column}::text`;
}

function keyValue(key: SortKey, value: string): Sql {
  return sql`${value}::${rawSql(key.type)}`;
}

function isDescending(key: SortKey): boolean {
  return key.descending === true;
}

/** `order by` of the keys, read forward or (every direction reversed, NULLs first) backward. */
function orderBy(keys: readonly SortKey[], alias: string, backward: boolean): string {
  return keys
    .map((key) => {
      const descending = isDescending(key) !== backward;
      const nulls = key.nullable ? (backward ? ' nulls first' : ' nulls last') : '';
      return `${alias}.${key.column} ${descending ? 'desc' : 'asc'}${nulls}`;
    })
    .join(', ');
}

/** `t.c` equal to the value (both NULL counts as equal: NULLs are one group, ordered by the next key). */
function equal(key: SortKey, value: string | null): Sql {
  return value === null ? rawSql(`t.${key.column} is null`) : sql`t.${rawSql(key.column)} = ${keyValue(key, value)}`;
}

/** `t.c` strictly past the value in the reading direction (NULLs last forward, so first backward); null when nothing is. */
function past(key: SortKey, value: string | null, backward: boolean): Sql | null {
  const column = rawSql(`t.${key.column}`);
  if (value === null) return backward ? rawSql(`t.${key.column} is not null`) : null;
  const greater = isDescending(key) === backward;
  const compared = greater ? sql`${column} > ${keyValue(key, value)}` : sql`${column} < ${keyValue(key, value)}`;
  return key.nullable && !backward ? sql`(${compared} or ${column} is null)` : compared;
}

/**
 * The rows strictly after (forward) or before (backward) the cursor row in the order: the first key
 * past the cursor's, or equal and the second past, and so on (the last key is unique). Monotone
 * (no NOT): a comparison with a NULL column yields NULL exactly where the answer is false, so the
 * condition filters and counts rightly. The first key, when not nullable, also bounds a range an
 * index can scan.
 */
export function pastCursor(keys: readonly SortKey[], cursor: SortValues, backward: boolean): Sql {
  const alternatives: Sql[] = [];
  keys.forEach((key, i) => {
    const beyond = past(key, cursor[i]!, backward);
    if (!beyond) return;
    const equalBefore = keys.slice(0, i).map((k, j) => equal(k, cursor[j]!));
    alternatives.push(equalBefore.length ? sql`(${joinSql([...equalBefore, beyond], ' and ')})` : beyond);
  });
  const condition = joinSql(alternatives, ' or ', 'false');
  const [first] = keys;
  const firstValue = cursor[0];
  if (!first || first.nullable || firstValue == null) return sql`(${condition})`;
  const bound = isDescending(first) === backward ? '>=' : '<=';
  return sql`t.${rawSql(first.column)} ${rawSql(bound)} ${keyValue(first, firstValue)} and (${condition})`;
}

const KEY_PREFIX = 'kefu_k';

/** `t.<column>, …` of the properties' columns and the order's keys (the outer query orders by them). */
function selectedColumns(meta: EntityMetadata, properties: readonly string[], keys: readonly SortKey[]): string {
  const columns = new Set<string>();
  for (const name of properties) {
    const column = meta.properties[name as never]?.fieldNames?.[0];
    if (column === undefined) throw new Error(`keysetPage: ${meta.className} has no column property ${name}`);
    columns.add(column);
  }
  for (const key of keys) columns.add(key.column);
  return [...columns].map((column) => `t.${column}`).join(', ');
}

/**
 * One keyset page of `table t where <where>` in one statement: the count of all matching rows (and
 * whether any lies on the cursor's side), joined to the page of at most `limit + 1` rows past the
 * cursor with their key values as text. A page past the end still
 * carries the count. Without `withTotal` nothing is counted: whether rows lie on the cursor's side is
 * an EXISTS that stops at the first, and the page reads only its own rows. Plain rows in a read-only
 * request (see toPlainRows), entities otherwise; plain rows read only the window's `properties`, when
 * it names them (the page is then `partial`).
 * `table` is a code constant, never input; `where` uses the alias `t`.
 */
export async function keysetPage<T extends object>(
  uow: UnitOfWork,
  entity: EntityName<T>,
  table: string,
  where: Sql,
  window: KeysetWindow,
): Promise<KeysetPage<T>> {
  const { order, cursor, limit } = window;
  const { em } = uow;
  const plain = readsPlainRows(uow);
  const partial = plain && window.properties !== undefined;
  const selected = rawSql(partial ? selectedColumns(em.getMetadata().get(entity), window.properties!, order.keys) : 't.*');
  const backward = window.direction === 'backward';
  const past = cursor ? pastCursor(order.keys, cursor, backward) : null;
  const keyColumns = rawSql(order.keys.map((key, i) => `${keyText(key)} as ${KEY_PREFIX}${i}`).join(', '));
  const from = rawSql(`${table} t`);
  const pageSql = sql`select ${selected}, ${keyColumns} from ${from} where ${where}${past ? sql` and ${past}` : rawSql('')}
      order by ${rawSql(orderBy(order.keys, 't', backward))} limit ${limit + 1}`;
  // Whether rows lie on the cursor's own side: the cursor row, if still there, and every row before it (forward).
  const behind = past ? sql`(${past}) is not true` : null;
  const counts =
    window.withTotal === false
      ? sql`select null::int as kefu_total, ${behind ? sql`exists (select 1 from ${from} where ${where} and ${behind})` : rawSql('false')} as kefu_behind`
      : sql`select count(*)::int as kefu_total, ${behind ? sql`coalesce(bool_or(${behind}), false)` : rawSql('false')} as kefu_behind from ${from} where ${where}`;
  const statement = sql`select p.*, c.kefu_total, c.kefu_behind
    from (${counts}) c
    left join lateral (${pageSql}) p on true
    order by ${rawSql(orderBy(order.keys, 'p', backward))}`;
  const result = await uow.em.execute<Record<string, unknown>[]>(statement.text, [...statement.params]);
  const totalCount = result[0]?.kefu_total == null ? null : Number(result[0].kefu_total);
  const behindCursor = cursor ? result[0]?.kefu_behind === true : false;
  const unique = `${KEY_PREFIX}${order.keys.length - 1}`;
  const found = result.filter((row) => row[unique] != null);
  const more = found.length > limit;
  const page = found.slice(0, limit);
  const keyColumnNames = order.keys.map((_, i) => `${KEY_PREFIX}${i}`);
  const keys = page.map((row) => {
    const values = keyColumnNames.map((name) => row[name] as string | null);
    if (!plain) {
      // An entity would carry them along; the plain-row mapper reads the entity's columns only,
      // and deleting would turn each row into a slow dictionary object.
      delete row.kefu_behind;
      delete row.kefu_total;
      for (let i = keyColumnNames.length - 1; i >= 0; i--) delete row[keyColumnNames[i]!];
    }
    return values;
  });
  const rows = plain ? toPlainRows(em, entity, page) : page.map((row) => em.map(entity, row as never));
  if (backward) {
    rows.reverse();
    keys.reverse();
  }
  return {
    rows,
    keys,
    totalCount,
    hasPreviousPage: backward ? more : behindCursor,
    hasNextPage: backward ? behindCursor : more,
    ...(partial && { partial }),
  };
}

/** The page of a list the viewer may not read at all. */
export function emptyKeysetPage<T>(): KeysetPage<T> {
  return { rows: [], keys: [], totalCount: 0, hasPreviousPage: false, hasNextPage: false };
}
