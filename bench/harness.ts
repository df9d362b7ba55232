/** Shared by the benchmarks: a migrated database, servers as child processes, autocannon runs, CPU accounting, cleanup. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { portInUse } from '../src/db/embedded-access.js';
import { migrate } from '../src/db/orm.js';
import { createAppOrm } from '../src/app/composition.js';
import type { MikroORM } from '@mikro-orm/postgresql';

export const DURATION = Number(process.env.BENCH_DURATION ?? 15);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const WARM_UP_SECONDS = 3;
/**
 * Warm-up of each server before measureInTurns: BENCH_WARM_UP seconds, default 10. Under the browse
 * load the API's old generation keeps growing for its first 8–10 s (a mark-compact every ~1.2 s,
 * each slowing every request in flight: they were its p99), then stops; a server's steady state is
 * what runs in production.
 */
export const TURNS_WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP ?? 10);
/** all.bench.ts measures the servers of an operation in this many turns each (see measureInTurns). */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
export const distRoot = path.resolve(import.meta.dirname, '..');
/** The repository (sources of files tsc does not copy: SQL, GraphQL documents; results). */
export const repoRoot = path.resolve(distRoot, '..');
/** Every server runs with NODE_ENV=production, which refuses the public development key: a key of this run. */
export const JWT_SECRET = randomBytes(32).toString('base64url');
/** The same pool size for every server. */
export const DB_POOL_SIZE = 10;
/** The same idle timeout for every server's pool (the API's default; pg's own is 10 s). */
export const DB_POOL_IDLE_SECONDS = 60;

/** What every server is started with besides its own settings. */
export function serverEnv(url: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    NODE_ENV: 'production',
    JWT_SECRET,
    DB_POOL_SIZE: String(DB_POOL_SIZE),
    DB_POOL_IDLE_SECONDS: String(DB_POOL_IDLE_SECONDS),
    HOST: '127.0.0.1',
  };
}

/**
 * A port on 127.0.0.1 that nothing listens on, below the range the kernel takes local ports of
 * outgoing connections from: a port inside it may be taken by a client (autocannon's, a pool's)
 * between the check and the server's listen, and the server then fails to start.
 */
export async function freePort(): Promise<number> {
  let ceiling = 32768;
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low) && low > 21000) ceiling = low;
  } catch {
    // Not Linux: the IANA dynamic range starts higher still.
  }
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * (ceiling - 20000));
    if (!(await portInUse(port))) return port;
  }
}

const children: ChildProcess[] = [];
let embedded: EmbeddedDatabase | null = null;
let dataDir: string | null = null;

/**
 * DATABASE_URL's server, or a fresh embedded one (started once per process); migrated. The ORM is
 * for seeding (superuser). `fresh`: database `name` is dropped and created anew, on DATABASE_URL's
 * server too (beside DATABASE_URL's own database, which is then not used), so that one run can
 * measure several sizes each from an empty database.
 */
export async function benchDatabase(name: string, options: { fresh?: boolean } = {}): Promise<{ url: string; orm: MikroORM }> {
  let url = process.env.DATABASE_URL;
  if (!url || options.fresh) {
    if (!url && !embedded) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-'));
      chmodSync(dataDir, 0o755);
      embedded = await startEmbeddedPostgres(dataDir, await freePort());
    }
    const adminUrl = url ? withDatabase(url, 'postgres') : embedded!.url('postgres');
    if (options.fresh) await dropDatabase(adminUrl, name);
    await ensureDatabase(adminUrl, name);
    url = url ? withDatabase(url, name) : embedded!.url(name);
  }
  const orm = await createAppOrm({ databaseUrl: url, poolSize: 4 });
  await migrate(orm);
  return { url, orm };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await client.end();
  }
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

export interface StartedServer {
  url: string;
  pid: number;
}

