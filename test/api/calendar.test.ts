import { Decimal } from 'decimal.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { NOTICE_2025, NOTICE_2026 } from '../helpers/calendar-fixtures.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { passDeadline, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let auditor: TestOrg;
let admin: { userId: string; token: string };

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.FINANCE] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  auditor = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.AUDITOR] });
  admin = await createPlatformAdmin(app);
});
afterAll(() => app.close());

const DAYS = `query Days($from: Date!, $to: Date!) { calendarDays(from: $from, to: $to) {
  from to noticeMissingYears notices { year reference restDays makeUpWorkingDays }
  days { date weekday kind source isWorkingDay isStatutoryHoliday holidayName noticeRecorded } } }`;
const RECORD = `mutation Record($input: CalendarNoticeInput!) { calendarNoticeRecord(input: $input) {
  notice { year reference publishedOn restDays makeUpWorkingDays } userErrors { code field message } } }`;
const COMPARISON = `query Comparison($id: ID!) { requirement(id: $id) { bidComparison(weights: { price: "1", kpi: "0", trackRecord: "0" }) {
  calendarNoticeMissingYears entries { totalContractValue { amount } monthlyProjection { contractMonth from to rate amount { amount } } } } } }`;

async function days(from: string, to: string, token = merchant.owner.token) {
  const response = await gql(app, DAYS, { from, to }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.calendarDays;
}

/** A made-up 2027 notice for the tests (the real one is not published yet). */
const NOTICE_2027 = {
  year: 2027,
  reference: '测试：2027年部分节假日安排',
  publishedOn: '2026-11-20',
  restDays: ['2027-02-09', '2027-02-10', '2027-02-11'],
  makeUpWorkingDays: ['2027-02-20'],
};

describe('calendarDays', () => {
  test('2026: statutory days by rule, moved days from the notice the migration loaded, the rest by weekday', async () => {
    const range = await days('2026-09-30', '2026-10-12');
    expect(range.noticeMissingYears).toEqual([]);
    expect(range.notices.map((n: { year: number }) => n.year)).toEqual([2026]);
    const view = range.days.map((d: any) => [d.date, d.kind, d.source, d.isWorkingDay, d.holidayName]);
    expect(view).toEqual([
      ['2026-09-30', 'WORKING_DAY', 'WEEKDAY', true, null],
      ['2026-10-01', 'STATUTORY_HOLIDAY', 'RULE', false, '国庆节'],
      ['2026-10-02', 'STATUTORY_HOLIDAY', 'RULE', false, '国庆节'],
      ['2026-10-03', 'STATUTORY_HOLIDAY', 'RULE', false, '国庆节'],
      ['2026-10-04', 'REST_DAY', 'NOTICE', false, null],
      ['2026-10-05', 'REST_DAY', 'NOTICE', false, null],
      ['2026-10-06', 'REST_DAY', 'NOTICE', false, null],
      ['2026-10-07', 'REST_DAY', 'NOTICE', false, null],
      ['2026-10-08', 'WORKING_DAY', 'WEEKDAY', true, null],
      ['2026-10-09', 'WORKING_DAY', 'WEEKDAY', true, null],
      ['2026-10-10', 'MAKE_UP_WORKING_DAY', 'NOTICE', true, null],
      ['2026-10-11', 'WEEKEND', 'WEEKDAY', false, null],
      ['2026-10-12', 'WORKING_DAY', 'WEEKDAY', true, null],
    ]);
    expect(range.days.every((d: any) => d.noticeRecorded)).toBe(true);
  });

  test('the migration loaded the 2025 and 2026 notices exactly', async () => {
    for (const notice of [NOTICE_2025, NOTICE_2026]) {
      const range = await days(`${notice.year}-01-01`, `${notice.year}-12-31`);
      expect(range.notices).toEqual([
        expect.objectContaining({ year: notice.year, restDays: [...notice.restDays].sort(), makeUpWorkingDays: [...notice.makeUpWorkingDays].sort() }),
      ]);
      const kinds = (kind: string) => range.days.filter((d: any) => d.kind === kind).map((d: any) => d.date);
      expect(kinds('REST_DAY')).toEqual([...notice.restDays].sort());
      expect(kinds('MAKE_UP_WORKING_DAY')).toEqual([...notice.makeUpWorkingDays].sort());
      expect(kinds('STATUTORY_HOLIDAY')).toHaveLength(13);
    }
  });

  test('2027 without a notice: 元旦 and 除夕…初三 are statutory by rule, and the answer says the notice is missing', async () => {
    const range = await days('2026-12-31', '2027-02-09', vendor.owner.token);
    expect(range.noticeMissingYears).toEqual([2027]);
    const byDate = new Map(range.days.map((d: any) => [d.date, d]));
    expect(byDate.get('2027-01-01')).toMatchObject({ kind: 'STATUTORY_HOLIDAY', source: 'RULE', holidayName: '元旦', noticeRecorded: false });
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
      expect(byDate.get(date)).toMatchObject({ kind: 'STATUTORY_HOLIDAY', source: 'RULE', holidayName: '春节' });
    expect(byDate.get('2027-02-09')).toMatchObject({ kind: 'WORKING_DAY', source: 'WEEKDAY', noticeRecorded: false });
    expect(byDate.get('2026-12-31')).toMatchObject({ kind: 'WORKING_DAY', noticeRecorded: true });
  });

  test('a range over 366 days, backwards, or before 2025 is refused with a clear error', async () => {
    const tooLong = await gql(app, DAYS, { from: '2026-01-01', to: '2027-01-02' }, { token: merchant.owner.token });
    expect(errorCodes(tooLong)).toEqual(['BAD_USER_INPUT']);
    expect(tooLong.errors![0]!.message).toMatch(/at most 366 days/);
    expect(errorCodes(await gql(app, DAYS, { from: '2026-01-01', to: '2026-12-31' }, { token: merchant.owner.token }))).toEqual([]);
    expect(errorCodes(await gql(app, DAYS, { from: '2026-02-01', to: '2026-01-01' }, { token: merchant.owner.token }))).toEqual(['BAD_USER_INPUT']);
    const early = await gql(app, DAYS, { from: '2024-12-25', to: '2025-01-05' }, { token: merchant.owner.token });
    expect(errorCodes(early)).toEqual(['BAD_USER_INPUT']);
    expect(early.errors![0]!.message).toMatch(/starts in 2025: earlier years followed other holiday rules/);
  });

  test('the notices of every year of a range are read in one statement', async () => {
    const statements: number[] = [];
    for (const [from, to] of [
      ['2026-06-01', '2026-06-30'],
      ['2026-12-01', '2027-11-30'],
    ]) {
      await days(from!, to!);
      statements.push(app.requests.at(-1)!.sqlStatements);
    }
    expect(statements[1]).toBe(statements[0]);
    expect(statements[0]).toBeLessThanOrEqual(4); // BEGIN and the tenant set-up (one round trip), the notices, COMMIT
  });

  test('any signed-in viewer reads it (members of every kind, API keys, administrators); anonymous callers do not', async () => {
    for (const token of [merchant.member(MembershipRole.FINANCE).token, vendor.member(MembershipRole.SALES).token, auditor.owner.token, admin.token]) {
      expect((await days('2026-10-01', '2026-10-01', token)).days[0].kind).toBe('STATUTORY_HOLIDAY');
    }
    const key = await gql(app, `mutation { apiKeyCreate(input: { name: "cti", role: VIEWER }) { secret } }`, {}, { token: vendor.owner.token });
    const byKey = await gql(app, DAYS, { from: '2026-10-01', to: '2026-10-01' }, { apiKey: key.data!.apiKeyCreate.secret });
    expect(byKey.errors).toBeUndefined();
    expect(errorCodes(await gql(app, DAYS, { from: '2026-10-01', to: '2026-10-01' }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('calendarNoticeRecord', () => {
  test('only platform administrators: members get FORBIDDEN, anonymous callers UNAUTHENTICATED, and nothing is recorded', async () => {
    for (const token of [merchant.owner.token, vendor.owner.token, auditor.owner.token]) {
      expect(errorCodes(await gql(app, RECORD, { input: NOTICE_2027 }, { token }))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await gql(app, RECORD, { input: NOTICE_2027 }))).toEqual(['UNAUTHENTICATED']);
    expect((await days('2027-01-01', '2027-01-01')).noticeMissingYears).toEqual([2027]);
  });

  test('precise userErrors: dates outside the year, statutory days, make-up days on weekdays, duplicates, a day in both lists', async () => {
    const response = await gql(
      app,
      RECORD,
      {
        input: {
          year: 2027,
          reference: '  ',
          restDays: ['2026-12-31', '2027-02-05', '2027-02-09', '2027-02-09', '2027-02-13'],
          makeUpWorkingDays: ['2027-02-13', '2027-02-19', '2027-10-02', '2027-02-20', '2027-02-20'],
        },
      },
      { token: admin.token },
    );
    expect(response.errors).toBeUndefined();
    const { notice, userErrors } = response.data!.calendarNoticeRecord;
    expect(notice).toBeNull();
    expect(userErrors.map((e: any) => [e.code, e.field.join('.'), e.message])).toEqual([
      ['INVALID', 'input.reference', expect.stringMatching(/title and document number/)],
      ['INVALID', 'input.restDays.0', '2026-12-31 is not in 2027: a notice moves days of its own year only.'],
      ['INVALID', 'input.restDays.1', '2027-02-05 is a statutory holiday (春节) by rule, not a moved rest day.'],
      ['INVALID', 'input.restDays.3', '2027-02-09 is listed twice.'],
      ['INVALID', 'input.restDays.4', '2027-02-13 is also listed as a make-up working day.'],
      ['INVALID', 'input.makeUpWorkingDays.0', '2027-02-13 is also listed as a rest day.'],
      ['INVALID', 'input.makeUpWorkingDays.1', 'Make-up working days fall on weekends: 2027-02-19 is a Friday.'],
      ['INVALID', 'input.makeUpWorkingDays.2', '2027-10-02 is a statutory holiday (国庆节): it cannot be a working day.'],
      ['INVALID', 'input.makeUpWorkingDays.4', '2027-02-20 is listed twice.'],
    ]);
    const early = await gql(app, RECORD, { input: { ...NOTICE_2027, year: 2024, restDays: [], makeUpWorkingDays: [] } }, { token: admin.token });
    expect(early.data!.calendarNoticeRecord.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'year'], message: expect.stringMatching(/2025–2100/) }]);
    expect((await days('2027-01-01', '2027-01-01')).noticeMissingYears).toEqual([2027]);
  });
});

describe('projections over a year without a notice (point 13 of issue 6)', () => {
  test('a term from 2026-12-20 charges New Year’s Day 2027 and 除夕…初三 at × 3, and says 2027 lacks a notice until an administrator records it', async () => {
    const requirement = await publishedRequirement(app, merchant, { termStart: '2026-12-20', termMonths: 3, expectedMonthlyVolume: 93_200 });
    await submitBid(app, vendor, requirement); // PER_CONTACT, 1.34 with ramp 0.8 / 0.9 / 1.0
    await passDeadline(app, requirement);

    const before = await gql(app, COMPARISON, { id: requirement }, { token: merchant.owner.token });
    expect(before.errors).toBeUndefined();
    const comparison = before.data!.requirement.bidComparison;
    expect(comparison.calendarNoticeMissingYears).toEqual([2027]);
    const months = comparison.entries[0].monthlyProjection;

    // Computed here, apart from the engine: 93,200 contacts over a 31-day contract month, 3,006 a day
    // (the remainder on the last day); rate 1.34 ÷ 0.8 = 1.675 → 1.68 (month 1), 1.34 ÷ 0.9 → 1.49 (month 2).
    const perDay = Math.floor(93_200 / 31);
    const amount = (rate: string, holidays: number) =>
      new Decimal(perDay * holidays)
        .times(new Decimal(rate).times(3))
        .plus(new Decimal(93_200 - perDay * holidays).times(rate))
        .toFixed(2);
    expect(months[0]).toEqual({ contractMonth: 1, from: '2026-12-20', to: '2027-01-19', rate: '1.68', amount: { amount: amount('1.68', 1) } });
    expect(amount('1.68', 1)).toBe('166676.16'); // 3,006 × 5.04 + 90,194 × 1.68; at the base rate it would be 156,576.00
    expect(months[1]).toEqual({ contractMonth: 2, from: '2027-01-20', to: '2027-02-19', rate: '1.49', amount: { amount: amount('1.49', 4) } });

    const recorded = await gql(app, RECORD, { input: NOTICE_2027 }, { token: admin.token });
    expect(recorded.data!.calendarNoticeRecord).toEqual({
      notice: {
        year: 2027,
        reference: NOTICE_2027.reference,
        publishedOn: '2026-11-20',
        restDays: NOTICE_2027.restDays,
        makeUpWorkingDays: NOTICE_2027.makeUpWorkingDays,
      },
      userErrors: [],
    });

    const after = (await gql(app, COMPARISON, { id: requirement }, { token: merchant.owner.token })).data!.requirement.bidComparison;
    expect(after.calendarNoticeMissingYears).toEqual([]);
    // Rest days are not statutory holidays: the amounts do not move.
    expect(after.entries[0].monthlyProjection).toEqual(months);
    const range = await days('2027-02-08', '2027-02-20');
    expect(range.noticeMissingYears).toEqual([]);
    expect(range.days.filter((d: any) => d.source === 'NOTICE').map((d: any) => [d.date, d.kind, d.isWorkingDay])).toEqual([
      ['2027-02-09', 'REST_DAY', false],
      ['2027-02-10', 'REST_DAY', false],
      ['2027-02-11', 'REST_DAY', false],
      ['2027-02-20', 'MAKE_UP_WORKING_DAY', true],
    ]);
  });

  test('replacing a year’s notice is allowed and audited with the notice before and after', async () => {
    const replaced = await gql(
      app,
      RECORD,
      { input: { ...NOTICE_2027, reference: '测试：更正', restDays: ['2027-02-09', '2027-02-10'], makeUpWorkingDays: [] } },
      { token: admin.token },
    );
    expect(replaced.data!.calendarNoticeRecord.userErrors).toEqual([]);
    const range = await days('2027-02-08', '2027-02-20');
    expect(range.days.filter((d: any) => d.source === 'NOTICE').map((d: any) => d.date)).toEqual(['2027-02-09', '2027-02-10']);
    expect(range.days.find((d: any) => d.date === '2027-02-20')).toMatchObject({ kind: 'WEEKEND', isWorkingDay: false });

    const { rows } = await app.sql.query(
      `select action, actor_user_id, organization_id, changes from audit_event where entity_type = 'CalendarNotice' and entity_id = '2027' order by id`,
    );
    expect(rows.map((r) => [r.action, r.actor_user_id, r.organization_id])).toEqual([
      ['calendar.notice.record', admin.userId, null],
      ['calendar.notice.replace', admin.userId, null],
    ]);
    expect(rows[1].changes).toEqual({
      reference: { before: NOTICE_2027.reference, after: '测试：更正' },
      restDays: { before: NOTICE_2027.restDays, after: ['2027-02-09', '2027-02-10'] },
      makeUpWorkingDays: { before: ['2027-02-20'], after: [] },
    });
    const { rows: stored } = await app.sql.query(`select reference, recorded_by_user_id from calendar_notice where year = 2027`);
    expect(stored).toEqual([{ reference: '测试：更正', recorded_by_user_id: admin.userId }]);
  });
});
