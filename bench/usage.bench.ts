/**
 * `npm run bench:usage`: contact records ingested per second through the API (usageReport, an
 * OPERATIONS API key, batches of 10,000) up to one million records on one contract, with the API
 * server's peak resident memory (VmHWM of the child process) sampled as the total grows.
 *
 * Environment: BENCH_USAGE_TOTAL (default 1,000,000), BENCH_USAGE_BATCH (10,000),
 * BENCH_USAGE_STREAMS (parallel clients, default 1; with more, each has its own contract so the
 * per-contract lock does not serialize them), DATABASE_URL (otherwise an embedded PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { newId } from '../src/db/base.js';
import { hashApiKeySecret } from '../src/modules/api-keys/api-key.service.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { demoCreditCode } from '../seeds/demo.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from '../src/modules/contracts/contract-terms.js';
import { benchDatabase, localPostmasterPid, processCpuMs, clusterCpuMs, run, startApi } from './harness.js';

const TOTAL = Number(process.env.BENCH_USAGE_TOTAL ?? 1_000_000);
const BATCH = Number(process.env.BENCH_USAGE_BATCH ?? 10_000);
const STREAMS = Number(process.env.BENCH_USAGE_STREAMS ?? 1);

/** Frozen terms as an award writes them (Asia/Shanghai, qualifying minimum 15 s). */
const TERMS: ContractTerms = {
  requirement: {
    title: 'Hotline',
    serviceScopes: ['HOTLINE'],
    channels: ['PHONE'],
    serviceHours: { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '18:00' } as never,
    seatsRequired: 350,
    expectedMonthlyVolume: 1_000_000,
    kpiTargets: [],
    timeZone: 'Asia/Shanghai',
  },
  bidRevision: 1,
  pricing: { model: 'PER_CONTACT', baseRate: '1.34', rampFactors: ['0.8', '0.9', '1.0'], holidayMultiplier: '3', vatRate: '0.06' },
  staffing: {
    agents: 350,
    teamLeads: 20,
    qualityStaff: 10,
    trainers: 5,
    reserveRatio: '0.2',
    shifts: null,
    languages: ['zh-CN'],
    trainingPlan: null,
    maxMonthlyAttrition: '0.15',
  },
  kpiCommitments: [],
  rules: DEFAULT_CONTRACT_RULES,
};

const MUTATION = `mutation usageReport($contractId: ID!, $input: UsageReportInput!) { usageReport(contractId: $contractId, input: $input) { recordsWritten userErrors { code field message } } }`;

function memoryKb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** An ACTIVE contract from 2026-01-01 for 24 months between a new merchant and vendor, and an OPERATIONS API key of the vendor. */
async function seedContract(execute: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<{ contractId: string; secret: string }> {
  const org = async (kind: string) => {
    const id = newId();
    await execute(`insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, 'VERIFIED', now())`, [
      id,
      kind,
      `Bench ${kind.toLowerCase()} ${id.slice(0, 8)}`,
      demoCreditCode(`9133${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`),
    ]);
    return id;
  };
  const merchant = await org('MERCHANT');
  const vendor = await org('VENDOR');
  const requirement = newId();
  await execute(
    `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at)
     values (?, ?, 'AWARDED', 'Hotline', '{HOTLINE}', '{PHONE}', '{"daysOfWeek":[1,2,3,4,5,6,7],"startTime":"09:00","endTime":"18:00","timeZone":"Asia/Shanghai"}', 10, 50000, '2026-01-01', 24, now() - interval '1 day', 'PUBLIC', now())`,
    [requirement, merchant],
  );
  const bid = newId();
  await execute(`insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, 1000000)`, [
    bid,
    requirement,
    merchant,
    vendor,
  ]);
  const contractId = newId();
  await execute(
    `insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, status, start_date, term_months, terms) values (?, ?, ?, ?, ?, 'ACTIVE', '2026-01-01', 24, ?)`,
    [contractId, merchant, vendor, requirement, bid, JSON.stringify(TERMS)],
  );
  const prefix = randomBytes(6).toString('hex').slice(0, 8);
  const secret = `kefu_${prefix}_${randomBytes(32).toString('base64url')}`;
  await execute(`insert into api_key (id, organization_id, name, role, prefix, secret_hash) values (?, ?, 'CTI feed', 'OPERATIONS', ?, ?)`, [
    newId(),
    vendor,
    prefix,
    hashApiKeySecret(secret),
  ]);
  return { contractId: toGlobalId('Contract', contractId), secret };
}

/** Batch `n` of a stream: 10,000 calls of a call centre, in time order through October 2026 (about 32,000 a day for one million). */
function batchBody(contractId: string, stream: number, n: number): string {
  const perStream = TOTAL / STREAMS;
  const spacingMs = (31 * 86_400_000) / perStream;
  const start = Date.parse('2026-10-01T00:00:00+08:00');
  const records = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const k = n * BATCH + i;
    records[i] = {
      externalId: `cti-${stream}-${String(k).padStart(8, '0')}-${(k * 2654435761) % 4294967296}`,
      channel: 'PHONE',
      agentRef: `agent-${k % 350}`,
      startedAt: new Date(start + Math.floor(k * spacingMs)).toISOString(),
      durationSeconds: (k * 7919) % 600,
    };
  }
  return JSON.stringify({ query: MUTATION, variables: { contractId, input: { records } } });
}