/** Starts the API as a child process on `url`; resolves to its GraphQL URL and process id. */
export async function startApi(url: string): Promise<StartedServer> {
  const port = await freePort();
  const child = await startChild(
    'src/main.js',
    {
      ...serverEnv(url),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      GRAPHQL_COST_BUDGET_PER_MINUTE: '1000000000',
      PORT: String(port),
    },
    'Press Ctrl-C',
    // The heap bound of `npm start` and the Docker image, then BENCH_API_FLAGS.
    ['--max-old-space-size=256', ...(process.env.BENCH_API_FLAGS ?? '').split(' ').filter(Boolean)],
  );
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid! };
}

/** Starts PostGraphile v5 (bench/postgraphile/server.ts) in Grafast's production mode. */
export async function startPostGraphile(url: string): Promise<StartedServer> {
  const port = await freePort();
  const child = await startChild('bench/postgraphile/server.js', { ...serverEnv(url), GRAPHILE_ENV: 'production', PORT: String(port) }, 'postgraphile ready');
  return { url: `http://127.0.0.1:${port}/graphql`, pid: child.pid! };
}

/** Starts the node:http + pg baseline (bench/baseline-server.ts). */
export async function startBaseline(url: string): Promise<StartedServer> {
  const port = await freePort();
  const child = await startChild('bench/baseline-server.js', { ...serverEnv(url), PORT: String(port) }, 'baseline ready');
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid! };
}

/** Clock ticks per second of /proc/<pid>/stat's times (`getconf CLK_TCK`, 100 almost everywhere). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: the children it has waited for, in clock ticks. */
  reaped: number;
}

function procStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name "(...)", which may itself hold spaces: state is field 3.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { ppid: field(4), own: field(14) + field(15), reaped: field(16) + field(17) };
}

/** CPU milliseconds a process has used so far (user + system, all its threads), or NaN when it is gone. */
export function processCpuMs(pid: number): number {
  const stat = procStat(pid);
  return stat ? ((stat.own + stat.reaped) * 1000) / CLK_TCK : NaN;
}

/**
 * CPU milliseconds the whole PostgreSQL cluster behind `postmasterPid` has used so far: the
 * postmaster, its live children (backends, background workers) and the children it reaped (their
 * times go to its cutime/cstime when they exit), so backends that come and go are counted too.
 */
export function clusterCpuMs(postmasterPid: number): number {
  const postmaster = procStat(postmasterPid);
  if (!postmaster) return NaN;
  let ticks = postmaster.own + postmaster.reaped;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat?.ppid === postmasterPid) ticks += stat.own;
  }
  return (ticks * 1000) / CLK_TCK;
}

/**
 * The postmaster of the server behind `orm`, when it runs on this machine (the parent of our
 * backend, named postgres); null otherwise (then PostgreSQL's CPU is not reported).
 */
export async function localPostmasterPid(orm: MikroORM): Promise<number | null> {
  const [row] = await orm.em.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid');
  const backend = row ? procStat(row.pid) : null;
  if (!backend) return null;
  try {
    return readFileSync(`/proc/${backend.ppid}/comm`, 'utf8').trim().startsWith('postgres') ? backend.ppid : null;
  } catch {
    return null;
  }
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

export interface MeasuredResult extends LoadResult {
  /** Requests per second and p99 of each turn, in the order measured (measureInTurns only). */
  turns?: { rps: number; p99: number }[];
  /** The server process's CPU (user + system) per completed request of the measured run, ms. */
  serverCpuMsPerRequest: number;
  /** PostgreSQL's (the whole local cluster's) CPU per completed request, ms; NaN when not local. */
  postgresCpuMsPerRequest: number;
  /** This process's CPU (autocannon) per completed request, ms: the load generator shares the cores. */
  loadGeneratorCpuMsPerRequest: number;
}

/**
 * A warm-up, then the measured run, with the CPU time the server process `pid` (and the local
 * PostgreSQL cluster, when `postmasterPid` is known) used during the measured run only.
 */
export async function measure(
  target: { url: string; pid: number },
  headers: Record<string, string>,
  body: string,
  options: { connections?: number; seconds?: number; postmasterPid?: number | null; warmUp?: boolean } = {},
): Promise<MeasuredResult> {
  const { connections = CONNECTIONS, seconds = DURATION, postmasterPid = null, warmUp = true } = options;
  const request = { url: target.url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, connections };
  if (warmUp) await autocannon({ ...request, duration: WARM_UP_SECONDS });
  const before = { server: processCpuMs(target.pid), postgres: postmasterPid ? clusterCpuMs(postmasterPid) : NaN, self: process.cpuUsage() };
  const r = await autocannon({ ...request, duration: seconds });
  const server = processCpuMs(target.pid) - before.server;
  const postgres = postmasterPid ? clusterCpuMs(postmasterPid) - before.postgres : NaN;
  const self = process.cpuUsage(before.self);
  const requests = r.requests.total;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests,
    serverCpuMsPerRequest: server / requests,
    postgresCpuMsPerRequest: postgres / requests,
    loadGeneratorCpuMsPerRequest: (self.user + self.system) / 1000 / requests,
  };
}

