import { Field, ID, InterfaceType } from 'type-graphql';
import type { RequestContext } from '../core/request-context.js';

@InterfaceType({ description: 'An object with a global ID, fetchable with `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;
}

/** Loads a visible object of one type by raw id (null when absent or not visible), as its GraphQL node. */
export type NodeFetcher = (ctx: RequestContext, id: string) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Each domain registers how `node(id:)` finds its types; visibility rules are the same as its own queries. */
export function registerNodeType(type: string, fetcher: NodeFetcher): void {
  fetchers.set(type, fetcher);
}

export function nodeFetcher(type: string): NodeFetcher | undefined {
  return fetchers.get(type);
}
