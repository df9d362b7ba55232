import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type express from 'express';
import type { Logger } from 'pino';
import { isAllowed } from '../auth/permissions.js';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import { UnauthenticatedError } from '../core/errors.js';
import type { HttpFile, HttpRoute, HttpRouteRequest } from '../core/http-route.js';
import type { Viewer } from '../core/viewer.js';
import { newRequestScope, requestScope } from '../db/request-scope.js';
import { settingsFor } from '../db/tenant-transaction.js';
import { RequestContext } from './context.js';
import { sendHttpError } from './http-errors.js';
import { describeInternalError } from './logger.js';
import type { Metrics } from './metrics.js';
import type { RequestRecord } from './request-record.js';

export interface HttpRouteDependencies {
  config: Config;
  orm: MikroORM;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  onRequest?: (record: RequestRecord) => void;
  testOnlyDbRole?: string;
  /** The caller, exactly as /graphql finds it (throws UnauthenticatedError for a bad credential). */
  resolveViewer: (req: express.Request) => Promise<Viewer>;
  /** How long a client may take no data before the response is abandoned (its transaction ends). */
  stalledClientMs?: number;
}

/** Pieces of a file are written in writes of about this many characters (fewer syscalls than one per CSV record). */
const WRITE_CHARS = 32 * 1024;
const STALLED_CLIENT_MS = 30_000;

/**
 * Mounts the modules' HTTP routes. Each request: authentication as for /graphql (401 for a bad
 * credential), the route's permission (401 anonymous, 403 otherwise), a read-only tenant transaction
 * (row-level security sees the viewer; 401 when the token's session has ended), the route's answer —
 * an error as JSON with a code, or a file streamed with backpressure: the next piece is read (and the
 * database cursor behind it fetched) only when the socket has taken the last one. A client that
 * goes away or takes nothing for `stalledClientMs` ends the stream, which closes the cursor, and the
 * transaction. One log line and one request record per request, like /graphql's.
 */
export function mountHttpRoutes(app: express.Express, routes: readonly HttpRoute[], deps: HttpRouteDependencies): void {
  for (const route of routes) {
    app.all(route.path, (req, res) => serve(route, deps, req, res));
  }
}

function queryOf(req: express.Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') query[name] = value;
  }
  return query;
}

async function serve(route: HttpRoute, deps: HttpRouteDependencies, req: express.Request, res: express.Response): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendHttpError(res, 405, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not supported on ${route.path}: use GET.`);
    return;
  }
  const started = process.hrtime.bigint();
  const scope = requestScope.getStore() ?? newRequestScope(randomUUID());
  let viewer: Viewer | undefined;
  let status = 200;
  let code: string | undefined;
  let bytes: number | undefined;
  const record = () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome = status < 400 ? 'ok' : 'error';
    deps.metrics.requests.inc({ operation: route.name, outcome });
    deps.metrics.duration.observe({ operation: route.name }, seconds);
    deps.metrics.sqlStatements.observe({ operation: route.name }, scope.sqlStatements);
    const entry: RequestRecord = {
      requestId: scope.requestId,
      operation: route.name,
      organizationId: viewer?.kind === 'member' ? viewer.organizationId : undefined,
      viewer: viewer?.kind ?? 'anonymous',
      durationMs: Math.round(seconds * 1000 * 10) / 10,
      sqlStatements: scope.sqlStatements,
      sqlRoundTrips: scope.sqlRoundTrips,
      outcome,
      errorCodes: code ? [code] : undefined,
      status,
      bytes,
    };
    deps.logger.info(entry, 'http request');
    deps.onRequest?.(entry);
  };
  const fail = (httpStatus: number, errorCode: string, message: string) => {
    status = httpStatus;
    code = errorCode;
    record();
    // A file's headers may be set already (a failure before its first byte went out): the error is no attachment.
    res.removeHeader('Content-Disposition');
    sendHttpError(res, httpStatus, errorCode, message);
  };

  try {
    viewer = await deps.resolveViewer(req);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return fail(401, error.code, error.message);
    throw error;
  }
  if (!isAllowed(route.permission, viewer)) {
    return viewer.kind === 'anonymous'
      ? fail(401, 'UNAUTHENTICATED', 'Authentication required: send a valid "Authorization: Bearer <token>" or "X-Api-Key" header.')
      : fail(403, 'FORBIDDEN', 'Your role does not allow this export.');
  }
  const ctx = new RequestContext(deps.config, deps.orm, viewer, scope, req.ip ?? req.socket.remoteAddress ?? 'unknown', deps.clock, deps.testOnlyDbRole);
  try {
    await ctx.uow.tx.begin(settingsFor(viewer, ctx.clock.now()), { readOnly: true });
  } catch (error) {
    if (error instanceof UnauthenticatedError) return fail(401, error.code, error.message);
    deps.logger.error({ requestId: scope.requestId, error: describeInternalError(error) }, 'internal error');
    return fail(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  }
  try {
    const request: HttpRouteRequest = { params: { ...(req.params as Record<string, string>) }, query: queryOf(req) };
    const outcome = await route.handle(ctx, request);
    if (outcome.kind === 'error') {
      await ctx.uow.tx.commit();
      return fail(outcome.status, outcome.code, outcome.message);
    }
    const sent = await sendFile(req, res, outcome, deps.stalledClientMs ?? STALLED_CLIENT_MS);
    bytes = sent.bytes;
    await ctx.uow.tx.commit();
    if (!sent.complete) {
      // The client went away or stalled: what it got is a truncated chunked response, not a file.
      status = 499;
      code = 'CLIENT_CLOSED_REQUEST';
      record();
      res.destroy();
      return;
    }
    record();
    res.end();
  } catch (error) {
    await ctx.uow.tx.rollback().catch(() => {});
    deps.logger.error({ requestId: scope.requestId, error: describeInternalError(error) }, 'internal error');
    if (!res.headersSent) return fail(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    // Part of the file is out: ending the chunked response without its last chunk tells the client it is incomplete.
    status = 500;
    code = 'INTERNAL_SERVER_ERROR';
    record();
    res.destroy();
  }
}

/**
 * Writes the file's headers and body (not the end: the transaction commits first). Pieces are
 * gathered into writes of about WRITE_CHARS characters; after a write the socket refuses (its buffer
 * full), the next piece waits for 'drain'. The body is always closed, read to the end or not.
 */
async function sendFile(req: express.Request, res: express.Response, file: HttpFile, stalledClientMs: number): Promise<{ complete: boolean; bytes: number }> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const pieces = file.body[Symbol.asyncIterator]();
  let bytes = 0;
  try {
    if (req.method === 'HEAD') return { complete: true, bytes };
    let pending: string[] = [];
    let size = 0;
    const flush = async () => {
      const text = pending.join('');
      pending = [];
      size = 0;
      bytes += Buffer.byteLength(text);
      return write(res, text, stalledClientMs);
    };
    for (;;) {
      const next = await pieces.next();
      if (next.done) break;
      pending.push(next.value);
      size += next.value.length;
      if (size >= WRITE_CHARS && !(await flush())) return { complete: false, bytes };
    }
    if (size > 0 && !(await flush())) return { complete: false, bytes };
    return { complete: true, bytes };
  } finally {
    await pieces.return?.();
  }
}

/** Writes; resolves true once the socket can take more, false when the client is gone or took nothing for `stalledClientMs`. */
function write(res: express.Response, text: string, stalledClientMs: number): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), stalledClientMs);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
