/**
 * A piece of SQL and its parameters, for `em.execute(text, params)`: `?` placeholders, whose values
 * MikroORM quotes into the statement (an array becomes a comma-separated list: `in (?)`, `array[?]`).
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}
}

function codeText(text: string): string {
  // A `?` in code text would shift every parameter after it.
  if (text.includes('?')) throw new Error(`SQL text must not contain "?": ${text}`);
  return text;
}

/** SQL from a template: an interpolated `Sql` is spliced in, any other value becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = codeText(strings[0]!);
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += codeText(strings[i + 1]!);
  });
  return new Sql(text, params);
}

/** Code-constant SQL text (table and column names, keywords), never input. */
export function rawSql(text: string): Sql {
  return new Sql(codeText(text), []);
}

/** The pieces joined by `separator` (e.g. ' and '); `empty` when there are none. */
export function joinSql(parts: readonly Sql[], separator: string, empty = ''): Sql {
  if (parts.length === 0) return rawSql(empty);
  return new Sql(
    parts.map((p) => p.text).join(codeText(separator)),
    parts.flatMap((p) => p.params),
  );
}

/** A `text[]` value of the given strings (an empty list is an empty array, not an empty `array[]`). */
export function textArray(values: readonly string[]): Sql {
  return values.length ? sql`array[${[...values]}]::text[]` : rawSql(`'{}'::text[]`);
}

/**
 * A PostgreSQL array literal of the strings (`{"a","b"}`), to pass as one parameter cast to an array
 * type: `= any(?::uuid[])` instead of `in (?)`. PostgreSQL plans both alike (it reads an IN list as
 * `= ANY` of an array), but the list form has MikroORM quote every element into the statement — for
 * a page of 50 parents, 50 escaped literals and the copies of the text they make.
 */
export function arrayLiteral(values: readonly string[]): string {
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    text += `"${values[i]!.replace(/[\\"]/g, '\\$&')}"`;
  }
  return `${text}}`;
}
