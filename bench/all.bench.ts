/**
 * npm run bench — three servers side by side on one seeded database, in one run:
 * - the API (Apollo Server + type-graphql + MikroORM, row-level security), as a child process;
 * - PostGraphile v5 (bench/postgraphile/server.ts, amber preset, GRAPHILE_ENV=production) over the
 *   same database with the same JWT checks and the same tenant settings, so the same RLS applies;
 * - the node:http + pg baseline (bench/baseline-server.ts), for the viewer query only.
 * Operations:
 *   viewer      `{ viewer { organization { legalName } } }` / PostGraphile `{ currentOrganization { legalName } }` / baseline;
 *   browse      a vendor's requirements(first: 50) with merchant, questions and its own bid / bench/postgraphile/browse.graphql;
 *   comparison  the merchant's comparison of 30 bids over a 12-month term (the API only: PostGraphile has no equivalent);
 *   contract-view  the merchant's contracts(first: 20) with everything nested (issue 9 point 9; the API only): terms in
 *               force, signatures, amendments, October's usage, KPIs, notices, availability, incidents, inspections.
 * Before measuring, the answers are compared (after normalizing ids, decimals and instants) and the
 * run stops if they differ. Every server gets a warm-up, then the servers of an operation are
 * measured in turns (harness.ts measureInTurns), during which each process's CPU time is read from
 * /proc/<pid>/stat (and the local PostgreSQL cluster's, if local).
 *
 * BENCH_DURATION (s per server, default 15), BENCH_ROUNDS (turns it is split into, default 3),
 * BENCH_CONNECTIONS (viewer, default 32), BENCH_HEAVY_CONNECTIONS (browse, comparison and
 * contract-view, default 8), BENCH_ONLY (e.g. `viewer` or `browse,comparison`).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/auth/jwt.js';
import { MembershipRole } from '../src/core/roles.js';
import {
  apiSqlStatements,
  benchDatabase,
  CLK_TCK,
  CONNECTIONS,
  DB_POOL_SIZE,
  DURATION,
  JWT_SECRET,
  localPostmasterPid,
  measureInTurns,
  ROUNDS,
  repoRoot,
  run,
  startApi,
  startBaseline,
  startPostGraphile,
  TURNS_WARM_UP_SECONDS,
  writeResults,
  type MeasuredResult,
  type StartedServer,
} from './harness.js';
import { OPEN_REQUIREMENTS, seedBench, VIEW_CONTRACTS, type BenchOrganization } from './seed.js';
import { compareBrowse, type ApiBrowse, type PeerBrowse } from './browse-match.js';
import { checkContractView, CONTRACT_VIEW, type ContractViewAnswer } from './contract-view.js';

const OPERATIONS = ['viewer', 'browse', 'comparison', 'contract-view'] as const;
type Operation = (typeof OPERATIONS)[number];
const HEAVY_CONNECTIONS = Number(process.env.BENCH_HEAVY_CONNECTIONS ?? 8);
const only = new Set(
  (process.env.BENCH_ONLY ?? OPERATIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const name of only)
  if (!OPERATIONS.includes(name as Operation)) throw new Error(`BENCH_ONLY: unknown operation "${name}" (one of ${OPERATIONS.join(', ')})`);
const selected = OPERATIONS.filter((o) => only.has(o));

const VIEWER = '{ viewer { organization { legalName } } }';
const PEER_VIEWER = '{ currentOrganization { legalName } }';
const BROWSE = `query Browse { requirements(first: 50, filter: { biddableOnly: true }, orderBy: DEADLINE_SOONEST) { totalCount edges { node {
  id title seatsRequired expectedMonthlyVolume bidDeadline budgetMax { amount } kpiTargets { metric target }
  merchant { legalName verificationStatus } questions(first: 5) { totalCount edges { node { question answer } } }
  bids(first: 1) { edges { node { status totalContractValue { amount } } } } } } } }`;
const PEER_BROWSE = readFileSync(path.join(repoRoot, 'bench', 'postgraphile', 'browse.graphql'), 'utf8');
const COMPARISON = `query Comparison($id: ID!) { requirement(id: $id) { bidComparison { entries {
  rank score priceScore kpiScore trackRecordScore staffingCoverage coverageWithReserve
  totalContractValue { amount } monthlyProjection { contractMonth rate amount { amount } }
  kpis { metric committed meetsTarget } bid { id vendor { legalName } latestRevision { revision notes } } } } } }`;

type ServerName = 'baseline' | 'api' | 'postgraphile';
const LABELS: Record<ServerName, string> = { baseline: 'baseline (node:http + pg)', api: 'api (Apollo + MikroORM)', postgraphile: 'PostGraphile v5' };

interface Case {
  server: ServerName;
  target: StartedServer;
  headers: Record<string, string>;
  body: string;
  /** SQL statements and transactions per request of the measured run. */
  sql: () => Promise<{ statements: number; transactions: number; requests: number }>;
}

