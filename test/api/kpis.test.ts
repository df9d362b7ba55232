import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { errorCodes, gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import { CONTRACT_KPIS, firstResponse, kpiParties, reportKpis } from '../helpers/kpis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract, apiKey } from '../helpers/usage.js';

let app: TestApp;
const clock = new ManualClock(USAGE_TODAY);
let merchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;
let operationsKey: string;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherVendor } = await kpiParties(app));
  operationsKey = await apiKey(app, vendor, MembershipRole.OPERATIONS);
});
afterAll(() => app.close());
beforeEach(() => clock.set(new Date(USAGE_TODAY)));

const operations = () => ({ token: vendor.member(MembershipRole.OPERATIONS).token });
const inspector = () => ({ token: merchant.member(MembershipRole.INSPECTOR).token });
const shanghai = (day: string, time = '20:00:00') => new Date(`${day}T${time}+08:00`);

async function contractView(id: string, month: string, token = merchant.owner.token) {
  const response = await gql(app, CONTRACT_KPIS, { id, month }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.contract;
}

async function ok(caller: { token?: string; apiKey?: string }, contractId: string, measurements: { metric: string; date: string; value: string }[]) {
  const response = await reportKpis(app, caller, contractId, measurements);
  expect(response.errors).toBeUndefined();
  expect(response.data!.kpiMeasurementsReport.userErrors).toEqual([]);
  return response.data!.kpiMeasurementsReport;
}

async function storedState(rawId: string) {
  const measurements = await app.sql.query(
    'select metric, day::text, value::text, target::text, met, reported_at from kpi_measurement where contract_id = $1 order by metric, day',
    [rawId],
  );
  const notices = await app.sql.query(
    'select id, metric, days::text[], opened_at, withdrawn_at from kpi_rectification_notice where contract_id = $1 order by id',
    [rawId],
  );
  const rights = await app.sql.query('select id, evidence, arises_at from contract_termination_right where contract_id = $1 order by id', [rawId]);
  return { measurements: measurements.rows, notices: notices.rows, rights: rights.rows };
}

describe('streaks (ManualClock moved day by day)', () => {
  test('2 missed then met opens nothing; 3 missed open a notice with its days; 7 give the merchant a termination right; a met day resets', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    const values = ['20', '20', '10', '16', '17', '18', '19', '20', '21', '22', '5', '30', '30'];
    const opened: Record<string, number> = {};
    const granted: Record<string, number> = {};
    for (const [i, m] of firstResponse('2027-01-01', values).entries()) {
      clock.set(shanghai(m.date));
      const result = await ok(operations(), contract.id, [m]);
      opened[m.date] = result.noticesOpened;
      granted[m.date] = result.rightsGranted;
      expect(result.days).toEqual([{ ...m, value: `${m.value}.00`, comparator: 'AT_MOST', target: '15.00', unit: 's', met: Number(values[i]) <= 15 }]);
      if (m.date === '2027-01-03') {
        // Two missed days then a met one: nothing opened.
        expect((await contractView(contract.id, '2027-01')).kpiNotices).toEqual([]);
      }
    }
    // Jan 4–6 missed (after the met Jan 3): the notice opens on the 6th; Jan 4–10 missed: the right on the 10th; Jan 11 met resets.
    expect(Object.entries(opened).filter(([, n]) => n > 0)).toEqual([['2027-01-06', 1]]);
    expect(Object.entries(granted).filter(([, n]) => n > 0)).toEqual([['2027-01-10', 1]]);
    const view = await contractView(contract.id, '2027-01', vendor.owner.token);
    expect(view.kpiNotices).toEqual([
      {
        id: expect.any(String),
        metric: 'FIRST_RESPONSE_SECONDS',
        days: ['2027-01-04', '2027-01-05', '2027-01-06'],
        openedAt: shanghai('2027-01-06').toISOString(),
        withdrawnAt: null,
      },
    ]);
    expect(view.terminationRights).toEqual([{ rightId: expect.any(String), holder: 'MERCHANT', source: 'KPI_STREAK', evidence: expect.any(String) }]);
    expect(JSON.parse(view.terminationRights[0].evidence)).toMatchObject({
      metric: 'FIRST_RESPONSE_SECONDS',
      days: ['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09', '2027-01-10'],
    });
    // Jan 12–13: 2 missed after the met Jan 11 — no new notice; the month shows the streaks.
    const line = view.kpiMonth.kpis[0];
    expect(line).toMatchObject({ metric: 'FIRST_RESPONSE_SECONDS', daysMeasured: 13, daysMet: 2, currentMissedStreak: 2, longestMissedStreak: 7 });
    // The merchant terminates for cause with the right.
    const terminate = await gql(
      app,
      `mutation($id: ID!, $input: ContractTerminateInput!) { contractTerminate(id: $id, input: $input) { contract { termination { kind } } userErrors { code field message } } }`,
      {
        id: contract.id,
        input: { kind: 'FOR_CAUSE', effectiveOn: '2027-01-31', reason: 'First response missed for 7 days.', rightId: view.terminationRights[0].rightId },
      },
      { token: merchant.owner.token },
    );
    expect(terminate.data!.contractTerminate).toEqual({ contract: { termination: { kind: 'FOR_CAUSE' } }, userErrors: [] });
  });

  test('a late measurement filling a gap re-evaluates: unmeasured days neither break nor extend a streak; corrected days withdraw the notice (kept, marked); rights are never withdrawn', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    // Jan 1, 2, 4 missed (Jan 3 not measured): three consecutive measured days missed.
    clock.set(shanghai('2027-01-20'));
    const first = await ok(operations(), contract.id, [...firstResponse('2027-01-01', ['20', '20']), ...firstResponse('2027-01-04', ['20'])]);
    expect(first.noticesOpened).toBe(1);
    // Jan 3 arrives late, met: the streak is broken, the notice withdrawn.
    clock.set(shanghai('2027-01-25'));
    const late = await ok(operations(), contract.id, firstResponse('2027-01-03', ['12']));
    expect(late).toMatchObject({ noticesOpened: 0, noticesWithdrawn: 1, rightsGranted: 0 });
    let notices = (await contractView(contract.id, '2027-01')).kpiNotices;
    expect(notices).toEqual([expect.objectContaining({ days: ['2027-01-01', '2027-01-02', '2027-01-04'], withdrawnAt: shanghai('2027-01-25').toISOString() })]);
    // Corrected again, missed: Jan 1–4 is a streak: a new notice for Jan 1–3; the withdrawn one stays.
    clock.set(shanghai('2027-01-26'));
    expect(await ok(operations(), contract.id, firstResponse('2027-01-03', ['16']))).toMatchObject({ noticesOpened: 1, noticesWithdrawn: 0 });
    notices = (await contractView(contract.id, '2027-01')).kpiNotices;
    expect(notices.map((n: { days: string[]; withdrawnAt: string | null }) => [n.days, n.withdrawnAt === null])).toEqual([
      [['2027-01-01', '2027-01-02', '2027-01-04'], false],
      [['2027-01-01', '2027-01-02', '2027-01-03'], true],
    ]);
    // Jan 5–6 missed, Jan 7 not measured, Jan 8 missed: 7 measured days missed → the right (days as evidence).
    expect(await ok(operations(), contract.id, [...firstResponse('2027-01-05', ['40', '40']), ...firstResponse('2027-01-08', ['40'])])).toMatchObject({
      rightsGranted: 1,
      noticesOpened: 0,
    });
    // Jan 7 arrives late, missed: still the same streak — nothing new.
    expect(await ok(operations(), contract.id, firstResponse('2027-01-07', ['40']))).toMatchObject({ rightsGranted: 0, noticesOpened: 0, noticesWithdrawn: 0 });
    // Jan 2 corrected to met: the standing notice (Jan 1–3) is withdrawn, Jan 3–8 opens one; the right stays (immutable evidence).
    expect(await ok(operations(), contract.id, firstResponse('2027-01-02', ['15']))).toMatchObject({ noticesWithdrawn: 1, noticesOpened: 1, rightsGranted: 0 });
    const view = await contractView(contract.id, '2027-01');
    expect(view.kpiNotices.filter((n: { withdrawnAt: string | null }) => n.withdrawnAt === null).map((n: { days: string[] }) => n.days)).toEqual([
      ['2027-01-03', '2027-01-04', '2027-01-05'],
    ]);
    expect(view.terminationRights).toHaveLength(1);
  });

  test('re-sending a batch leaves measurements, notices, rights and their times unchanged', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    const batch = firstResponse('2027-01-01', ['20', '21', '22', '23', '24', '25', '26', '27', '10', '15']);
    expect(await ok(operations(), contract.id, batch)).toMatchObject({ noticesOpened: 1, rightsGranted: 1 });
    const before = await storedState(contract.rawId);
    clock.set(shanghai('2027-02-21'));
    expect(await ok(operations(), contract.id, [...batch].reverse())).toMatchObject({ noticesOpened: 0, noticesWithdrawn: 0, rightsGranted: 0 });
    expect(await storedState(contract.rawId)).toEqual(before);
    expect(before.measurements).toHaveLength(10);
    expect(before.notices).toHaveLength(1);
    expect(before.rights).toHaveLength(1);
  });

  test('overlapping batches sent in parallel lose nothing and duplicate nothing: the same state as sent one after the other', async () => {
    const values = (n: number, offset: number) => Array.from({ length: n }, (_, i) => String(10 + ((i + offset) % 12)));
    // Two batches over 40 days that share their middle 20 days (with the same values there).
    const all = firstResponse('2027-01-01', values(40, 0));
    const [first, second] = [all.slice(0, 30), all.slice(10, 40)];
    const parallel = await activeContract(app, clock, merchant, vendor);
    const responses = await Promise.all([
      reportKpis(app, operations(), parallel.id, first),
      reportKpis(app, { apiKey: operationsKey }, parallel.id, second),
      reportKpis(app, operations(), parallel.id, [...second].reverse()),
    ]);
    for (const response of responses) expect(response.data!.kpiMeasurementsReport.userErrors).toEqual([]);
    const sequential = await activeContract(app, clock, merchant, vendor);
    await ok(operations(), sequential.id, all);
    const state = async (rawId: string) => {
      const { measurements, notices, rights } = await storedState(rawId);
      return {
        measurements: measurements.map((m: Record<string, unknown>) => [m.metric, m.day, m.value, m.met]),
        notices: notices.map((n: Record<string, unknown>) => String(n.days)).sort(),
        rights: rights.length,
      };
    };
    const expected = await state(sequential.rawId);
    expect(expected.measurements).toHaveLength(40);
    expect(await state(parallel.rawId)).toEqual(expected);
  });
});

