/** Shared by the benchmarks: a migrated database, servers as child processes, autocannon runs, cleanup. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { migrate } from '../src/db/orm.js';
import { createAppOrm } from '../src/app/composition.js';
import type { MikroORM } from '@mikro-orm/postgresql';

export const DURATION = Number(process.env.BENCH_DURATION ?? 15);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const distRoot = path.resolve(import.meta.dirname, '..');

const children: ChildProcess[] = [];
let embedded: EmbeddedDatabase | null = null;
let dataDir: string | null = null;

/** DATABASE_URL's server, or a fresh embedded one; migrated. The ORM is for seeding (superuser). */
export async function benchDatabase(name: string): Promise<{ url: string; orm: MikroORM }> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-'));
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres(dataDir, 40000 + Math.floor(Math.random() * 10000));
    await ensureDatabase(embedded.url('postgres'), name);
    url = embedded.url(name);
  }
  const orm = await createAppOrm({ databaseUrl: url, poolSize: 4 });
  await migrate(orm);
  return { url, orm };
}

/** BENCH_API_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the API process only. */
export function startChild(script: string, env: Record<string, string>, readyText: string, flags: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...flags, path.join(distRoot, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** Starts the API as a child process on `url`; resolves to its GraphQL URL. */
export async function startApi(url: string): Promise<string> {
  const port = 41000 + Math.floor(Math.random() * 1000);
  await startChild(
    'src/main.js',
    {
      DATABASE_URL: url,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      GRAPHQL_COST_BUDGET_PER_MINUTE: '1000000000',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    'Press Ctrl-C',
    (process.env.BENCH_API_FLAGS ?? '').split(' ').filter(Boolean),
  );
  return `http://127.0.0.1:${port}/graphql`;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** A 3 s warm-up, then the measured run. */
export async function load(url: string, headers: Record<string, string>, body: string, connections = CONNECTIONS, seconds = DURATION): Promise<LoadResult> {
  const options = { url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, connections };
  await autocannon({ ...options, duration: 3 });
  const r = await autocannon({ ...options, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total };
}

/** SQL statements per request of one operation name, from the API's /metrics histogram. */
export async function sqlPerRequest(graphqlUrl: string, operation: string): Promise<number> {
  const metrics = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const sum = Number(new RegExp(`graphql_request_sql_statements_sum\\{operation="${operation}"\\} (\\d+)`).exec(metrics)?.[1]);
  const count = Number(new RegExp(`graphql_request_sql_statements_count\\{operation="${operation}"\\} (\\d+)`).exec(metrics)?.[1]);
  return count ? sum / count : NaN;
}

export function writeResults(name: string, results: unknown): void {
  const dir = path.join(distRoot, '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${name}-latest.json`),
    `${JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, durationSeconds: DURATION, results }, null, 2)}\n`,
  );
}

export function describeLoad(): string {
  return `load: ${CONNECTIONS} connections, ${DURATION} s measured after a 3 s warm-up, ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

export async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await embedded?.stop().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** Runs a benchmark's main with cleanup on success and failure. */
export function run(main: () => Promise<void>): void {
  main()
    .then(cleanup, async (error: unknown) => {
      console.error(error);
      await cleanup();
      process.exitCode = 1;
    })
    .finally(() => process.exit());
}
