import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { PERMISSIONS } from '../../src/auth/permissions.js';
import type { HttpRoute } from '../../src/core/http-route.js';
import { ANONYMOUS } from '../../src/core/viewer.js';
import { mountHttpRoutes } from '../../src/server/http-routes.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import type { RequestRecord } from '../../src/server/request-record.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * How the server streams a module's file (src/server/http-routes.ts), with a route whose body never
 * ends: it reads the next piece only when the socket has taken the last one (backpressure), and a
 * client that stalls or goes away ends the body — which is where a database cursor is closed — and
 * the transaction, whose connection goes back to the pool.
 */
let app: TestApp;
let server: http.Server;
let port: number;
const records: RequestRecord[] = [];
const PIECE = 'x'.repeat(1023) + '\n';
const body = { pulled: 0, closed: 0 };

const endless: HttpRoute = {
  method: 'GET',
  path: '/exports/endless.txt',
  name: 'endless',
  permission: PERMISSIONS.anyone,
  handle: async () => ({
    kind: 'file',
    contentType: 'text/plain; charset=utf-8',
    fileName: 'endless.txt',
    body: (async function* () {
      try {
        for (;;) {
          body.pulled += 1;
          yield PIECE;
        }
      } finally {
        body.closed += 1;
      }
    })(),
  }),
};

beforeAll(async () => {
  app = await startTestApp();
  const express_ = express();
  mountHttpRoutes(express_, [endless], {
    config: app.config,
    orm: app.orm,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    resolveViewer: async () => ANONYMOUS,
    onRequest: (record) => records.push(record),
    stalledClientMs: 1_500,
  });
  server = http.createServer(express_);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a GET whose response is never read; resolves with it once the headers are in. */
function unreadResponse(): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/exports/endless.txt' }, (response) => {
      response.pause();
      resolve({ request, response });
    });
    request.on('error', reject);
  });
}

/** Connections of the app's pool to this file's database that sit in an open transaction. */
async function idleInTransaction(): Promise<number> {
  const { rows } = await app.sql.query(
    `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
  );
  return rows[0].n;
}

async function waitFor(condition: () => boolean, ms = 5_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(20);
  }
}

test('a client that reads nothing: the body is read no further than the socket buffers, then abandoned after the stall timeout', async () => {
  body.pulled = 0;
  body.closed = 0;
  const { response } = await unreadResponse();
  expect(response.statusCode).toBe(200);
  await sleep(500);
  const pulled = body.pulled;
  await sleep(500);
  // Stopped: nothing more is read while the client reads nothing, and far less than memory allows.
  expect(body.pulled).toBe(pulled);
  expect(pulled * PIECE.length).toBeLessThan(32 * 1024 * 1024);
  await waitFor(() => body.closed === 1);
  await waitFor(() => records.length === 1);
  expect(records[0]).toMatchObject({ operation: 'endless', status: 499, outcome: 'error', errorCodes: ['CLIENT_CLOSED_REQUEST'] });
  await expect(idleInTransaction()).resolves.toBe(0);
  response.destroy();
});

test('a client that goes away: the body is closed at once and the transaction ends', async () => {
  body.pulled = 0;
  body.closed = 0;
  const { request } = await unreadResponse();
  await sleep(200);
  request.destroy();
  await waitFor(() => body.closed === 1, 1_000);
  await waitFor(() => records.length === 2);
  expect(records[1]).toMatchObject({ status: 499 });
  // No connection is left behind in an open transaction.
  await expect(idleInTransaction()).resolves.toBe(0);
});
