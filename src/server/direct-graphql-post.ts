import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphqlHttpRequest } from './graphql-http.js';
import { NOT_JSON_MESSAGE, sendHttpError, UNREADABLE_BODY_MESSAGE } from './http-errors.js';

type Next = (error?: unknown) => void;

/** `application/json`, alone or with a UTF-8 charset: what express.json would read as UTF-8 text. */
const JSON_UTF8 = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;

/**
 * Whether a request is the common POST /graphql that directGraphqlPost serves: the path exactly
 * /graphql (a query string allowed), a JSON body in UTF-8, not compressed, with a Content-Length of
 * at most `bodyLimit`. Anything else (other paths and methods, other media types, charsets and
 * encodings, chunked or larger bodies) goes through Express, whose middleware answers those cases.
 */
export function takesDirectPath(req: IncomingMessage, bodyLimit: number): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url;
  if (url !== '/graphql' && !url?.startsWith('/graphql?')) return false;
  const headers = req.headers;
  const length = headers['content-length'];
  const type = headers['content-type'];
  return (
    type !== undefined &&
    JSON_UTF8.test(type) &&
    headers['content-encoding'] === undefined &&
    headers['transfer-encoding'] === undefined &&
    length !== undefined &&
    /^\d{1,9}$/.test(length) &&
    Number(length) <= bodyLimit
  );
}

/** The body's bytes, or undefined when it cannot be read (the client went away, or sent another length than it declared). */
function readBody(req: IncomingMessage, length: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= length) chunks.push(chunk);
    });
    req.on('end', () => resolve(received === length ? Buffer.concat(chunks, received) : undefined));
    req.on('error', () => resolve(undefined));
  });
}

/**
 * The body as express.json reads it (strict): empty is `{}`, a byte-order mark is dropped, and only
 * an object or an array is JSON; undefined otherwise.
 */
export function parseJsonBody(bytes: Buffer): { value: unknown } | undefined {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { value: {} };
  const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export interface DirectGraphqlPostOptions {
  /** What every request gets first on either path: its request id and scope, then CORS. */
  prepare: readonly ((req: IncomingMessage, res: ServerResponse, next: Next) => void)[];
  handle: (req: GraphqlHttpRequest, res: ServerResponse) => Promise<void>;
  /** A failure outside GraphQL's own handling: given to the same error handler as Express's. */
  onError: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Serves the requests `takesDirectPath` accepts without Express: for a small query its router
 * (every middleware layer and route tried in turn) and body-parser (type-is, raw-body, iconv) took
 * about a tenth of the server's CPU. The answers are the same as through Express: the same request
 * id, scope and CORS handlers run first, a body that is not JSON or cannot be read gets express.json's
 * answer (http-errors.ts), and the GraphQL handler is the same function.
 */
export function directGraphqlPost(options: DirectGraphqlPostOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { prepare, handle, onError } = options;
  const serve = async (req: GraphqlHttpRequest, res: ServerResponse) => {
    const bytes = await readBody(req, Number(req.headers['content-length']));
    if (!bytes) {
      sendHttpError(res, 400, 'BAD_REQUEST', UNREADABLE_BODY_MESSAGE);
      return;
    }
    const parsed = parseJsonBody(bytes);
    if (!parsed) {
      sendHttpError(res, 400, 'BAD_REQUEST', NOT_JSON_MESSAGE);
      return;
    }
    req.body = parsed.value;
    await handle(req, res);
  };
  return (req, res) => {
    let step = 0;
    const next: Next = (error) => {
      // As in Express, only a truthy argument is an error (cors calls `next(null)` for an origin it does not allow).
      if (error) onError(error, req, res);
      else if (step < prepare.length) {
        // Express's router catches a handler that throws; so does this chain.
        try {
          prepare[step++]!(req, res, next);
        } catch (failure) {
          onError(failure, req, res);
        }
      } else serve(req, res).catch((failure: unknown) => onError(failure, req, res));
    };
    next();
  };
}
