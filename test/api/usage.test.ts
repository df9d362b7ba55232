import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { gql, errorCodes } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { BID_SUBMIT, bidInput, publishedRequirement } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { asApp } from '../helpers/as-app.js';
import { CONTRACT_USAGE, USAGE_TODAY, activeContract, apiKey, contactRecords, report, usageParties } from '../helpers/usage.js';

let app: TestApp;
const clock = new ManualClock(USAGE_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;
let contract: { id: string; rawId: string };
let operationsKey: string;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherVendor } = await usageParties(app));
  contract = await activeContract(app, clock, merchant, vendor);
  operationsKey = await apiKey(app, vendor, MembershipRole.OPERATIONS);
});
afterAll(() => app.close());

const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });

async function monthUsage(month: string, token = merchant.owner.token) {
  const response = await gql(app, CONTRACT_USAGE, { id: contract.id, month }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.contract.usage;
}

async function storedRecords(externalPrefix: string): Promise<number> {
  const { rows } = await app.sql.query('select count(*)::int as n from contact_record where contract_id = $1 and external_id like $2', [
    contract.rawId,
    `${externalPrefix}%`,
  ]);
  return rows[0].n;
}

describe('daily aggregates', () => {
  test('an OPERATIONS member reports days; both parties read them with the month’s totals; re-sending a day replaces it', async () => {
    const days = [
      { date: '2027-02-01', qualifiedContacts: 900, totalContacts: 1000, seats: [{ seatType: 'INBOUND', seats: 20 }] },
      { date: '2027-02-02', qualifiedContacts: 800, totalContacts: 850, seats: [] },
    ];
    const first = await report(app, operations(), contract.id, { days });
    expect(first.errors).toBeUndefined();
    expect(first.data!.usageReport.userErrors).toEqual([]);
    expect(first.data!.usageReport).toMatchObject({ contract: { id: contract.id }, daysReported: 2, recordsWritten: 0 });
    const again = await report(app, operations(), contract.id, { days: [{ ...days[1], qualifiedContacts: 810 }] });
    expect(again.data!.usageReport.userErrors).toEqual([]);
    const usage = await monthUsage('2027-02');
    expect(usage).toMatchObject({ month: '2027-02', qualifiedContacts: 1710, totalContacts: 1850, recordCount: 0 });
    expect(usage.days).toEqual([
      { date: '2027-02-01', qualifiedContacts: 900, totalContacts: 1000, source: 'AGGREGATE', recordCount: 0, seats: [{ seatType: 'INBOUND', seats: 20 }] },
      { date: '2027-02-02', qualifiedContacts: 810, totalContacts: 850, source: 'AGGREGATE', recordCount: 0, seats: [] },
    ]);
    expect(await monthUsage('2027-02', vendor.owner.token)).toEqual(usage);
  });
});

describe('contact records', () => {
  test('records shorter than the qualifying minimum (15 s) are kept, not qualified; the day is derived from them, overriding its aggregate but keeping its seats', async () => {
    const days = [{ date: '2027-01-05', qualifiedContacts: 999, totalContacts: 999, seats: [{ seatType: 'INBOUND', seats: 12 }] }];
    // 14 s, 15 s, 16 s, 0 s, 3600 s: three qualify.
    const durations = [14, 15, 16, 0, 3600];
    const records = contactRecords(5, { prefix: 'q-', start: '2027-01-05T10:00:00+08:00', duration: (i) => durations[i]! });
    const response = await report(app, operations(), contract.id, { days, records });
    expect(response.data!.usageReport.userErrors).toEqual([]);
    expect(response.data!.usageReport.days).toEqual([
      { date: '2027-01-05', qualifiedContacts: 3, totalContacts: 5, source: 'RECORDS', recordCount: 5, seats: [{ seatType: 'INBOUND', seats: 12 }] },
    ]);
    expect(await storedRecords('q-')).toBe(5);
  });

  test('the day is the one in the contract’s time zone (Asia/Shanghai): 2027-01-06T23:30Z is 2027-01-07', async () => {
    const records = contactRecords(1, { prefix: 'tz-', start: '2027-01-06T23:30:00Z' });
    const response = await report(app, operations(), contract.id, { records });
    expect(response.data!.usageReport.days.map((d: { date: string }) => d.date)).toEqual(['2027-01-07']);
  });

  test('re-sending a batch leaves the totals unchanged and duplicates nothing', async () => {
    const records = contactRecords(300, { prefix: 'r-', start: '2027-01-20T08:00:00+08:00', spacingSeconds: 400, duration: (i) => (i % 3 === 0 ? 5 : 90) });
    const first = await report(app, operations(), contract.id, { records });
    expect(first.data!.usageReport.userErrors).toEqual([]);
    const before = await monthUsage('2027-01');
    const second = await report(app, { apiKey: operationsKey }, contract.id, { records });
    expect(second.data!.usageReport.userErrors).toEqual([]);
    expect(second.data!.usageReport.days).toEqual(first.data!.usageReport.days);
    expect(await monthUsage('2027-01')).toEqual(before);
    expect(await storedRecords('r-')).toBe(300);
  });

  test('a record re-sent with another start replaces the stored one, also across months', async () => {
    const [record] = contactRecords(1, { prefix: 'move-', start: '2027-01-25T10:00:00+08:00' });
    await report(app, operations(), contract.id, { records: [record] });
    const moved = await report(app, operations(), contract.id, { records: [{ ...record, startedAt: '2027-02-03T10:00:00+08:00', durationSeconds: 5 }] });
    expect(moved.data!.usageReport.userErrors).toEqual([]);
    expect(moved.data!.usageReport.days).toEqual([
      expect.objectContaining({ date: '2027-01-25', totalContacts: 0, recordCount: 0 }),
      expect.objectContaining({ date: '2027-02-03', qualifiedContacts: 0, totalContacts: 1, recordCount: 1, source: 'RECORDS' }),
    ]);
    const { rows } = await app.sql.query('select month::text, day::text, duration_seconds from contact_record where external_id = $1', ['move-0']);
    expect(rows).toEqual([{ month: '2027-02-01', day: '2027-02-03', duration_seconds: 5 }]);
  });

  test('day counts move by each batch’s changes and always equal a recount of the stored records', async () => {
    // 200 records over two days of February, a third unqualified (5 s).
    const records = contactRecords(200, { prefix: 'delta-', start: '2027-02-05T20:00:00+08:00', spacingSeconds: 300, duration: (i) => (i % 3 === 0 ? 5 : 90) });
    expect((await report(app, operations(), contract.id, { records })).data!.usageReport.userErrors).toEqual([]);
    // Re-sent with changes: some now qualify, some no longer do, some move to another day of the month,
    // some to January, the rest unchanged; and 20 new ones.
    const changed = records.map((r, i) =>
      i % 5 === 0
        ? { ...r, durationSeconds: r.durationSeconds === 5 ? 90 : 5 }
        : i % 7 === 0
          ? { ...r, startedAt: '2027-02-15T10:00:00+08:00' }
          : i % 11 === 0
            ? { ...r, startedAt: '2027-01-28T10:00:00+08:00' }
            : r,
    );
    const more = contactRecords(20, { prefix: 'delta-new-', start: '2027-02-06T09:00:00+08:00' });
    expect((await report(app, operations(), contract.id, { records: [...changed, ...more] })).data!.usageReport.userErrors).toEqual([]);
    const { rows: stored } = await app.sql.query(
      `select day::text as day, records_total_contacts as total, records_qualified_contacts as qualified from usage_day
       where contract_id = $1 and (day between '2027-01-26' and '2027-01-31' or day between '2027-02-04' and '2027-02-19') and records_total_contacts > 0 order by day`,
      [contract.rawId],
    );
    const { rows: recount } = await app.sql.query(
      `select day::text as day, count(*)::int as total, (count(*) filter (where qualified))::int as qualified from contact_record
       where contract_id = $1 and (day between '2027-01-26' and '2027-01-31' or day between '2027-02-04' and '2027-02-19') group by day order by day`,
      [contract.rawId],
    );
    expect(recount.map((r) => r.day)).toEqual(['2027-01-28', '2027-02-05', '2027-02-06', '2027-02-15']);
    expect(stored).toEqual(recount);
  });

  test('10,000 records in one call pass the cost and body limits, in as many SQL statements as one record', async () => {
    const one = await report(app, { apiKey: operationsKey }, contract.id, {
      records: contactRecords(1, { prefix: 'one-', start: '2027-01-15T00:00:00+08:00' }),
    });
    expect(one.data!.usageReport.userErrors).toEqual([]);
    const oneStatements = app.requests.at(-1)!.sqlStatements;
    const records = contactRecords(10_000, { prefix: 'bulk-uuid-0000-0000-0000-', start: '2027-01-15T00:00:00+08:00', spacingSeconds: 8 });
    expect(Buffer.byteLength(JSON.stringify({ records }))).toBeGreaterThan(1024 * 1024);
    const bulk = await report(app, { apiKey: operationsKey }, contract.id, { records });
    expect(bulk.errors).toBeUndefined();
    expect(bulk.data!.usageReport.userErrors).toEqual([]);
    expect(bulk.data!.usageReport.recordsWritten).toBe(10_000);
    expect(app.requests.at(-1)!.sqlStatements).toBe(oneStatements);
    expect(await storedRecords('bulk-')).toBe(10_000);
  });

  test('a body over 1 MB is refused for any operation that is not a bulk mutation', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    const response = await gql(
      app,
      `mutation($p: String!) { apiKeyCreate(input: { name: $p, role: VIEWER }) { secret } }`,
      { p: padding },
      { token: vendor.owner.token },
    );
    expect(response.status).toBe(413);
    expect(errorCodes(response)).toEqual(['PAYLOAD_TOO_LARGE']);
    const anonymous = await gql(app, `mutation($c: ID!, $i: UsageReportInput!) { usageReport(contractId: $c, input: $i) { recordsWritten } }`, {
      c: contract.id,
      i: { records: contactRecords(10_000, { prefix: 'anon-uuid-0000-0000-0000-0000-' }) },
    });
    expect(anonymous.status).toBe(413);
  });
});

