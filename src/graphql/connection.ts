import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { isSortValue, type KeysetOrder, type KeysetPage, type KeysetWindow, type PageWindow, type SortValues } from '../core/page-window.js';
import { BadUserInputError } from './errors.js';
import { propertiesReadByNodes, selectedFieldNames, type NodeReads } from './selection.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** The most `last` may ask for: as many as `first` (the cost estimate counts either). */
export const MAX_LAST_PAGE_SIZE = MAX_PAGE_SIZE;

/** Arguments of a nested per-parent list: offset cursors, forward only. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Return items after this cursor (from pageInfo.endCursor). An offset cursor: a position in the list, so items added or removed before it shift the next page.',
  })
  after?: string | null;
}

/** Arguments of a top-level list: keyset cursors, forward (`first`/`after`) or backward (`last`/`before`). */
@ArgsType()
export class KeysetConnectionArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start (or after \`after\`): default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}. Not with \`last\`.`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Return items after this cursor (an edge’s cursor or pageInfo.endCursor of this list in the same order). A keyset cursor: the position of its item, so the next page neither repeats nor skips items when others are added or removed.',
  })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the end (or before \`before\`): at most ${MAX_LAST_PAGE_SIZE}. Not with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return items before this cursor (an edge’s cursor or pageInfo.startCursor of this list in the same order). A keyset cursor, like `after`.',
  })
  before?: string | null;
}

@ObjectType({ description: 'Relay pagination information.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow the last one returned.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether items precede the first one returned.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item returned; pass it as `before` (on lists that take it) for the page before.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item returned; pass it as `after`.' })
  endCursor!: string | null;
}

export type { PageWindow };

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw new BadUserInputError('after: not a cursor of this list (pass back a cursor this list returned)');
  return Number(match[1]);
}

/** Validates `first`/`after` into an offset window (cursors are opaque positions in the ordered list). */
export function pageWindow(args: ConnectionArgs): PageWindow {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { offset, limit: first };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Null only when the client did not select it (see selectsTotalCount). */
  totalCount: number | null;
}

/**
 * An edge whose cursor is written only when read: most clients select nodes without cursors, and
 * a page of 50 items with 5 nested items each would otherwise encode 300 cursors per request.
 */
class OffsetEdge<T> {
  constructor(
    readonly node: T,
    private readonly position: number,
  ) {}

  get cursor(): string {
    return encodeCursor(this.position);
  }
}

class KeysetEdge<T> {
  constructor(
    readonly node: T,
    private readonly order: KeysetOrder,
    private readonly values: SortValues,
  ) {}

  get cursor(): string {
    return encodeKeysetCursor(this.order, this.values);
  }
}

/** Page information whose start and end cursors, like the edges', are written when read. */
class EdgesPageInfo implements PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: readonly { readonly cursor: string }[],
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** Builds a connection from one page of rows (fetched with limit + 1 to know whether more follow). */
export function toConnection<T>(rows: T[], window: PageWindow, totalCount: number): ConnectionShape<T> {
  const length = Math.min(rows.length, window.limit);
  const edges = new Array<OffsetEdge<T>>(length);
  for (let i = 0; i < length; i++) edges[i] = new OffsetEdge(rows[i]!, window.offset + i);
  return { edges, totalCount, pageInfo: new EdgesPageInfo(window.offset + length < totalCount, window.offset > 0, edges) };
}

/** The longest cursor read: an order's name and a few key values fit many times over. */
const MAX_CURSOR_LENGTH = 512;

/** A keyset cursor: base64url of the JSON array [order name, key values…] of its row. */
function encodeKeysetCursor(order: KeysetOrder, values: SortValues): string {
  return Buffer.from(JSON.stringify([order.name, ...values]), 'utf8').toString('base64url');
}

function decodeKeysetCursor(argument: 'after' | 'before', cursor: string, order: KeysetOrder): SortValues {
  const refuse = (why: string) => new BadUserInputError(`${argument}: ${why}`);
  const notOurs = refuse('not a cursor returned by this API; pass back an edge’s cursor or pageInfo’s startCursor / endCursor');
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw notOurs;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (/^o:\d+$/.test(text)) throw refuse('cursor from an older version; start again from the first page');
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    throw notOurs;
  }
  if (!Array.isArray(decoded) || typeof decoded[0] !== 'string') throw notOurs;
  const [name, ...values] = decoded as [string, ...unknown[]];
  if (name !== order.name) throw refuse('the cursor belongs to another list or order; pass cursors back to the list and orderBy they came from');
  if (values.length !== order.keys.length || !order.keys.every((key, i) => isSortValue(key, values[i]))) throw notOurs;
  return values as SortValues;
}

function pageSize(name: 'first' | 'last', value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new BadUserInputError(`${name} must be between 0 and ${max}`);
  return value;
}

/**
 * Whether the connection being resolved selects `totalCount` (directly or in a fragment), so that a
 * list counts its rows only for clients that read the count. Without `info`, it counts.
 */
export function selectsTotalCount(info: GraphQLResolveInfo | undefined): boolean {
  return info === undefined || (selectedFieldNames(info, [])?.has('totalCount') ?? true);
}

/**
 * Validates the arguments of a keyset list into a window of `order`: `first` (with `after`) reads
 * forward, `last` (with `before`) backward; mixing the two directions is refused. With the resolver's
 * `info`, the rows are counted only when the client selects `totalCount`; with `reads` too, the rows
 * carry only the properties the selected node fields read (see propertiesReadByNodes).
 */
export function keysetWindow<Row>(args: KeysetConnectionArgs, order: KeysetOrder, info?: GraphQLResolveInfo, reads?: NodeReads<Row>): KeysetWindow {
  const withTotal = selectsTotalCount(info);
  const properties = reads && propertiesReadByNodes(info, reads);
  const { first, after, last, before } = args;
  if (first != null && last != null) throw new BadUserInputError('Pass first or last, not both.');
  if (after != null && before != null) throw new BadUserInputError('Pass after or before, not both.');
  if (last != null || before != null) {
    if (first != null || after != null) throw new BadUserInputError('before goes with last, after with first.');
    return {
      order,
      direction: 'backward',
      cursor: before != null ? decodeKeysetCursor('before', before, order) : null,
      limit: pageSize('last', last ?? DEFAULT_PAGE_SIZE, MAX_LAST_PAGE_SIZE),
      withTotal,
      ...(properties && { properties }),
    };
  }
  return {
    order,
    direction: 'forward',
    cursor: after != null ? decodeKeysetCursor('after', after, order) : null,
    limit: pageSize('first', first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    withTotal,
    ...(properties && { properties }),
  };
}

/** Builds a connection from a keyset page: each edge's cursor carries its row's key values. */
export function toKeysetConnection<T, N>(page: KeysetPage<T>, window: KeysetWindow, node: (row: T) => N): ConnectionShape<N> {
  const { rows, keys } = page;
  const edges = new Array<KeysetEdge<N>>(rows.length);
  for (let i = 0; i < rows.length; i++) edges[i] = new KeysetEdge(node(rows[i]!), window.order, keys[i]!);
  return { edges, totalCount: page.totalCount, pageInfo: new EdgesPageInfo(page.hasNextPage, page.hasPreviousPage, edges) };
}

/** Declares `XxxConnection` and `XxxEdge` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge to a ${name}.` })
  class Edge {
    @Field({ description: 'Opaque position of this item; pass it as `after` (or, on lists that take it, `before`) to the same list in the same order.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page stands in the list.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds.' })
    totalCount!: number;
  }
  return Connection;
}
