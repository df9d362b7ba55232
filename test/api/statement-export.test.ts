import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ManualClock } from '../../src/core/clock.js';
import { STREAM_CHUNK_ROWS } from '../../src/db/stream.js';
import { MembershipRole } from '../../src/core/roles.js';
import { generateMonthStatements } from '../../src/modules/statements/statement.jobs.js';
import { STATEMENT_CSV_COLUMNS } from '../../src/modules/statements/statement-export.js';
import { gql } from '../helpers/client.js';
import { csvObjects, download, parseCsv } from '../helpers/csv.js';
import type { TestOrg } from '../helpers/factories.js';
import { STATEMENTS, finance, recordWorkedExampleFacts, statementParties } from '../helpers/statements.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { apiKey } from '../helpers/usage.js';

/**
 * The CSV exports of statements over HTTP, on real PostgreSQL: the worked example of product.md §8
 * line by line to the cent with its evidence, UTF-8 with a BOM, Chinese text and RFC 4180 quoting,
 * formula injection defused, who may download what (row-level security: another tenant's statement
 * is not found, not listed), and a month of 300 statements streamed in a constant number of SQL
 * statements.
 */
const clock = new ManualClock('2026-08-01T12:00:00+08:00');
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let otherVendor: TestOrg;
let worked: { id: string; rawId: string };
/** The worked example's October statement: global and raw id. */
let october: { id: string; rawId: string };

const rawOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const globalOf = (type: string, raw: string) => Buffer.from(`${type}:${raw}`, 'utf8').toString('base64url');
const statementPath = (id: string) => `/exports/statements/${id}.csv`;
const HEADER = STATEMENT_CSV_COLUMNS.map((c) => c.header);

/**
 * As the superuser, with triggers (foreign keys, immutability) off for the session: copies of rows
 * with some columns replaced. Fixtures only: the API never writes this way.
 */
async function asSuperuser(work: (query: (text: string, params?: unknown[]) => Promise<{ rows: any[] }>) => Promise<void>) {
  const client = await app.sql.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await work((text, params) => client.query(text, params));
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** `n` contracts of `merchantId`/`vendorId` copied from the worked example's, each with a copy of its October statement and lines. */
async function copyOctoberStatements(n: number, parties: { merchantId: string; vendorId: string }): Promise<string[]> {
  const contractIds = Array.from({ length: n }, () => randomUUID());
  await asSuperuser(async (query) => {
    await query(
      `insert into contract select (jsonb_populate_record(null::contract, to_jsonb(c) || jsonb_build_object(
          'id', k.id, 'requirement_id', gen_random_uuid(), 'bid_id', gen_random_uuid(), 'merchant_id', $2::uuid, 'vendor_id', $3::uuid))).*
         from contract c, unnest($4::uuid[]) as k(id) where c.id = $1`,
      [worked.rawId, parties.merchantId, parties.vendorId, contractIds],
    );
    await query(
      `insert into statement select (jsonb_populate_record(null::statement, to_jsonb(s) || jsonb_build_object(
          'id', gen_random_uuid(), 'contract_id', k.id, 'merchant_id', $2::uuid, 'vendor_id', $3::uuid))).*
         from statement s, unnest($4::uuid[]) as k(id) where s.id = $1`,
      [october.rawId, parties.merchantId, parties.vendorId, contractIds],
    );
    await query(
      `insert into statement_line select (jsonb_populate_record(null::statement_line, to_jsonb(l) || jsonb_build_object(
          'statement_id', s.id, 'contract_id', s.contract_id, 'merchant_id', s.merchant_id, 'vendor_id', s.vendor_id))).*
         from statement s join statement_line l on l.statement_id = $1 where s.contract_id = any($2::uuid[])`,
      [october.rawId, contractIds],
    );
  });
  return contractIds;
}

let superseded: Promise<string> | undefined;
/** A SUPERSEDED version of the worked contract's September (no lines), created once. */
function supersededSeptember(): Promise<string> {
  superseded ??= (async () => {
    const id = randomUUID();
    await asSuperuser(async (query) => {
      await query(
        `insert into statement select (jsonb_populate_record(null::statement, to_jsonb(s) || jsonb_build_object(
            'id', $2::uuid, 'period_start', '2026-09-01', 'status', 'SUPERSEDED', 'issued_at', now(), 'superseded_at', now()))).*
           from statement s where s.id = $1`,
        [october.rawId, id],
      );
    });
    return id;
  })();
  return superseded;
}

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherMerchant, otherVendor } = await statementParties(app));
  worked = await recordWorkedExampleFacts(app, clock, merchant, vendor);
  clock.set(new Date('2026-11-02T12:00:00+08:00'));
  const run = await generateMonthStatements(app.orm, '2026-10', 'export-test', app.config, clock);
  expect(run.failed).toEqual([]);
  const listed = await gql(app, STATEMENTS, { filter: { contractId: worked.id, month: '2026-10' } }, finance(merchant));
  const id = listed.data!.statements.edges[0].node.id as string;
  october = { id, rawId: rawOf(id) };
}, 180_000);
afterAll(() => app.close());