describe('met or missed, attainment and score', () => {
  test('exactly at the target is met for both comparators; a cent beyond is missed (exact decimals)', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    const vendorDays = await ok(operations(), contract.id, firstResponse('2027-02-01', ['15', '15.01', '14.99', '0']));
    expect(vendorDays.days.map((d: { value: string; met: boolean }) => [d.value, d.met])).toEqual([
      ['15.00', true],
      ['15.01', false],
      ['14.99', true],
      ['0.00', true],
    ]);
    const merchantDays = await ok(inspector(), contract.id, [
      { metric: 'SATISFACTION_RATE', date: '2027-02-01', value: '95' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-02', value: '94.99' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-03', value: '100' },
    ]);
    expect(merchantDays.days.map((d: { value: string; met: boolean; comparator: string }) => [d.comparator, d.value, d.met])).toEqual([
      ['AT_LEAST', '95.00', true],
      ['AT_LEAST', '94.99', false],
      ['AT_LEAST', '100.00', true],
    ]);
  });

  test('attainment = met ÷ measured days (2 decimals); the score weights exact attainments (weights 2 and 1) and rounds once', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    await ok(operations(), contract.id, firstResponse('2027-01-29', ['30', '30']));
    // February: first response 2 of 3 met (66.67 %), satisfaction 3 of 4 (75.00 %).
    await ok(operations(), contract.id, firstResponse('2027-02-01', ['10', '20', '15']));
    await ok(merchant.owner, contract.id, [
      { metric: 'SATISFACTION_RATE', date: '2027-02-01', value: '96' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-02', value: '97.5' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-03', value: '90' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-04', value: '95' },
    ]);
    const month = (await contractView(contract.id, '2027-02')).kpiMonth;
    // (2 × 66.666… + 1 × 75) ÷ 3 = 69.444… → 69.44 (rounded attainments would give 69.45).
    expect(month).toEqual({
      month: '2027-02',
      score: '69.44',
      kpis: [
        {
          metric: 'FIRST_RESPONSE_SECONDS',
          comparator: 'AT_MOST',
          target: '15.00',
          unit: 's',
          weight: '2.0000',
          daysMeasured: 3,
          daysMet: 2,
          attainment: '66.67',
          currentMissedStreak: 0,
          // Jan 29–30 missed, Feb 1 met, Feb 2 missed.
          longestMissedStreak: 1,
        },
        {
          metric: 'SATISFACTION_RATE',
          comparator: 'AT_LEAST',
          target: '95.00',
          unit: '%',
          weight: '1.0000',
          daysMeasured: 4,
          daysMet: 3,
          attainment: '75.00',
          currentMissedStreak: 0,
          longestMissedStreak: 1,
        },
      ],
    });
    // January: only first response, both missed, streak carried into nothing yet.
    expect((await contractView(contract.id, '2027-01')).kpiMonth).toMatchObject({
      score: '0.00',
      kpis: [expect.objectContaining({ attainment: '0.00', currentMissedStreak: 2 })],
    });
    expect((await contractView(contract.id, '2026-12')).kpiMonth).toEqual({ month: '2026-12', score: null, kpis: [] });
  });
});

