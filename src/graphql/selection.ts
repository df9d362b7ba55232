import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Adds to `names` the fields that may be selected `path` levels below `selectionSet`, through
 * fragments. A field or fragment under @include or @skip counts as selected whatever the variables
 * say: reading more than needed is safe, reading less is not. False when a fragment is missing.
 */
function collect(selectionSet: SelectionSetNode | undefined, path: readonly string[], depth: number, info: GraphQLResolveInfo, names: Set<string>): boolean {
  if (!selectionSet) return true;
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (depth === path.length) names.add(selection.name.value);
        else if (selection.name.value === path[depth] && !collect(selection.selectionSet, path, depth + 1, info, names)) return false;
        break;
      case Kind.INLINE_FRAGMENT:
        if (!collect(selection.selectionSet, path, depth, info, names)) return false;
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = info.fragments[selection.name.value];
        if (!fragment || !collect(fragment.selectionSet, path, depth, info, names)) return false;
        break;
      }
    }
  }
  return true;
}

/**
 * The names of the fields that may be selected at `path` below the field being resolved (for a
 * connection's nodes: ['edges', 'node']), over every node of the field and through fragments;
 * fields under @include/@skip count as selected. Null when a fragment is missing (validation
 * refuses such documents before they run).
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  const names = new Set<string>();
  for (const node of info.fieldNodes) if (!collect(node.selectionSet, path, 0, info, names)) return null;
  return names;
}

/**
 * What the fields of a node type read of the row it is built from (entity property names), and
 * what every node reads whatever is selected (its id, what its field resolvers check). A field
 * absent from `fields` reads the whole row.
 */
export interface NodeReads<Row> {
  readonly always: readonly (keyof Row & string)[];
  readonly fields: Readonly<Record<string, readonly (keyof Row & string)[]>>;
}

/**
 * The row properties a connection's nodes read for the client's selection. Undefined (whole rows)
 * when the selection is not known or holds a field `reads` does not list: a field added to the type
 * without an entry reads whole rows rather than missing values.
 */
export function propertiesReadByNodes<Row>(info: GraphQLResolveInfo | undefined, reads: NodeReads<Row>): string[] | undefined {
  const names = info && selectedFieldNames(info, ['edges', 'node']);
  if (!names) return undefined;
  const properties = new Set<string>(reads.always);
  for (const name of names) {
    if (name === '__typename') continue;
    const read = reads.fields[name];
    if (!read) return undefined;
    for (const property of read) properties.add(property);
  }
  return [...properties];
}