/**
 * Servers compared under the same load, measured in turns: each gets its warm-up (TURNS_WARM_UP_SECONDS), then `rounds`
 * runs of `seconds / rounds` each, the order reversed every round (A B C, C B A, A B C, …). On a
 * shared machine whose speed drifts by ±20% within minutes, a slow spell then falls on every
 * server instead of on whichever ran during it, and the ratios between them hold still.
 * Per server: req/s = requests / seconds over all turns, CPU per request = CPU / requests over
 * all turns, p50 and p99 the median of the turns' values.
 */
export async function measureInTurns(
  targets: readonly { target: { url: string; pid: number }; headers: Record<string, string>; body: string }[],
  options: { connections: number; seconds?: number; rounds?: number; postmasterPid?: number | null },
): Promise<MeasuredResult[]> {
  const { connections, seconds = DURATION, rounds = ROUNDS, postmasterPid = null } = options;
  const turns: MeasuredResult[][] = targets.map(() => []);
  for (const t of targets) await measure(t.target, t.headers, t.body, { connections, seconds: TURNS_WARM_UP_SECONDS, warmUp: false });
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const t = targets[i]!;
      turns[i]!.push(await measure(t.target, t.headers, t.body, { connections, seconds: seconds / rounds, postmasterPid, warmUp: false }));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const sum = (results: MeasuredResult[], value: (r: MeasuredResult) => number) => results.reduce((total, r) => total + value(r), 0);
  return turns.map((results) => {
    const requests = sum(results, (r) => r.requests);
    return {
      rps: requests / seconds,
      p50: median(results.map((r) => r.p50)),
      p99: median(results.map((r) => r.p99)),
      errors: sum(results, (r) => r.errors),
      non2xx: sum(results, (r) => r.non2xx),
      requests,
      serverCpuMsPerRequest: sum(results, (r) => r.serverCpuMsPerRequest * r.requests) / requests,
      postgresCpuMsPerRequest: sum(results, (r) => r.postgresCpuMsPerRequest * r.requests) / requests,
      loadGeneratorCpuMsPerRequest: sum(results, (r) => r.loadGeneratorCpuMsPerRequest * r.requests) / requests,
      turns: results.map((r) => ({ rps: r.rps, p99: r.p99 })),
    };
  });
}

/** The API's SQL statement histogram of one operation name so far, from /metrics (sum of statements, count of requests). */
export async function apiSqlStatements(graphqlUrl: string, operation: string): Promise<{ statements: number; requests: number }> {
  const metrics = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const value = (name: string) => Number(new RegExp(`graphql_request_sql_statements_${name}\\{operation="${operation}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
  return { statements: value('sum'), requests: value('count') };
}

export function writeResults(name: string, results: unknown): void {
  const dir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${name}-latest.json`),
    `${JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, durationSeconds: DURATION, results }, null, 2)}\n`,
  );
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