describe('input checks', () => {
  test('bad measurements are refused with the input path and nothing is written', async () => {
    const contract = await activeContract(app, clock, merchant, vendor);
    const response = await reportKpis(app, operations(), contract.id, [
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2027-02-01', value: '10' },
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2026-12-31', value: '10' },
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2027-02-21', value: '10' },
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2027-02-02', value: '-1' },
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2027-02-03', value: '1.005' },
      { metric: 'ANSWER_RATE', date: '2027-02-04', value: '90' },
      { metric: 'SATISFACTION_RATE', date: '2027-02-05', value: '90' },
      { metric: 'FIRST_RESPONSE_SECONDS', date: '2027-02-01', value: '11' },
    ]);
    expect(response.errors).toBeUndefined();
    expect(response.data!.kpiMeasurementsReport.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID', 'input.measurements.1.date'],
      ['INVALID', 'input.measurements.2.date'],
      ['INVALID', 'input.measurements.3.value'],
      ['INVALID', 'input.measurements.4.value'],
      ['INVALID', 'input.measurements.5.metric'],
      ['INVALID', 'input.measurements.6.metric'],
      ['INVALID', 'input.measurements.7.date'],
    ]);
    expect(response.data!.kpiMeasurementsReport.contract).toBeNull();
    expect((await storedState(contract.rawId)).measurements).toEqual([]);
    const empty = await reportKpis(app, operations(), contract.id, []);
    expect(empty.data!.kpiMeasurementsReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'measurements'] })]);
    const rate = await reportKpis(app, inspector(), contract.id, [{ metric: 'SATISFACTION_RATE', date: '2027-02-01', value: '100.01' }]);
    expect(rate.data!.kpiMeasurementsReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'measurements', '0', 'value'] })]);
  });

  test('a contract that is not ACTIVE takes no measurements', async () => {
    const contract = await activeContract(app, clock, merchant, vendor, 'PENDING_SIGNATURE');
    const response = await reportKpis(app, operations(), contract.id, firstResponse('2027-02-01', ['10']));
    expect(response.data!.kpiMeasurementsReport.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['contractId'] })]);
  });
});

