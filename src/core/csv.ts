/**
 * CSV as spreadsheet programs read it (RFC 4180): fields separated by commas, records by CRLF, a
 * field quoted when it holds a comma, a double quote, CR or LF, with its quotes doubled. Files start
 * with a UTF-8 byte-order mark, without which Excel reads UTF-8 (Chinese text) as the local code page.
 */
export const CSV_BOM = '\uFEFF';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** Values a spreadsheet would run as a formula when they begin a cell (CSV injection): = + - @, and TAB / CR, which some programs skip before one. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * How a column's values are written. `text`: free or generated text, guarded against formula
 * injection by a leading apostrophe (`=1+1` → `'=1+1`, shown as typed); `number`: a decimal or
 * integer written as it is, so that negative amounts stay numbers (`-3274.32`).
 */
export type CsvValueKind = 'text' | 'number';

export interface CsvColumn<T> {
  header: string;
  kind: CsvValueKind;
  /** The cell's value; null or undefined for an empty cell. */
  value: (row: T) => string | number | null | undefined;
}

/** One field, guarded (text) and quoted as needed. */
export function csvField(value: string | number | null | undefined, kind: CsvValueKind): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (kind === 'number' && !/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a number for a numeric CSV column: ${text.slice(0, 40)}`);
  if (kind === 'text' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A record, CRLF-terminated. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvRecord(columns.map((column) => csvField(column.header, 'text')));
}

export function csvRow<T>(columns: readonly CsvColumn<T>[], row: T): string {
  return csvRecord(columns.map((column) => csvField(column.value(row), column.kind)));
}