describe('one statement: GET /exports/statements/:id.csv', () => {
  test('UTF-8 with a BOM, the header, the worked example’s lines to the cent with their evidence, then its totals', async () => {
    const file = await download(app, statementPath(october.id), finance(merchant));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="statement-2026-10-v1-${october.rawId.slice(0, 8)}.csv"`);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.text.slice(1).split('\r\n')[0]).toBe(HEADER.join(','));
    expect(file.text.endsWith('\r\n')).toBe(true);

    const rows = csvObjects(file.text);
    expect(rows.map((r) => [r.record, r.position, r.section, r.kind, r.quantity, r.unit_price, r.percent, r.amount])).toEqual([
      ['LINE', '1', 'SERVICE_CHARGE', 'HOLIDAY_CONTACTS', '3000', '5.04', '', '15120.00'],
      ['LINE', '2', 'SERVICE_CHARGE', 'BASE_CONTACTS', '51200', '1.68', '', '86016.00'],
      ['LINE', '3', 'SERVICE_CHARGE', 'BASE_CONTACTS', '42000', '1.49', '', '62580.00'],
      ['LINE', '4', 'DEDUCTION', 'AVAILABILITY_DEDUCTION', '', '', '2', '-3274.32'],
      ['LINE', '5', 'DEDUCTION', 'INSPECTION_DEDUCTION', '', '', '10', '-16371.60'],
      ['TOTALS', '', '', '', '', '', '', ''],
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({ statement_id: october.id, contract_id: worked.id, month: '2026-10', version: '1', status: 'DRAFT' });
    }
    const [holiday, month1, month2, availability, inspection, totals] = rows;
    // Evidence: the usage days as ranges, the ramp-up month, the outage counted (not the exempt one), the inspection.
    expect([holiday!.evidence_dates, month1!.evidence_dates, month2!.evidence_dates]).toEqual([
      '2026-10-01/2026-10-03',
      '2026-10-04/2026-10-19',
      '2026-10-20/2026-10-31',
    ]);
    expect([holiday!.contract_month, month1!.contract_month, month2!.contract_month]).toEqual(['1', '1', '2']);
    expect(availability).toMatchObject({ availability_percent: '95.52', outage_minutes: '2000', inspection_ids: '' });
    const { rows: outages } = await app.sql.query(`select id from incident where contract_id = $1 and status = 'NOT_EXEMPT'`, [worked.rawId]);
    expect(availability!.incident_ids).toBe(globalOf('Incident', outages[0].id));
    expect(inspection!.inspection_ids.split(';')).toHaveLength(1);
    expect(Buffer.from(inspection!.inspection_ids, 'base64url').toString('utf8')).toMatch(/^Inspection:[0-9a-f-]{36}$/);
    for (const line of rows.slice(0, 5)) expect(line.total).toBe('');
    expect(totals).toMatchObject({
      service_charges: '163716.00',
      deductions: '-19645.92',
      subtotal: '144070.08',
      vat_rate: '0.0600',
      vat: '8644.20',
      fees: '0.00',
      total: '152714.28',
      amount: '',
      description: '',
    });
    // Summing the amount column adds up the lines only: the subtotal.
    const cents = rows.reduce((sum, r) => sum + (r.amount ? Math.round(Number(r.amount) * 100) : 0), 0);
    expect(cents).toBe(14_407_008);
  });

  test('the vendor’s finance downloads the same file; an API key with the FINANCE role too', async () => {
    const merchantFile = await download(app, statementPath(october.id), finance(merchant));
    const vendorFile = await download(app, statementPath(october.id), finance(vendor));
    expect(vendorFile.status).toBe(200);
    expect(vendorFile.bytes.equals(merchantFile.bytes)).toBe(true);
    const key = await apiKey(app, vendor, MembershipRole.FINANCE);
    const byKey = await download(app, statementPath(october.id), { apiKey: key });
    expect(byKey.status).toBe(200);
    expect(byKey.bytes.equals(merchantFile.bytes)).toBe(true);
  });

  test('Chinese text round-trips; commas, quotes and line breaks are quoted; formula-like text is defused while negative amounts stay numbers', async () => {
    const id = randomUUID();
    const descriptions = [
      '节假日客服费（10月1日—3日）, 按"三倍"计价\r\n第二行：备注',
      '=HYPERLINK("http://example.invalid","点我")',
      '+86 400 热线接通量',
      '@SUM(A1:A9)',
      '-20% 数据泄露扣款',
    ];
    await asSuperuser(async (query) => {
      await query(
        `insert into statement select (jsonb_populate_record(null::statement, to_jsonb(s) || jsonb_build_object('id', $2::uuid, 'period_start', '2026-12-01'))).*
           from statement s where s.id = $1`,
        [october.rawId, id],
      );
      for (const [i, description] of descriptions.entries()) {
        await query(
          `insert into statement_line select (jsonb_populate_record(null::statement_line, to_jsonb(l) || jsonb_build_object('statement_id', $2::uuid, 'description', $3::text))).*
             from statement_line l where l.statement_id = $1 and l.position = $4`,
          [october.rawId, id, description, i + 1],
        );
      }
      await query(`insert into statement_dispute (statement_id, position, merchant_id, vendor_id, reason, disputed_at) values ($1, 4, $2, $3, $4, now())`, [
        id,
        merchant.id,
        vendor.id,
        '-扣款比例有误，应为 1%, 见"可用性报告"',
      ]);
    });
    const file = await download(app, statementPath(globalOf('Statement', id)), finance(merchant));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('statement-2026-12-v1-');
    // Quoted as RFC 4180 says: the field in quotes, its quotes doubled, the line break kept inside.
    expect(file.text).toContain('"节假日客服费（10月1日—3日）, 按""三倍""计价\r\n第二行：备注"');
    const rows = csvObjects(file.text).filter((r) => r.record === 'LINE');
    expect(rows.map((r) => r.description)).toEqual([
      descriptions[0],
      `'${descriptions[1]}`,
      `'${descriptions[2]}`,
      `'${descriptions[3]}`,
      `'${descriptions[4]}`,
    ]);
    expect(rows[3]!.dispute_reason).toBe('\'-扣款比例有误，应为 1%, 见"可用性报告"');
    // Numbers are not touched: a deduction reads -3274.32, a number, not '-3274.32.
    expect(rows[3]!.amount).toBe('-3274.32');
    expect(file.text).toContain(',-3274.32,');
  });

  test('a superseded or any other version is exported by its id', async () => {
    const file = await download(app, statementPath(globalOf('Statement', await supersededSeptember())), finance(vendor));
    expect(file.status).toBe(200);
    expect(csvObjects(file.text)).toEqual([expect.objectContaining({ record: 'TOTALS', status: 'SUPERSEDED', month: '2026-09', total: '152714.28' })]);
  });
});