describe('permissions', () => {
  let contract: { id: string; rawId: string };
  beforeAll(async () => {
    contract = await activeContract(app, clock, merchant, vendor);
  });

  test('the vendor’s OPERATIONS members, OWNER and OPERATIONS API key report its metrics; the merchant’s INSPECTOR and OWNER report satisfaction and conversion', async () => {
    await ok(operations(), contract.id, firstResponse('2027-02-01', ['10']));
    await ok(vendor.owner, contract.id, firstResponse('2027-02-02', ['10']));
    await ok({ apiKey: operationsKey }, contract.id, firstResponse('2027-02-03', ['10']));
    await ok(inspector(), contract.id, [{ metric: 'SATISFACTION_RATE', date: '2027-02-01', value: '99' }]);
    const view = await contractView(contract.id, '2027-02', vendor.member(MembershipRole.OPERATIONS).token);
    expect(view.kpiMonth.kpis.map((k: { metric: string; daysMeasured: number }) => [k.metric, k.daysMeasured])).toEqual([
      ['FIRST_RESPONSE_SECONDS', 3],
      ['SATISFACTION_RATE', 1],
    ]);
  });

  test('each party reports only its own metrics', async () => {
    const vendorSatisfaction = await reportKpis(app, operations(), contract.id, [{ metric: 'SATISFACTION_RATE', date: '2027-02-01', value: '99' }]);
    expect(vendorSatisfaction.data!.kpiMeasurementsReport.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'measurements', '0', 'metric'] }),
    ]);
    const merchantResponse = await reportKpis(app, inspector(), contract.id, firstResponse('2027-02-01', ['1']));
    expect(merchantResponse.data!.kpiMeasurementsReport.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'measurements', '0', 'metric'] }),
    ]);
  });

  test('the wrong role is FORBIDDEN, another vendor finds no contract, anonymous is UNAUTHENTICATED', async () => {
    expect(errorCodes(await reportKpis(app, { token: vendor.member(MembershipRole.SALES).token }, contract.id, firstResponse('2027-02-01', ['1'])))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(await reportKpis(app, { token: merchant.member(MembershipRole.FINANCE).token }, contract.id, firstResponse('2027-02-01', ['1']))),
    ).toEqual(['FORBIDDEN']);
    const other = await reportKpis(app, { token: otherVendor.member(MembershipRole.OPERATIONS).token }, contract.id, firstResponse('2027-02-01', ['1']));
    expect(other.data!.kpiMeasurementsReport).toMatchObject({
      contract: null,
      userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['contractId'] })],
    });
    expect(errorCodes(await reportKpis(app, {}, contract.id, firstResponse('2027-02-01', ['1'])))).toEqual(['UNAUTHENTICATED']);
    // Another tenant reads no contract, hence no KPIs or notices.
    const read = await gql(app, CONTRACT_KPIS, { id: contract.id, month: '2027-02' }, { token: otherVendor.owner.token });
    expect(read.data!.contract).toBeNull();
    const { rows } = await app.sql.query('select count(*)::int as n from kpi_measurement where contract_id = $1 and day = $2', [contract.rawId, '2027-02-01']);
    expect(rows[0].n).toBe(2);
  });

  test('notices are nodes only the two parties can fetch', async () => {
    await ok(operations(), contract.id, firstResponse('2027-01-10', ['50', '50', '50']));
    const [notice] = (await contractView(contract.id, '2027-01')).kpiNotices;
    const query = `query($id: ID!) { node(id: $id) { ... on KpiRectificationNotice { id metric days } } }`;
    expect((await gql(app, query, { id: notice.id }, { token: vendor.owner.token })).data!.node).toEqual({
      id: notice.id,
      metric: 'FIRST_RESPONSE_SECONDS',
      days: ['2027-01-10', '2027-01-11', '2027-01-12'],
    });
    expect((await gql(app, query, { id: notice.id }, { token: otherVendor.owner.token })).data!.node).toBeNull();
  });
});