describe('validation: clear userErrors with the input path, nothing written', () => {
  test('negative numbers, over 24 h, duplicates in a batch, outside the term, in the future', async () => {
    const records = contactRecords(6, { prefix: 'bad-', start: '2027-01-11T10:00:00+08:00' });
    records[1]!.durationSeconds = -1;
    records[2]!.durationSeconds = 86_401;
    records[3]!.externalId = 'bad-0';
    records[4]!.startedAt = '2026-12-31T10:00:00+08:00';
    records[5]!.startedAt = '2027-02-21T10:00:00+08:00';
    const days = [
      { date: '2027-04-01', qualifiedContacts: 1, totalContacts: 1 },
      { date: '2027-01-12', qualifiedContacts: -1, totalContacts: 5, seats: [{ seatType: 'INBOUND', seats: -2 }] },
      { date: '2027-01-13', qualifiedContacts: 6, totalContacts: 5 },
    ];
    const response = await report(app, operations(), contract.id, { records, days });
    expect(response.errors).toBeUndefined();
    const errors = response.data!.usageReport.userErrors as { code: string; field: string[] }[];
    expect(errors.map((e) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID', 'input.days.0.date'],
      ['INVALID', 'input.days.1.qualifiedContacts'],
      ['INVALID', 'input.days.1.seats.0.seats'],
      ['INVALID', 'input.days.2.qualifiedContacts'],
      ['INVALID', 'input.records.1.durationSeconds'],
      ['INVALID', 'input.records.2.durationSeconds'],
      ['INVALID', 'input.records.3.externalId'],
      ['INVALID', 'input.records.4.startedAt'],
      ['INVALID', 'input.records.5.startedAt'],
    ]);
    expect(response.data!.usageReport).toMatchObject({ contract: null, recordsWritten: 0, days: [] });
    expect(await storedRecords('bad-')).toBe(0);
  });

  test('a failed batch leaves nothing half-written (one bad record among 2,000)', async () => {
    const records = contactRecords(2000, { prefix: 'half-', start: '2027-01-16T08:00:00+08:00' });
    records[1999]!.durationSeconds = -5;
    const response = await report(app, operations(), contract.id, { records, days: [{ date: '2027-01-17', qualifiedContacts: 1, totalContacts: 1 }] });
    expect(response.data!.usageReport.userErrors.map((e: { field: string[] }) => e.field)).toEqual([['input', 'records', '1999', 'durationSeconds']]);
    expect(await storedRecords('half-')).toBe(0);
    const { rows } = await app.sql.query(`select count(*)::int as n from usage_day where contract_id = $1 and day in ('2027-01-16', '2027-01-17')`, [
      contract.rawId,
    ]);
    expect(rows[0].n).toBe(0);
  });

  test('a batch over the maximum (10,000 records) and an empty report are refused', async () => {
    const over = await report(app, operations(), contract.id, { records: contactRecords(10_001, { prefix: 'over-' }) });
    expect(over.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'records'] })]);
    const empty = await report(app, operations(), contract.id, {});
    expect(empty.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input'] })]);
  });

  test('a month whose statement is issued refuses corrections, by record or by day', async () => {
    await app.sql.query(
      `insert into usage_locked_month (contract_id, merchant_id, vendor_id, month) values ($1, $2, $3, '2026-12-01'), ($1, $2, $3, '2027-01-01')`,
      [contract.rawId, merchant.id, vendor.id],
    );
    try {
      const byRecord = await report(app, operations(), contract.id, { records: contactRecords(2, { prefix: 'locked-', start: '2027-01-28T10:00:00+08:00' }) });
      expect(byRecord.data!.usageReport.userErrors).toEqual([
        { code: 'INVALID_STATE', field: ['input', 'records', '0', 'startedAt'], message: expect.stringMatching(/statement for 2027-01 is issued/) },
      ]);
      const byDay = await report(app, operations(), contract.id, {
        days: [
          { date: '2027-02-04', qualifiedContacts: 1, totalContacts: 1 },
          { date: '2027-01-04', qualifiedContacts: 1, totalContacts: 1 },
        ],
      });
      expect(byDay.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'days', '1', 'date'] })]);
      // Moving a record out of a locked month is a correction of that month too.
      const moveOut = await report(app, operations(), contract.id, {
        records: [{ ...contactRecords(1, { prefix: 'r-' })[0], startedAt: '2027-02-05T10:00:00+08:00' }],
      });
      expect(moveOut.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
      expect(await storedRecords('locked-')).toBe(0);
      // Other months still accept usage.
      const february = await report(app, operations(), contract.id, { days: [{ date: '2027-02-04', qualifiedContacts: 1, totalContacts: 1 }] });
      expect(february.data!.usageReport.userErrors).toEqual([]);
    } finally {
      await app.sql.query('delete from usage_locked_month where contract_id = $1', [contract.rawId]);
    }
  });

  test('after the term renews (before the job has stored it), days of the renewed term are accepted', async () => {
    const renewed = await activeContract(app, clock, merchant, vendor);
    clock.set(new Date('2027-04-10T12:00:00+08:00'));
    try {
      const response = await report(app, operations(), renewed.id, { days: [{ date: '2027-04-05', qualifiedContacts: 5, totalContacts: 6, seats: [] }] });
      expect(response.errors).toBeUndefined();
      expect(response.data!.usageReport.userErrors).toEqual([]);
    } finally {
      clock.set(new Date(USAGE_TODAY));
    }
  });

  test('a contract that is not ACTIVE refuses usage (INVALID_STATE)', async () => {
    const pending = await activeContract(app, clock, merchant, vendor, 'PENDING_SIGNATURE');
    const response = await report(app, operations(), pending.id, { days: [{ date: '2027-01-04', qualifiedContacts: 1, totalContacts: 1 }] });
    expect(response.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['contractId'] })]);
  });
});

