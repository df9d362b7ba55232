import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { describeInternalError } from './logger.js';

/**
 * Requests that never reach GraphQL still get the GraphQL error shape, as JSON, with no stack
 * trace and no server path, whatever NODE_ENV says (Express's own pages are HTML with a stack in
 * development).
 */
export function sendHttpError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** POST /graphql bodies are JSON; anything else would not be parsed, so say what to send. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    sendHttpError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the GraphQL request as a JSON body with "Content-Type: application/json".');
    return;
  }
  next();
};

/** /graphql answers GET and POST (and the CORS preflight, handled before this). */
export const allowGraphqlMethods: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST') {
    next();
    return;
  }
  res.setHeader('Allow', 'GET, POST');
  sendHttpError(res, 405, 'METHOD_NOT_ALLOWED', `Method ${req.method} is not supported on /graphql: use POST (or GET for queries).`);
};

export const notFound: RequestHandler = (req, res) => {
  sendHttpError(res, 404, 'NOT_FOUND', 'Not found: the API is at POST /graphql (GraphiQL at GET /graphql).');
};

/** The answers to a body that cannot be read or is not JSON, on either path (express.json's or directGraphqlPost's). */
export const NOT_JSON_MESSAGE = 'The request body is not valid JSON: send a JSON object such as {"query": "{ viewer { role } }"}.';
export const UNREADABLE_BODY_MESSAGE = 'The request could not be read.';

/** body-parser (express.json) failures by their `type`; anything unexpected is logged and masked. */
export function errorHandler(
  logger: Logger,
  bodyLimitText: string,
): (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { type, status, charset, encoding } = (error ?? {}) as { type?: string; status?: number; charset?: string; encoding?: string };
    switch (type) {
      case 'entity.parse.failed':
        sendHttpError(res, 400, 'BAD_REQUEST', NOT_JSON_MESSAGE);
        return;
      case 'entity.too.large':
        sendHttpError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${bodyLimitText}.`);
        return;
      case 'charset.unsupported':
        sendHttpError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported charset "${String(charset).slice(0, 40).toUpperCase()}": send the JSON body as UTF-8.`);
        return;
      case 'encoding.unsupported':
        sendHttpError(
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Unsupported content encoding "${String(encoding).slice(0, 40)}": send identity, gzip, deflate or br.`,
        );
        return;
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Aborted or inconsistent requests (content-length mismatch, …): the client's side.
      sendHttpError(res, status, status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', status === 404 ? 'Not found.' : UNREADABLE_BODY_MESSAGE);
      return;
    }
    sendInternalError(logger, res, error);
  };
}

/** An unexpected failure outside GraphQL: logged, and answered as 500 without any detail. */
export function sendInternalError(logger: Logger, res: ServerResponse, error: unknown): void {
  logger.error({ error: describeInternalError(error) }, 'internal error outside GraphQL');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendHttpError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}
