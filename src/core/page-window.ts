/**
 * An offset page in database terms: skip `offset`, take `limit` (the GraphQL layer turns offset
 * cursors into it). Nested per-parent lists use it: their grouped loaders number each parent's rows.
 */
export interface PageWindow {
  offset: number;
  limit: number;
}

/** The SQL type of a sort key column; a cursor carries the key's value as text. */
export type SortKeyType = 'timestamptz' | 'date' | 'uuid' | 'integer' | 'bigint' | 'numeric';

/** One column of an order. */
export interface SortKey {
  /** The column of the list's table (a code constant, never input). */
  readonly column: string;
  readonly type: SortKeyType;
  readonly descending?: boolean;
  /** The column may hold NULL: NULLs sort after every value (`nulls last`), whatever the direction. */
  readonly nullable?: boolean;
}

/**
 * An order a keyset-paginated list can be read in: a name unique among all lists (cursors carry it,
 * so a cursor is refused by another list or order) and its keys, the last of them unique (the id).
 */
export interface KeysetOrder {
  readonly name: string;
  readonly keys: readonly SortKey[];
}

/** A cursor's key values, as text (NULL for a NULL key), one per key of its order. */
export type SortValues = readonly (string | null)[];

/**
 * A keyset page request: `limit` rows of `order` strictly after the `cursor` row (`forward`: first /
 * after) or strictly before it (`backward`: last / before); without a cursor, from the start or the end.
 */
export interface KeysetWindow {
  readonly order: KeysetOrder;
  readonly direction: 'forward' | 'backward';
  readonly cursor: SortValues | null;
  readonly limit: number;
  /**
   * Whether the page carries the count of every matching row (the client asked for `totalCount`).
   * Counting reads every row the viewer may see, each through row-level security; without it a page
   * reads only its own rows. Counted unless false.
   */
  readonly withTotal?: boolean;
  /**
   * The row properties the client's selection reads, when known: a read-only request then reads
   * only their columns (and the order's keys), so a browse of 50 wide rows does not parse and hold
   * 27 columns each to show 9. Whole rows when absent.
   */
  readonly properties?: readonly string[];
}

/** One keyset page: rows in list order with the key values of each, the total and whether rows precede or follow. */
export interface KeysetPage<T> {
  rows: T[];
  keys: SortValues[];
  /** Null when the window did not ask for it (`withTotal: false`). */
  totalCount: number | null;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  /**
   * The rows carry only the window's `properties` (the others are undefined): they may be shown,
   * never cached as whole rows (a loader's cache) nor used by rules.
   */
  partial?: boolean;
}

const VALUE_PATTERNS: Record<SortKeyType, RegExp> = {
  // As the database writes it for cursors (UTC, microseconds): see src/db/keyset.ts.
  timestamptz: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  integer: /^-?\d{1,10}$/,
  bigint: /^-?\d{1,19}$/,
  numeric: /^-?\d{1,30}(\.\d{1,10})?$/,
};

/** Whether `value` is a value the database accepts for `key` (so a forged cursor cannot make a statement fail). */
export function isSortValue(key: SortKey, value: unknown): value is string | null {
  if (value === null) return key.nullable === true;
  if (typeof value !== 'string' || !VALUE_PATTERNS[key.type].test(value)) return false;
  switch (key.type) {
    case 'timestamptz': {
      // A real instant (no 31 February), from year 1 on.
      const millis = Date.parse(value.slice(0, 23) + 'Z');
      return !Number.isNaN(millis) && new Date(millis).toISOString() === value.slice(0, 23) + 'Z' && !value.startsWith('0000');
    }
    case 'integer':
      return Number(value) >= -(2 ** 31) && Number(value) <= 2 ** 31 - 1;
    case 'bigint':
      return BigInt(value) <= 2n ** 63n - 1n && BigInt(value) >= -(2n ** 63n);
    default:
      return true;
  }
}