describe('who may report and read', () => {
  const oneDay = { days: [{ date: '2027-01-03', qualifiedContacts: 1, totalContacts: 2 }] };

  test('the vendor’s OWNER and OPERATIONS members and an OPERATIONS API key may report', async () => {
    for (const caller of [{ token: vendor.owner.token }, operations(), { apiKey: operationsKey }]) {
      const response = await report(app, caller, contract.id, oneDay);
      expect(response.errors).toBeUndefined();
      expect(response.data!.usageReport.userErrors).toEqual([]);
    }
  });

  test('vendor SALES, merchant members, a VIEWER API key and anonymous callers may not', async () => {
    const viewerKey = await apiKey(app, vendor, MembershipRole.VIEWER);
    for (const caller of [
      { token: vendor.member(MembershipRole.SALES).token },
      { token: merchant.owner.token },
      { token: merchant.member(MembershipRole.FINANCE).token },
      { apiKey: viewerKey },
    ]) {
      const response = await report(app, caller, contract.id, oneDay);
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await report(app, {}, contract.id, oneDay);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  test('another vendor’s operations get NOT_FOUND for a contract that is not theirs', async () => {
    const response = await report(app, { token: otherVendor.member(MembershipRole.OPERATIONS).token }, contract.id, oneDay);
    expect(response.data!.usageReport.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['contractId'], message: 'No such contract.' }]);
    const garbage = await report(app, operations(), 'not-an-id', oneDay);
    expect(garbage.data!.usageReport.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
  });

  test('an OPERATIONS API key can report and do nothing else: it cannot submit a bid', async () => {
    const clockNow = clock.now();
    clock.set(new Date());
    try {
      const requirement = await publishedRequirement(app, merchant, { termStart: '2027-01-01', termMonths: 3 });
      const bid = await gql(app, BID_SUBMIT, { requirementId: requirement, input: bidInput() }, { apiKey: operationsKey });
      expect(errorCodes(bid)).toEqual(['FORBIDDEN']);
      const key = await gql(app, `mutation { apiKeyCreate(input: { name: "x", role: VIEWER }) { secret } }`, {}, { apiKey: operationsKey });
      expect(errorCodes(key)).toEqual(['FORBIDDEN']);
    } finally {
      clock.set(clockNow);
    }
  });

  test('another vendor reads no usage of the contract; the merchant reads aggregates but no contact records, even as the application role', async () => {
    const other = await gql(app, CONTRACT_USAGE, { id: contract.id, month: '2027-01' }, { token: otherVendor.owner.token });
    expect(other.data!.contract).toBeNull();
    const { rows: partitions } = await app.sql.query<{ name: string }>(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'contact_record'::regclass order by 1`,
    );
    expect(partitions.map((p) => p.name)).toEqual(expect.arrayContaining(['contact_record_2027_01', 'contact_record_2027_02']));
    for (const org of [merchant, otherVendor]) {
      const seen = await asApp(app, { 'app.org_id': org.id, 'app.user_id': org.owner.userId }, async (client) => {
        const counts: Record<string, number> = {};
        for (const table of ['contact_record', ...partitions.map((p) => p.name)])
          counts[table] = (await client.query(`select count(*)::int as n from ${table}`)).rows[0].n;
        counts.usage_day = (await client.query('select count(*)::int as n from usage_day')).rows[0].n;
        return counts;
      });
      expect(seen).toEqual({
        contact_record: 0,
        ...Object.fromEntries(partitions.map((p) => [p.name, 0])),
        usage_day: org === merchant ? expect.any(Number) : 0,
      });
    }
    const own = await asApp(
      app,
      { 'app.org_id': vendor.id },
      async (client) => (await client.query('select count(*)::int as n from contact_record_2027_01')).rows[0].n,
    );
    expect(own).toBeGreaterThan(10_000);
    // The application role cannot write another vendor's records either.
    await expect(
      asApp(app, { 'app.org_id': otherVendor.id }, (client) =>
        client.query(
          `insert into contact_record (contract_id, vendor_id, month, day, external_id, channel, agent_ref, started_at, duration_seconds, qualified, received_at)
           values ($1, $2, '2027-01-01', '2027-01-02', 'x', 'PHONE', 'a', now(), 1, false, now())`,
          [contract.rawId, vendor.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
