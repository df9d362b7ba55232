/**
 * npm run bench — requests per second and p99 latency of `{ viewer { organization { legalName } } }`
 * at 32 connections, beside a baseline doing the same SQL over plain node:http + pg, in the same run.
 * Both servers run as child processes; autocannon drives them from this process over 127.0.0.1.
 * BENCH_DURATION (seconds, default 15) and BENCH_CONNECTIONS (default 32) adjust the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { createOrm, migrate } from '../src/db/orm.js';
import { seedDemo } from '../seeds/demo.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const QUERY = '{ viewer { organization { legalName } } }';
const distRoot = path.resolve(import.meta.dirname, '..');

const children: ChildProcess[] = [];
let embedded: EmbeddedDatabase | null = null;
let dataDir: string | null = null;

function startChild(script: string, env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(distRoot, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function load(url: string, token: string, seconds: number) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY }),
    connections: CONNECTIONS,
    duration: seconds,
  });
}

async function main(): Promise<void> {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'kefu-bench-'));
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres(dataDir, 40000 + Math.floor(Math.random() * 10000));
    await ensureDatabase(embedded.url('postgres'), 'kefu_bench');
    databaseUrl = embedded.url('kefu_bench');
  }
  const orm = await createOrm({ databaseUrl, poolSize: 2 });
  await migrate(orm);
  await seedDemo(orm);
  await orm.close(true);

  const apiPort = 41000 + Math.floor(Math.random() * 1000);
  const basePort = apiPort + 1000;
  const common = { DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false', HOST: '127.0.0.1' };
  await startChild('src/main.js', { ...common, PORT: String(apiPort) }, 'Press Ctrl-C');
  await startChild('bench/baseline-server.js', { ...common, PORT: String(basePort) }, 'baseline ready');
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  const baselineUrl = `http://127.0.0.1:${basePort}/`;

  const login = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(input: { email: "owner@merchant.demo", password: "demo-password-1" }) { token } }' }),
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;

  // Both answer the same thing; and the API's per-request SQL, from its own metrics.
  for (const url of [apiUrl, baselineUrl]) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY }) });
    const body = (await response.json()) as { data: { viewer: { organization: { legalName: string } } } };
    if (!body.data.viewer.organization.legalName) throw new Error(`${url} answered ${JSON.stringify(body)}`);
  }
  const metrics = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
  const sum = Number(/graphql_request_sql_statements_sum\{operation="anonymous_query"\} (\d+)/.exec(metrics)?.[1]);
  const count = Number(/graphql_request_sql_statements_count\{operation="anonymous_query"\} (\d+)/.exec(metrics)?.[1]);
  const sqlPerRequest = count ? sum / count : NaN;

  console.log(`load: ${CONNECTIONS} connections, ${DURATION} s measured after a 3 s warm-up, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results: Record<string, { rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number }> = {};
  for (const [name, url] of [['baseline (node:http + pg)', baselineUrl], ['api (Apollo + MikroORM + RLS)', apiUrl]] as const) {
    await load(url, token, 3);
    const r = await load(url, token, DURATION);
    results[name] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total };
  }
  const [base, api] = Object.values(results) as [(typeof results)[string], (typeof results)[string]];
  console.log('\ntarget                           req/s     p50 ms   p99 ms   errors  non-2xx');
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(32)} ${r.rps.toFixed(0).padStart(6)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${String(r.errors).padStart(6)}  ${String(r.non2xx).padStart(7)}`);
  }
  const ratio = { rps: api.rps / base.rps, p99: api.p99 / base.p99 };
  console.log(`\napi / baseline: ${(ratio.rps * 100).toFixed(0)}% of the requests per second, p99 ×${ratio.p99.toFixed(2)}`);
  console.log(`SQL statements per API request: ${sqlPerRequest.toFixed(1)} in 3 round trips (BEGIN + tenant set-up together, the organization, COMMIT); the baseline sends the same.`);
  mkdirSync(path.join(distRoot, '..', 'bench', 'results'), { recursive: true });
  writeFileSync(
    path.join(distRoot, '..', 'bench', 'results', 'viewer-latest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, durationSeconds: DURATION, sqlPerRequest, results, ratio }, null, 2)}\n`,
  );
}

async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await embedded?.stop().catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

main()
  .then(cleanup, async (error: unknown) => {
    console.error(error);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