run(async () => {
  const { url, orm } = await benchDatabase('kefu_bench_usage');
  const connection = orm.em.getConnection();
  const streams = [];
  for (let s = 0; s < STREAMS; s++) streams.push(await seedContract((sql, params) => connection.execute(sql, params as never[])));
  const postmasterPid = await localPostmasterPid(orm);
  await orm.close(true);
  const api = await startApi(url);
  const batches = TOTAL / STREAMS / BATCH;
  console.log(`usage ingestion: ${TOTAL.toLocaleString('en')} records, batches of ${BATCH.toLocaleString('en')}, ${STREAMS} stream(s); API pid ${api.pid}`);
  console.log(`start: RSS ${(memoryKb(api.pid).rss / 1024).toFixed(0)} MB`);

  let ingested = 0;
  let bodyBytes = 0;
  const started = performance.now();
  const cpuStart = processCpuMs(api.pid);
  const pgStart = postmasterPid ? clusterCpuMs(postmasterPid) : NaN;
  let segmentStart = started;
  let segmentRecords = 0;
  const segments: string[] = [];
  await Promise.all(
    streams.map(async ({ contractId, secret }, stream) => {
      for (let n = 0; n < batches; n++) {
        const body = batchBody(contractId, stream, n);
        bodyBytes += body.length;
        const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': secret }, body });
        const text = await response.text();
        const json = JSON.parse(text) as { data?: { usageReport: { recordsWritten: number; userErrors: unknown[] } }; errors?: unknown };
        if (!response.ok || json.errors || json.data!.usageReport.userErrors.length)
          throw new Error(`batch ${n}: HTTP ${response.status} ${text.slice(0, 500)}`);
        ingested += json.data!.usageReport.recordsWritten;
        segmentRecords += BATCH;
        if (ingested % 100_000 === 0) {
          const now = performance.now();
          const memory = memoryKb(api.pid);
          segments.push(
            `${ingested.toLocaleString('en').padStart(9)} records: ${Math.round(segmentRecords / ((now - segmentStart) / 1000))
              .toLocaleString('en')
              .padStart(
                7,
              )} records/s over the last ${segmentRecords.toLocaleString('en')}, RSS ${(memory.rss / 1024).toFixed(0)} MB, peak ${(memory.hwm / 1024).toFixed(0)} MB`,
          );
          console.log(segments.at(-1));
          segmentStart = now;
          segmentRecords = 0;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const memory = memoryKb(api.pid);
  const apiCpu = (processCpuMs(api.pid) - cpuStart) / 1000;
  const pgCpu = postmasterPid ? (clusterCpuMs(postmasterPid) - pgStart) / 1000 : NaN;
  console.log(
    `\ntotal: ${ingested.toLocaleString('en')} records in ${seconds.toFixed(1)} s = ${Math.round(ingested / seconds).toLocaleString('en')} records/s ` +
      `(${(bodyBytes / 1024 / 1024 / (TOTAL / BATCH)).toFixed(2)} MB per request body)`,
  );
  console.log(`API server peak RSS (VmHWM): ${(memory.hwm / 1024).toFixed(0)} MB; RSS at the end ${(memory.rss / 1024).toFixed(0)} MB`);
  console.log(`CPU: API ${apiCpu.toFixed(1)} s, PostgreSQL ${Number.isNaN(pgCpu) ? 'n/a' : `${pgCpu.toFixed(1)} s`} (wall ${seconds.toFixed(1)} s)`);
});