interface Row extends MeasuredResult {
  operation: Operation;
  server: ServerName;
  connections: number;
  sqlStatementsPerRequest: number;
  transactionsPerRequest: number;
  rpsVsBaseline: number | null;
  rpsVsPostGraphile: number | null;
}

async function post<T>(url: string, headers: Record<string, string>, body: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  const json = JSON.parse(text) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`${url} answered ${text.slice(0, 1000)}`);
  return json.data;
}

run(async () => {
  const { url, orm } = await benchDatabase('kefu_bench');
  const data = await seedBench(orm);
  const postmasterPid = await localPostmasterPid(orm);
  await orm.close(true);
  const needPeer = only.has('viewer') || only.has('browse');
  if (needPeer) {
    // What PostGraphile needs beyond the migrations, applied by the owner (before it introspects).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(readFileSync(path.join(repoRoot, 'bench', 'postgraphile', 'peer-schema.sql'), 'utf8'));
    await client.end();
  }

  const jwt = loadConfig({ NODE_ENV: 'production', JWT_SECRET }).jwt;
  const bearer = (o: BenchOrganization) => ({
    authorization: `Bearer ${issueToken(jwt, { userId: o.userId, sessionId: o.sessionId, organizationId: o.id, organizationKind: o.kind, role: MembershipRole.OWNER }).token}`,
  });
  const api = await startApi(url);
  const peer = needPeer ? await startPostGraphile(url) : null;
  const baseline = only.has('viewer') ? await startBaseline(url) : null;

  // The API opens one transaction per GraphQL request (TenantTransaction).
  const apiSql = (operation: string) => async () => {
    const counted = await apiSqlStatements(api.url, operation);
    return { ...counted, transactions: counted.requests };
  };
  const peerSql = async () => {
    const stats = (await (await fetch(peer!.url.replace(/\/graphql$/, '/bench-stats'))).json()) as {
      requests: number;
      statements: number;
      transactions: number;
    };
    return stats;
  };
  // The baseline sends BEGIN + set-up + session check in one round trip, the organization, COMMIT.
  const baselineSql = async () => ({ statements: 4, transactions: 1, requests: 1 });

  // Same data from every server, or no measurement.
  const cases: Partial<Record<Operation, Case[]>> = {};
  if (only.has('viewer')) {
    const headers = bearer(data.merchant);
    const body = JSON.stringify({ query: VIEWER });
    const peerBody = JSON.stringify({ query: PEER_VIEWER });
    type Viewer = { viewer: { organization: { legalName: string } } };
    const names = {
      api: (await post<Viewer>(api.url, headers, body)).viewer.organization.legalName,
      baseline: (await post<Viewer>(baseline!.url, headers, body)).viewer.organization.legalName,
      postgraphile: (await post<{ currentOrganization: { legalName: string } }>(peer!.url, headers, peerBody)).currentOrganization.legalName,
    };
    if (new Set(Object.values(names)).size !== 1 || names.api !== data.merchant.legalName) {
      throw new Error(`viewer: the servers disagree on the organization's legal name: ${JSON.stringify(names)} (seeded: ${data.merchant.legalName})`);
    }
    console.log(`viewer: the three servers answer legalName "${names.api}"`);
    cases.viewer = [
      { server: 'baseline', target: baseline!, headers, body, sql: baselineSql },
      { server: 'api', target: api, headers, body, sql: apiSql('anonymous_query') },
      { server: 'postgraphile', target: peer!, headers, body: peerBody, sql: peerSql },
    ];
  }
  if (only.has('browse')) {
    const headers = bearer(data.vendors[1]!);
    const body = JSON.stringify({ query: BROWSE, operationName: 'Browse' });
    const peerBody = JSON.stringify({ query: PEER_BROWSE, operationName: 'Browse' });
    const summary = compareBrowse(await post<ApiBrowse>(api.url, headers, body), await post<PeerBrowse>(peer!.url, headers, peerBody));
    if (summary.totalCount !== OPEN_REQUIREMENTS) throw new Error(`browse: ${summary.totalCount} biddable requirements, seeded ${OPEN_REQUIREMENTS}`);
    console.log(
      `browse: API and PostGraphile agree on ${summary.items} of ${summary.totalCount} requirements (titles, deadlines, budgets, KPI targets, merchants, ${summary.questions} questions, ${summary.ownBids} own bids)`,
    );
    cases.browse = [
      { server: 'api', target: api, headers, body, sql: apiSql('Browse') },
      { server: 'postgraphile', target: peer!, headers, body: peerBody, sql: peerSql },
    ];
  }
  if (only.has('comparison')) {
    const headers = bearer(data.merchant);
    const id = Buffer.from(`Requirement:${data.comparedRequirementId}`).toString('base64url');
    const body = JSON.stringify({ query: COMPARISON, variables: { id }, operationName: 'Comparison' });
    const answer = await post<{ requirement: { bidComparison: { entries: unknown[] } | null } }>(api.url, headers, body);
    const entries = answer.requirement.bidComparison?.entries.length ?? 0;
    if (entries !== data.vendors.length) throw new Error(`comparison: ${entries} entries, seeded ${data.vendors.length} bids`);
    console.log(`comparison: the API compares ${entries} bids (PostGraphile has no equivalent; the baseline neither)`);
    cases.comparison = [{ server: 'api', target: api, headers, body, sql: apiSql('Comparison') }];
  }
  if (only.has('contract-view')) {
    const headers = bearer(data.merchant);
    const body = JSON.stringify({ query: CONTRACT_VIEW, variables: { first: VIEW_CONTRACTS }, operationName: 'ContractView' });
    const names = { merchant: data.merchant.legalName, vendor: data.contractVendor.legalName };
    const shown = checkContractView(await post<ContractViewAnswer>(api.url, headers, body), data.contracts, names);
    console.log(
      `contract-view: the API shows the merchant's ${shown} contracts with all their evidence (signatures, amendment, 31 usage days, 20 KPI measurements, notice, 2 outages, 2 inspections; the API only)`,
    );
    cases['contract-view'] = [{ server: 'api', target: api, headers, body, sql: apiSql('ContractView') }];
  }

  console.log(
    `\nload: ${DURATION} s measured per server after a ${TURNS_WARM_UP_SECONDS} s warm-up, in ${ROUNDS} turns of ${(DURATION / ROUNDS).toFixed(1)} s taken in alternating order; ${CONNECTIONS} connections for viewer, ${HEAVY_CONNECTIONS} for the others;` +
      ` pools of ${DB_POOL_SIZE}; ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; CPU from /proc/<pid>/stat at ${CLK_TCK} ticks/s` +
      (postmasterPid ? `; PostgreSQL: the local cluster (postmaster ${postmasterPid})` : '; PostgreSQL CPU: n/a (not on this machine)'),
  );
  const rows: Row[] = [];
  for (const operation of selected) {
    const connections = operation === 'viewer' ? CONNECTIONS : HEAVY_CONNECTIONS;
    const measured: Row[] = [];
    const operationCases = cases[operation]!;
    const sqlBefore = await Promise.all(operationCases.map((c) => c.sql()));
    const results = await measureInTurns(operationCases, { connections, postmasterPid });
    for (const [i, c] of operationCases.entries()) {
      const result = results[i]!;
      const sqlAfter = await c.sql();
      // Warm-up and measured runs together: the statements per request do not change between them.
      const requests = c.server === 'baseline' ? 1 : sqlAfter.requests - sqlBefore[i]!.requests;
      const statements = c.server === 'baseline' ? sqlAfter.statements : sqlAfter.statements - sqlBefore[i]!.statements;
      const transactions = c.server === 'baseline' ? sqlAfter.transactions : sqlAfter.transactions - sqlBefore[i]!.transactions;
      measured.push({
        operation,
        server: c.server,
        connections,
        ...result,
        sqlStatementsPerRequest: statements / requests,
        transactionsPerRequest: transactions / requests,
        rpsVsBaseline: null,
        rpsVsPostGraphile: null,
      });
      console.log(
        `  ${operation} / ${LABELS[c.server]}: ${result.rps.toFixed(0)} req/s (turns: ${result.turns!.map((t) => `${t.rps.toFixed(0)} req/s p99 ${t.p99} ms`).join(', ')})`,
      );
    }
    const base = measured.find((r) => r.server === 'baseline');
    const peerRow = measured.find((r) => r.server === 'postgraphile');
    for (const r of measured) {
      r.rpsVsBaseline = base && r !== base ? r.rps / base.rps : null;
      r.rpsVsPostGraphile = peerRow && r !== peerRow ? r.rps / peerRow.rps : null;
    }
    rows.push(...measured);
  }

  printTable(rows);
  console.log(`
SQL/req: statements per request — the API's own count (/metrics; BEGIN and its tenant set-up + session check are 2 statements in 1 round trip);
  PostGraphile's pool clients' queries (1 round trip each: BEGIN, set_config, the query, COMMIT per transaction; tx/req = its transactions);
  the baseline's fixed 4 statements in 3 round trips. CPU ms/req: the server process (user + system) during the measured run / requests completed;
  PG CPU: the whole local PostgreSQL cluster over the same interval. The load generator (autocannon, this process) shares the ${os.cpus().length} cores.
Differences in what the servers do per request:
  - the API and the baseline check the token's session in the database (auth_session_check) and run queries in a READ ONLY transaction; the API also sets app.now;
    PostGraphile checks the JWT the same way but not the session (sid), sets role, app.org_id, app.user_id, app.role and app.platform_admin only,
    and opens a read-write transaction per query it sends;
  - "biddable" is OPEN with the deadline after the request clock (API) / after now() (PostGraphile's requirement_biddable);
  - the API's browse also prices cost limits and budgets (cost extension in the response); PostGraphile has no such limits configured.`);
  writeResults('all', {
    connections: { viewer: CONNECTIONS, browse: HEAVY_CONNECTIONS, comparison: HEAVY_CONNECTIONS, 'contract-view': HEAVY_CONNECTIONS },
    warmUpSeconds: TURNS_WARM_UP_SECONDS,
    rounds: ROUNDS,
    cores: os.cpus().length,
    clockTicksPerSecond: CLK_TCK,
    rows,
  });
});