describe('who may download what', () => {
  const expectError = async (path: string, caller: Parameters<typeof download>[2], status: number, code: string) => {
    const response = await download(app, path, caller);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(response.text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
  };

  test('the merchant’s procurement: 403; no credential: 401; a bad token or API key: 401', async () => {
    const procurement = { token: merchant.member(MembershipRole.PROCUREMENT).token };
    await expectError(statementPath(october.id), procurement, 403, 'FORBIDDEN');
    await expectError('/exports/statements.csv?month=2026-10', procurement, 403, 'FORBIDDEN');
    await expectError(statementPath(october.id), {}, 401, 'UNAUTHENTICATED');
    await expectError('/exports/statements.csv?month=2026-10', {}, 401, 'UNAUTHENTICATED');
    await expectError(statementPath(october.id), { token: 'not-a-jwt' }, 401, 'UNAUTHENTICATED');
    await expectError(statementPath(october.id), { apiKey: 'kefu_nope' }, 401, 'UNAUTHENTICATED');
  });

  test('another merchant’s or vendor’s finance: not found, exactly like an id that does not exist or is malformed', async () => {
    await expectError(statementPath(october.id), finance(otherMerchant), 404, 'NOT_FOUND');
    await expectError(statementPath(october.id), finance(otherVendor), 404, 'NOT_FOUND');
    await expectError(statementPath(globalOf('Statement', randomUUID())), finance(merchant), 404, 'NOT_FOUND');
    await expectError(statementPath(worked.id), finance(merchant), 404, 'NOT_FOUND');
    await expectError(statementPath('nonsense'), finance(merchant), 404, 'NOT_FOUND');
  });

  test('a month export takes the month (400 otherwise) and an optional contract', async () => {
    for (const query of ['', '?month=2026-13', '?month=2026-1', '?month=abc', '?month=2026-10&month=2026-11']) {
      await expectError(`/exports/statements.csv${query}`, finance(merchant), 400, 'BAD_USER_INPUT');
    }
    await expectError(`/exports/statements.csv?month=2026-10&contractId=${october.id}`, finance(merchant), 400, 'BAD_USER_INPUT');
    await expectError(`/exports/statements.csv?month=2026-10&includeSuperseded=yes`, finance(merchant), 400, 'BAD_USER_INPUT');
  });

  test('only GET (and HEAD): other methods are 405', async () => {
    const response = await download(app, statementPath(october.id), finance(merchant), 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const head = await download(app, statementPath(october.id), finance(merchant), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(head.bytes).toHaveLength(0);
  });
});

describe('a month: GET /exports/statements.csv?month=', () => {
  let copies: string[];
  let foreign: string[];

  beforeAll(async () => {
    copies = await copyOctoberStatements(299, { merchantId: merchant.id, vendorId: vendor.id });
    foreign = await copyOctoberStatements(3, { merchantId: otherMerchant.id, vendorId: otherVendor.id });
  }, 60_000);

  test('300 statements stream (chunked, 1,800 records) in as many SQL statements as one; another tenant’s are not listed', async () => {
    const single = await download(app, `/exports/statements.csv?month=2026-10&contractId=${worked.id}`, finance(merchant));
    expect(single.status).toBe(200);
    expect(single.headers.get('content-disposition')).toBe(`attachment; filename="statements-2026-10-contract-${worked.rawId.slice(0, 8)}.csv"`);
    expect(csvObjects(single.text).filter((r) => r.record === 'TOTALS')).toHaveLength(1);
    const { sqlStatements: singleStatements, sqlRoundTrips: singleRoundTrips } = app.requests.at(-1)!;

    const month = await download(app, '/exports/statements.csv?month=2026-10', finance(merchant));
    expect(month.status).toBe(200);
    expect(month.headers.get('content-disposition')).toBe('attachment; filename="statements-2026-10.csv"');
    expect(month.headers.get('transfer-encoding')).toBe('chunked');
    expect(month.headers.get('content-length')).toBeNull();
    const record = app.requests.at(-1)!;
    expect(record).toMatchObject({ operation: 'statementsMonthCsv', outcome: 'ok', status: 200, bytes: month.bytes.length });
    expect(record.sqlStatements).toBe(singleStatements);
    // BEGIN with the tenant set-up, the streamed query, COMMIT; the cursor fetches its rows in chunks (round trips).
    expect(record.sqlStatements).toBeLessThanOrEqual(4);
    // 1,500 lines: a round trip per chunk of the cursor, after BEGIN, the query and before COMMIT.
    expect(record.sqlRoundTrips).toBeGreaterThan(singleRoundTrips);
    expect(record.sqlRoundTrips).toBeGreaterThanOrEqual(3 + Math.ceil(1500 / STREAM_CHUNK_ROWS));

    const rows = csvObjects(month.text);
    expect(rows).toHaveLength(300 * 6);
    const totals = rows.filter((r) => r.record === 'TOTALS');
    expect(new Set(totals.map((r) => r.contract_id))).toEqual(new Set([worked.rawId, ...copies].map((id) => globalOf('Contract', id))));
    for (const t of totals) expect(t.total).toBe('152714.28');
    for (const id of foreign) expect(month.text).not.toContain(globalOf('Contract', id));
    // Each statement's rows together: five lines, then its totals.
    for (let i = 0; i < rows.length; i += 6) {
      const group = rows.slice(i, i + 6);
      expect(group.map((r) => r.record)).toEqual(['LINE', 'LINE', 'LINE', 'LINE', 'LINE', 'TOTALS']);
      expect(new Set(group.map((r) => r.statement_id)).size).toBe(1);
    }
  });

  test('the other merchant’s finance gets its three; its vendor’s too; a month without statements is the header alone', async () => {
    for (const caller of [finance(otherMerchant), finance(otherVendor)]) {
      const file = await download(app, '/exports/statements.csv?month=2026-10', caller);
      expect(file.status).toBe(200);
      const contracts = new Set(csvObjects(file.text).map((r) => r.contract_id));
      expect(contracts).toEqual(new Set(foreign.map((id) => globalOf('Contract', id))));
    }
    const empty = await download(app, '/exports/statements.csv?month=2025-01', finance(merchant));
    expect(empty.status).toBe(200);
    expect(parseCsv(empty.text)).toEqual([HEADER]);
    expect(empty.text).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
  });

  test('a client that hangs up after the first bytes: the cursor is closed, the transaction ends, the next export is whole', async () => {
    const before = app.requests.length;
    await new Promise<void>((resolve, reject) => {
      const request = http.get(
        new URL('/exports/statements.csv?month=2026-10', app.url),
        { headers: { authorization: `Bearer ${finance(merchant).token}` } },
        (response) => {
          expect(response.statusCode).toBe(200);
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        },
      );
      request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    });
    for (let i = 0; i < 250 && app.requests.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // Aborted (499) unless the whole file already fitted into the sockets' buffers (200).
    expect([200, 499]).toContain(app.requests.at(-1)!.status);
    const { rows } = await app.sql.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
    );
    expect(rows[0].n).toBe(0);
    const again = await download(app, '/exports/statements.csv?month=2026-10', finance(merchant));
    expect(csvObjects(again.text)).toHaveLength(1800);
  });

  test('superseded versions only with includeSuperseded=true', async () => {
    await supersededSeptember();
    const without = csvObjects((await download(app, '/exports/statements.csv?month=2026-09', finance(vendor))).text);
    expect(without).toEqual([]);
    const withSuperseded = csvObjects((await download(app, '/exports/statements.csv?month=2026-09&includeSuperseded=true', finance(vendor))).text);
    expect(withSuperseded.map((r) => r.status)).toEqual(['SUPERSEDED']);
  });
});
