import {
  GraphQLError,
  Kind,
  getNamedType,
  isObjectType,
  isInterfaceType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './connection.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 15, maxCost: 5000 };

export interface OperationCost {
  depth: number;
  aliases: number;
  /** Estimated points: 1 per field, a connection's children multiplied by its `first` (or `last`). */
  cost: number;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith('Connection');
}

/**
 * The variables as execution will see them: a variable absent from the request takes its
 * definition's default (`$n: Int = 100`), so a default counts exactly like the same literal.
 */
function effectiveVariables(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const effective: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!Object.hasOwn(effective, name) && definition.defaultValue) effective[name] = argumentValue(definition.defaultValue, {});
  }
  return effective;
}

/** Measures an operation with its variables, expanding fragments; unknown fields count 1 (validation reports them). */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  requestVariables: Record<string, unknown>,
): OperationCost {
  const variables = effectiveVariables(operation, requestVariables);
  let aliases = 0;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType | null | undefined,
    depth: number,
    seen: Set<string>,
  ): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection (GraphiQL's schema query is 15 deep) is governed by its own switch, not by these limits.
        if (depth === 1 && selection.name.value.startsWith('__')) continue;
        if (selection.alias) aliases += 1;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        let childCost = 0;
        if (selection.selectionSet) {
          const child = walk(selection.selectionSet, field ? (getNamedType(field.type) as GraphQLCompositeType) : null, depth + 1, seen);
          maxDepth = Math.max(maxDepth, child.depth);
          childCost = child.cost;
        }
        if (field && isConnection(field)) {
          // A page from the start (`first`) or from the end (`last`) costs its size either way.
          const size = (name: string) => argumentValue(selection.arguments?.find((a) => a.name.value === name)?.value, variables);
          const first = size('first');
          const last = size('last');
          const pageSize = typeof first === 'number' ? first : typeof last === 'number' ? last : DEFAULT_PAGE_SIZE;
          cost += 1 + Math.max(pageSize, 1) * childCost;
        } else {
          cost += 1 + childCost;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : parent;
        const child = walk(selection.selectionSet, type, depth, seen);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const child = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, depth, new Set([...seen, name]));
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      }
    }
    return { depth: maxDepth, cost };
  };

  const { depth, cost } = walk(operation.selectionSet, root, 1, new Set());
  return { depth, aliases, cost };
}

/** The first limit an operation exceeds, as the GraphQL error to answer with; null when within limits. */
export function limitViolation(measured: OperationCost, limits: QueryLimits): GraphQLError | null {
  const problem =
    measured.depth > limits.maxDepth
      ? `Query depth ${measured.depth} exceeds the limit of ${limits.maxDepth}.`
      : measured.aliases > limits.maxAliases
        ? `Query uses ${measured.aliases} aliases; the limit is ${limits.maxAliases}.`
        : measured.cost > limits.maxCost
          ? `Query cost ${measured.cost} exceeds the limit of ${limits.maxCost} (a connection costs first × its fields): ask for smaller pages.`
          : null;
  return problem ? new GraphQLError(problem, { extensions: { code: 'QUERY_TOO_COMPLEX', cost: measured, http: { status: 400 } } }) : null;
}

/**
 * The actual cost of an executed operation: the fields its response holds (every list item's fields
 * counted), measured once on the result rather than by wrapping every resolver. Introspection
 * fields (`__typename`) are free, as in the estimate.
 */
export function countResolvedFields(data: unknown): number {
  if (data === null || typeof data !== 'object') return 0;
  let count = 0;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const item: unknown = data[i];
      if (item !== null && typeof item === 'object') count += countResolvedFields(item);
    }
    return count;
  }
  // for…in rather than Object.keys: no array per object of a response that may hold thousands;
  // leaves (most values) are counted here without a call.
  for (const key in data) {
    if (key.charCodeAt(0) === 95 && key.startsWith('__')) continue;
    count += 1;
    const value = (data as Record<string, unknown>)[key];
    if (value !== null && typeof value === 'object') count += countResolvedFields(value);
  }
  return count;
}

/**
 * Whether every root field of an operation takes bulk input (declared on the field with
 * `@Extensions({ bulkInput: true })`, e.g. usageReport's 10,000 contact records): only such an
 * operation may arrive in a body over the ordinary 1 MiB limit.
 */
export function acceptsBulkInput(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'query' ? schema.getQueryType() : null;
  if (!root) return false;
  const fields = root.getFields();
  const selected = operation.selectionSet.selections;
  return selected.length > 0 && selected.every((selection) => selection.kind === Kind.FIELD && fields[selection.name.value]?.extensions?.bulkInput === true);
}
