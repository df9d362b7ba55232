import { GraphQLError, Kind, type ASTNode, type DirectiveNode, type DocumentNode, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * Text PostgreSQL refuses (a NUL character) or cannot store faithfully (a lone UTF-16 surrogate,
 * which is not Unicode) is rejected for every string input at once, before any SQL runs: in the
 * variables (at any depth) and in the document's string literals.
 */
export function refusedTextReason(value: string): string | null {
  if (value.includes('\u0000')) return 'a NUL character (U+0000)';
  if (!value.isWellFormed()) return 'a lone UTF-16 surrogate (not valid Unicode)';
  return null;
}

function refused(where: string, reason: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(`${where} contains ${reason}, which text fields do not accept.`, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

function pathText(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** The first refused string among the variables (values and keys, at any depth), or null. */
export function checkVariables(variables: Record<string, unknown> | undefined): GraphQLError | null {
  if (!variables) return null;
  // Iterative: a deeply nested JSON body must not overflow the stack here.
  const stack: { value: unknown; path: (string | number)[] }[] = Object.entries(variables).map(([name, value]) => ({ value, path: [`$${name}`] }));
  for (const name of Object.keys(variables)) {
    const reason = refusedTextReason(name);
    if (reason) return refused('A variable name', reason);
  }
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const reason = refusedTextReason(value);
      if (reason) return refused(`Variable ${pathText(path)}`, reason);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const reason = refusedTextReason(key);
        if (reason) return refused(`A field name in variable ${pathText(path)}`, reason);
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

/** The first refused string literal in the document, named by its path (field.argument.inputField[index]), or null. */
export function checkLiterals(document: DocumentNode): GraphQLError | null {
  let found: GraphQLError | null = null;

  const value = (node: ValueNode, path: (string | number)[]): void => {
    if (found) return;
    if (node.kind === Kind.STRING) {
      const reason = refusedTextReason(node.value);
      if (reason) found = refused(`Argument ${pathText(path)}`, reason, node);
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, index) => value(item, [...path, index]));
    } else if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) value(field.value, [...path, field.name.value]);
    }
  };
  const directives = (nodes: readonly DirectiveNode[] | undefined, path: (string | number)[]): void => {
    for (const directive of nodes ?? []) for (const arg of directive.arguments ?? []) value(arg.value, [...path, `@${directive.name.value}`, arg.name.value]);
  };
  const selections = (set: SelectionSetNode, path: (string | number)[]): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
        for (const arg of selection.arguments ?? []) value(arg.value, [...fieldPath, arg.name.value]);
        directives(selection.directives, fieldPath);
        if (selection.selectionSet) selections(selection.selectionSet, fieldPath);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        directives(selection.directives, path);
        selections(selection.selectionSet, path);
      } else {
        directives(selection.directives, path);
      }
    }
  };

  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      for (const variable of definition.variableDefinitions ?? []) {
        if (variable.defaultValue) value(variable.defaultValue, [`$${variable.variable.name.value} (default)`]);
      }
      directives(definition.directives, []);
      selections(definition.selectionSet, []);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      directives(definition.directives, []);
      selections(definition.selectionSet, [`...${definition.name.value}`]);
    }
  }
  return found;
}
