/**
 * npm run bench — requests per second and p99 latency of `{ viewer { organization { legalName } } }`
 * at 32 connections, beside a baseline doing the same SQL over plain node:http + pg, in the same run.
 * Both servers run as child processes; autocannon drives them from this process over 127.0.0.1.
 * BENCH_DURATION (seconds, default 15) and BENCH_CONNECTIONS (default 32) adjust the run.
 */
import { seedDemo } from '../seeds/demo.js';
import { benchDatabase, describeLoad, load, run, sqlPerRequest, startApi, startChild, writeResults, type LoadResult } from './harness.js';

const QUERY = '{ viewer { organization { legalName } } }';

run(async () => {
  const { url, orm } = await benchDatabase('kefu_bench');
  await seedDemo(orm);
  await orm.close(true);
  const apiUrl = await startApi(url);
  const basePort = 43000 + Math.floor(Math.random() * 1000);
  await startChild('bench/baseline-server.js', { DATABASE_URL: url, NODE_ENV: 'development', PORT: String(basePort) }, 'baseline ready');
  const baselineUrl = `http://127.0.0.1:${basePort}/`;

  const login = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(input: { email: "owner@merchant.demo", password: "demo-password-1" }) { token } }' }),
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  const headers = { authorization: `Bearer ${token}` };
  const body = JSON.stringify({ query: QUERY });
  for (const target of [apiUrl, baselineUrl]) {
    const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const json = (await response.json()) as { data: { viewer: { organization: { legalName: string } } } };
    if (!json.data.viewer.organization.legalName) throw new Error(`${target} answered ${JSON.stringify(json)}`);
  }
  const sql = await sqlPerRequest(apiUrl, 'anonymous_query');

  console.log(describeLoad());
  const results: Record<string, LoadResult> = {};
  results['baseline (node:http + pg)'] = await load(baselineUrl, headers, body);
  results['api (Apollo + MikroORM + RLS)'] = await load(apiUrl, headers, body);
  const [base, api] = Object.values(results) as [LoadResult, LoadResult];
  console.log('\ntarget                           req/s     p50 ms   p99 ms   errors  non-2xx');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(32)} ${r.rps.toFixed(0).padStart(6)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${String(r.errors).padStart(6)}  ${String(r.non2xx).padStart(7)}`,
    );
  }
  const ratio = { rps: api.rps / base.rps, p99: api.p99 / base.p99 };
  console.log(`\napi / baseline: ${(ratio.rps * 100).toFixed(0)}% of the requests per second, p99 ×${ratio.p99.toFixed(2)}`);
  console.log(
    `SQL statements per API request: ${sql.toFixed(1)} in 3 round trips (BEGIN + tenant set-up + session check together, the organization, COMMIT); the baseline sends the same.`,
  );
  writeResults('viewer', { sqlPerRequest: sql, results, ratio });
});
