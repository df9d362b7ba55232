import type { NamedPermission } from './permission.js';
import type { RequestContext } from './request-context.js';

/**
 * Plain HTTP routes a module serves beside GraphQL — files, which GraphQL does not carry well. The
 * server (src/server/http-routes.ts) mounts them without knowing the module: it authenticates the
 * caller exactly as for /graphql, checks the declared permission (401 anonymous, 403 wrong role),
 * opens the read-only tenant transaction so that row-level security sees the viewer, calls `handle`,
 * and streams the file it answers with, with backpressure, before the transaction ends.
 */
export interface HttpRoute {
  method: 'GET';
  /** An Express 5 path, e.g. `/exports/statements/:id.csv`. */
  path: string;
  /** The route's name in logs, metrics and the permissions snapshot. */
  name: string;
  permission: NamedPermission;
  handle: (ctx: RequestContext, request: HttpRouteRequest) => Promise<HttpRouteOutcome>;
}

export interface HttpRouteRequest {
  /** Path parameters. */
  params: Readonly<Record<string, string>>;
  /** Query-string parameters given once (a repeated parameter reads as absent). */
  query: Readonly<Record<string, string | undefined>>;
}

/** A file to stream: `body` runs inside the request's transaction and is read as fast as the client takes it. */
export interface HttpFile {
  kind: 'file';
  /** e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  /** Offered to the client as `Content-Disposition: attachment`; ASCII letters, digits, `.`, `-`, `_`. */
  fileName: string;
  /**
   * The content, piece by piece. It should do its work (open cursors…) only once iterated: the server
   * may end it before the first piece (HEAD, a client gone), and always ends it before the
   * transaction commits.
   */
  body: AsyncIterable<string>;
}

/** An answer that is not a file: JSON `{ errors: [{ message, extensions: { code } }] }` like the rest of the HTTP layer. */
export interface HttpRouteError {
  kind: 'error';
  status: 400 | 404;
  code: 'BAD_USER_INPUT' | 'NOT_FOUND';
  message: string;
}

export type HttpRouteOutcome = HttpFile | HttpRouteError;

export function notFoundOutcome(message: string): HttpRouteError {
  return { kind: 'error', status: 404, code: 'NOT_FOUND', message };
}

export function badInputOutcome(message: string): HttpRouteError {
  return { kind: 'error', status: 400, code: 'BAD_USER_INPUT', message };
}
