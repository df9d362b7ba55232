const QUOTE_OR_BACKSLASH = /['\\]/;

/**
 * A string as a PostgreSQL literal, exactly as MikroORM's PostgreSQL platform writes it (quotes and
 * backslashes doubled, ` E'…'` when there is a backslash), but without building it one character at
 * a time: MikroORM's loop allocates a string per character, so quoting a statement's parameters
 * cost more than the rest of its formatting. Almost every value (ids, instants, enum values, array
 * literals of ids) has neither character and is written in one step.
 */
export function escapeLiteral(text: string): string {
  if (!QUOTE_OR_BACKSLASH.test(text)) return `'${text}'`;
  const escaped = `'${text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;
  return text.includes('\\') ? ` E${escaped}` : escaped;
}
