import type { Caller } from './client.js';
import type { TestApp } from './test-app.js';

export interface Download {
  status: number;
  headers: Headers;
  /** The body as sent, BOM included. */
  bytes: Buffer;
  /** The body as UTF-8 text, BOM included (Response.text() would drop it). */
  text: string;
}

/** GET a path of the app's HTTP server, as a client would. */
export async function download(app: Pick<TestApp, 'url'>, path: string, caller: Caller = {}, method = 'GET'): Promise<Download> {
  const response = await fetch(new URL(path, app.url), {
    method,
    headers: {
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
      ...(caller.apiKey ? { 'x-api-key': caller.apiKey } : {}),
    },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** RFC 4180 records (quoted fields with doubled quotes, CRLF or LF), as a spreadsheet program reads them; the BOM is not part of the first field. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && input[i + 1] === '\n') {
      // CRLF: the LF ends the record.
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Records as objects keyed by the header's names. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i] ?? ''])));
}