function printTable(rows: Row[]): void {
  const fixed = (n: number | null, digits: number) => (n === null ? '' : Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const ratio = (n: number | null) => (n === null ? '—' : `×${n.toFixed(2)}`);
  const columns: [string, number, (r: Row) => string][] = [
    ['operation', 13, (r) => r.operation],
    ['server', 25, (r) => LABELS[r.server]],
    ['conns', 5, (r) => String(r.connections)],
    ['req/s', 7, (r) => fixed(r.rps, 0)],
    ['p50 ms', 7, (r) => fixed(r.p50, 1)],
    ['p99 ms', 7, (r) => fixed(r.p99, 1)],
    ['errors', 6, (r) => String(r.errors + r.non2xx)],
    ['vs base', 7, (r) => ratio(r.rpsVsBaseline)],
    ['vs PG', 7, (r) => ratio(r.rpsVsPostGraphile)],
    ['SQL/req', 7, (r) => fixed(r.sqlStatementsPerRequest, 1)],
    ['tx/req', 6, (r) => fixed(r.transactionsPerRequest, 1)],
    ['CPU ms/req', 10, (r) => fixed(r.serverCpuMsPerRequest, 3)],
    ['PG CPU ms/req', 13, (r) => fixed(r.postgresCpuMsPerRequest, 3)],
  ];
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(columns[i]![1]) : cell.padStart(columns[i]![1]))).join('  ');
  console.log(`\n${line(columns.map(([title]) => title))}`);
  let previous: Operation | null = null;
  for (const r of rows) {
    if (previous && previous !== r.operation) console.log('');
    previous = r.operation;
    console.log(line(columns.map(([, , cell]) => cell(r))));
  }
}
