import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeFetcher } from '../core/module.js';

@InterfaceType({ description: 'An object with a global ID, fetchable with `node(id:)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;
}

export type { NodeFetcher };

const fetchers = new Map<string, NodeFetcher>();

/** The composition root hands over every module's node types (ModuleDescriptor.nodeTypes) when it builds the schema. */
export function registerNodeTypes(nodeTypes: Readonly<Record<string, NodeFetcher>>): void {
  for (const [type, fetcher] of Object.entries(nodeTypes)) fetchers.set(type, fetcher);
}

export function nodeFetcher(type: string): NodeFetcher | undefined {
  return fetchers.get(type);
}
