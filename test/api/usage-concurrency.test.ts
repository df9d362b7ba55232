import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import type { TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract, apiKey, contactRecords, report, usageParties } from '../helpers/usage.js';

/** Parallel batches over real HTTP: nothing lost, nothing duplicated, every day's count agrees with its records. */
let app: TestApp;
const clock = new ManualClock(USAGE_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
let key: string;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor } = await usageParties(app));
  key = await apiKey(app, vendor, MembershipRole.OPERATIONS);
});
afterAll(() => app.close());

/** Each day's stored count against a recount of its records, and the records' count against distinct keys. */
async function consistency(contractRawId: string) {
  const { rows: days } = await app.sql.query(
    `select d.day::text, d.records_total_contacts as stored, d.records_qualified_contacts as stored_qualified,
            (select count(*)::int from contact_record c where c.contract_id = d.contract_id and c.day = d.day) as counted,
            (select count(*)::int from contact_record c where c.contract_id = d.contract_id and c.day = d.day and c.qualified) as counted_qualified
     from usage_day d where d.contract_id = $1 order by 1`,
    [contractRawId],
  );
  const { rows } = await app.sql.query(`select count(*)::int as n, count(distinct external_id)::int as keys from contact_record where contract_id = $1`, [
    contractRawId,
  ]);
  return { days, records: rows[0].n as number, keys: rows[0].keys as number };
}

test('overlapping and disjoint batches of one contract sent in parallel lose nothing and duplicate nothing', async () => {
  const contract = await activeContract(app, clock, merchant, vendor);
  // All on the same two days: 0..5999 and 3000..8999 overlap (same content), 20000.. and 30000.. are disjoint.
  const start = '2027-01-20T20:00:00+08:00';
  const all = contactRecords(9000, { prefix: 'p-', start, spacingSeconds: 12, duration: (i) => (i % 4 === 0 ? 10 : 45) });
  const a = all.slice(0, 6000);
  const b = all.slice(3000, 9000);
  const c = contactRecords(2000, { prefix: 'p-c-', start, spacingSeconds: 30 });
  const d = contactRecords(2000, { prefix: 'p-d-', start, spacingSeconds: 30, duration: () => 5 });
  const batches = [a, b, c, d, b, a, d, c];
  const responses = await Promise.all(
    batches.map((records, i) => report(app, i % 2 ? { apiKey: key } : { token: vendor.owner.token }, contract.id, { records })),
  );
  for (const response of responses) {
    expect(response.errors).toBeUndefined();
    expect(response.data!.usageReport.userErrors).toEqual([]);
  }
  const state = await consistency(contract.rawId);
  expect({ records: state.records, keys: state.keys }).toEqual({ records: 13_000, keys: 13_000 });
  for (const day of state.days)
    expect({ day: day.day, stored: day.stored, qualified: day.stored_qualified }).toEqual({
      day: day.day,
      stored: day.counted,
      qualified: day.counted_qualified,
    });
  expect(state.days.reduce((sum: number, day: { stored: number }) => sum + day.stored, 0)).toBe(13_000);
  expect(state.days.reduce((sum: number, day: { stored_qualified: number }) => sum + day.stored_qualified, 0)).toBe(9000 - 2250 + 2000);
});

test('parallel first batches of a month with no partition yet, for different contracts, all succeed (the partition is created once)', async () => {
  clock.set('2027-03-20T12:00:00+08:00');
  try {
    const contracts = [];
    for (let i = 0; i < 3; i++) contracts.push(await activeContract(app, clock, merchant, vendor));
    const { rows: before } = await app.sql.query(`select to_regclass('contact_record_2027_03') is not null as exists`);
    expect(before[0].exists).toBe(false);
    const responses = await Promise.all(
      contracts.flatMap((contract, i) =>
        [0, 1].map((j) =>
          report(app, { apiKey: key }, contract.id, { records: contactRecords(1500, { prefix: `m-${i}-${j}-`, start: '2027-03-02T09:00:00+08:00' }) }),
        ),
      ),
    );
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(response.data!.usageReport.userErrors).toEqual([]);
    }
    for (const contract of contracts) {
      const state = await consistency(contract.rawId);
      expect(state.records).toBe(3000);
      expect(state.days.map((day: { stored: number; counted: number }) => day.stored)).toEqual(state.days.map((day: { counted: number }) => day.counted));
    }
    const { rows: partition } = await app.sql.query(`select relforcerowsecurity as forced from pg_class where relname = 'contact_record_2027_03'`);
    expect(partition).toEqual([{ forced: true }]);
  } finally {
    clock.set(USAGE_TODAY);
  }
});
