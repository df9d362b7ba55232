import type pg from 'pg';

/** PostgreSQL's OID of `text[]`. */
export const TEXT_ARRAY_OID = 1009;

type Parser = (text: string) => unknown;

/**
 * A `text[]` parser with a fast path for what enum-like columns hold (`{PRE_SALES,HOTLINE}`): no
 * element quoted or escaped and none NULL, so the elements are the text between the commas. The
 * generic parser reads character by character and allocates per character; anything else
 * (quotes, backslashes, NULL elements, nested arrays) still goes to it.
 */
export function fastTextArray(generic: Parser): Parser {
  return (text) => {
    if (text === '{}') return [];
    if (text.charCodeAt(0) !== 123 /* { */ || text.includes('"') || text.includes('\\') || text.includes('{', 1)) return generic(text);
    const elements = text.slice(1, -1).split(',');
    return elements.includes('NULL') ? generic(text) : elements;
  };
}

/** Clients the pool creates from now on read `text[]` through fastTextArray (text format only). */
export function useFastTextArrays(pool: pg.Pool): void {
  const options = (pool as unknown as { options: { types?: { getTypeParser: (oid: number, format?: string) => unknown } } }).options;
  const base = options.types;
  if (!base) return;
  const textArray = fastTextArray(base.getTypeParser(TEXT_ARRAY_OID, 'text') as Parser);
  options.types = {
    getTypeParser: (oid: number, format?: string) => (oid === TEXT_ARRAY_OID && format !== 'binary' ? textArray : base.getTypeParser(oid, format)),
  };
}
