import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import vary from 'vary';
import type { CorsConfig } from '../config.js';
import { sendHttpError } from './http-errors.js';

const LOCALHOST = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** Request headers the API reads, and response headers a page may read. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Api-Key', 'Idempotency-Key', 'apollo-require-preflight', 'X-Request-Id'];
export const CORS_EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'Content-Disposition'];

export function originAllowed(config: CorsConfig): (origin: string) => boolean {
  const listed = new Set(config.origins.map((o) => o.toLowerCase()));
  return (origin) => listed.has(origin.toLowerCase()) || (config.allowLocalhost && LOCALHOST.test(origin));
}

/**
 * Browsers on the configured origins may call the API (with credentials and the headers above);
 * other origins get no Access-Control-Allow-* header, and their preflight a 403 saying why.
 * Apollo's CSRF prevention stays on behind this: a simple cross-origin request never executes.
 */
export function corsMiddleware(config: CorsConfig): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const allowed = originAllowed(config);
  const handler = cors({
    origin: (origin, callback) => callback(null, typeof origin === 'string' && allowed(origin)),
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req, res, next) => {
    // The answer depends on Origin, whether or not it is allowed: shared caches must keep them apart.
    vary(res, 'Origin');
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin && req.headers['access-control-request-method'] && !allowed(origin)) {
      sendHttpError(res, 403, 'FORBIDDEN', `Origin ${origin.slice(0, 200)} is not allowed to call this API from a browser (CORS_ORIGINS).`);
      return;
    }
    handler(req, res, next);
  };
}
