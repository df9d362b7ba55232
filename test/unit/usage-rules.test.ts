import { Channel } from '../../src/modules/usage/usage.model.js';
import {
  USAGE_MAX_DAYS_PER_REPORT,
  USAGE_MAX_PROBLEMS,
  USAGE_MAX_RECORDS_PER_REPORT,
  addMonths,
  checkUsageReport,
  localDate,
  monthOf,
  usageWindow,
} from '../../src/modules/usage/usage.rules.js';

const NOW = new Date('2027-02-20T04:00:00Z'); // 12:00 in Shanghai
const WINDOW = usageWindow({ startDate: '2027-01-01', termMonths: 3 }, NOW);
const record = (overrides: Partial<{ externalId: string; agentRef: string; startedAt: Date; durationSeconds: number }> = {}) => ({
  externalId: 'c-1',
  channel: Channel.PHONE,
  agentRef: 'agent-1',
  startedAt: new Date('2027-02-01T02:00:00Z'),
  durationSeconds: 60,
  ...overrides,
});
const day = (overrides: Record<string, unknown> = {}) => ({ date: '2027-02-01', qualifiedContacts: 9, totalContacts: 10, seats: [], ...overrides });
const paths = (report: Parameters<typeof checkUsageReport>[0], now = NOW) =>
  checkUsageReport(report, WINDOW, now).problems.map((p) => [p.path.join('.'), p.message]);

describe('the usage window', () => {
  test('months are added by calendar, clamped to the month’s last day; a month starts on its first', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2027-01-01', 0)).toBe('2027-01-01');
    expect(monthOf('2027-01-15')).toBe('2027-01-01');
  });

  test('the term, today in the contract’s zone (Asia/Shanghai by default) and the qualifying minimum (15 s by default)', () => {
    expect(WINDOW).toEqual({ timeZone: 'Asia/Shanghai', firstDay: '2027-01-01', termEnd: '2027-04-01', today: '2027-02-20', qualifyingMinimumSeconds: 15 });
    expect(
      usageWindow({ startDate: '2027-01-01', termMonths: 1, timeZone: 'UTC', qualifyingMinimumSeconds: 20 }, new Date('2027-01-01T23:30:00Z')),
    ).toMatchObject({
      timeZone: 'UTC',
      termEnd: '2027-02-01',
      today: '2027-01-01',
      qualifyingMinimumSeconds: 20,
    });
    expect(localDate(new Date('2027-01-06T23:30:00Z'), 'Asia/Shanghai')).toBe('2027-01-07');
    expect(localDate(new Date('2027-01-06T15:59:00Z'), 'Asia/Shanghai')).toBe('2027-01-06');
  });
});

describe('records', () => {
  test('become columns: the day and month in the contract’s zone; qualified from the minimum on (15 s counts, 14 s does not)', () => {
    const checked = checkUsageReport(
      {
        records: [
          record({ externalId: 'a', durationSeconds: 15, startedAt: new Date('2027-01-31T16:00:00Z') }),
          record({ externalId: 'b', durationSeconds: 14, startedAt: new Date('2027-01-31T15:59:59Z') }),
        ],
      },
      WINDOW,
      NOW,
    );
    expect(checked.problems).toEqual([]);
    expect(checked.records).toEqual({
      externalIds: ['a', 'b'],
      channels: ['PHONE', 'PHONE'],
      agentRefs: ['agent-1', 'agent-1'],
      startedAt: ['2027-01-31T16:00:00.000Z', '2027-01-31T15:59:59.000Z'],
      durations: [15, 14],
      days: ['2027-02-01', '2027-01-31'],
      months: ['2027-02-01', '2027-01-01'],
      qualified: [true, false],
    });
  });

  test('each problem names its input path; durations from 0 to 24 h; ids and agents of 1 to 100 characters; no id twice', () => {
    expect(
      paths({ records: [record({ durationSeconds: 0 }), record({ externalId: 'x'.repeat(100), agentRef: 'y'.repeat(100), durationSeconds: 86_400 })] }),
    ).toEqual([]);
    expect(
      paths({
        records: [
          record({ durationSeconds: -1 }),
          record({ externalId: 'c-2', durationSeconds: 86_401 }),
          record({ externalId: '', agentRef: '' }),
          record({ externalId: 'x'.repeat(101), agentRef: 'y'.repeat(101) }),
          record({ externalId: 'c-1' }),
        ],
      }),
    ).toEqual([
      ['input.records.0.durationSeconds', 'Duration must not be negative.'],
      ['input.records.1.durationSeconds', 'Duration must not exceed 24 hours (86400 s).'],
      ['input.records.2.externalId', 'External id must have 1 to 100 characters.'],
      ['input.records.2.agentRef', 'Agent reference must have 1 to 100 characters.'],
      ['input.records.3.externalId', 'External id must have 1 to 100 characters.'],
      ['input.records.3.agentRef', 'Agent reference must have 1 to 100 characters.'],
      ['input.records.4.externalId', 'External id "c-1" appears more than once in this batch (first at records[0]).'],
    ]);
  });

  test('inside the term and not in the future: the first and last day count, the day after does not; a start later today is refused', () => {
    const at = (iso: string) => ({ records: [record({ startedAt: new Date(iso) })] });
    expect(paths(at('2026-12-31T16:00:00Z'))).toEqual([]); // 2027-01-01 00:00 in Shanghai
    expect(paths(at('2026-12-31T15:59:59Z'))).toEqual([
      ['input.records.0.startedAt', '2026-12-31 is outside the contract term (2027-01-01 to the day before 2027-04-01).'],
    ]);
    const late = usageWindow({ startDate: '2027-01-01', termMonths: 3 }, new Date('2027-05-01T00:00:00Z'));
    expect(checkUsageReport(at('2027-03-31T15:00:00Z'), late, new Date('2027-05-01T00:00:00Z')).problems).toEqual([]);
    expect(checkUsageReport(at('2027-03-31T16:00:00Z'), late, new Date('2027-05-01T00:00:00Z')).problems.map((p) => p.message)).toEqual([
      '2027-04-01 is outside the contract term (2027-01-01 to the day before 2027-04-01).',
    ]);
    expect(paths(at('2027-02-20T04:00:00Z'))).toEqual([]);
    expect(paths(at('2027-02-20T04:00:01Z'))).toEqual([['input.records.0.startedAt', 'The contact starts in the future.']]);
    expect(paths(at('2027-02-20T16:00:00Z'))).toEqual([['input.records.0.startedAt', '2027-02-21 is in the future (today is 2027-02-20 in Asia/Shanghai).']]);
  });
});

describe('days', () => {
  test('become columns, seats as JSON', () => {
    const checked = checkUsageReport({ days: [day({ seats: [{ seatType: 'INBOUND', seats: 20 }] }), day({ date: '2027-02-02', seats: null })] }, WINDOW, NOW);
    expect(checked.problems).toEqual([]);
    expect(checked.days).toEqual({
      dates: ['2027-02-01', '2027-02-02'],
      qualified: [9, 9],
      total: [10, 10],
      seats: ['[{"seatType":"INBOUND","seats":20}]', '[]'],
    });
  });

  test('counts are not negative, qualified at most total (equal is fine), seat types once and of 1 to 50 characters, a date once', () => {
    expect(paths({ days: [day({ qualifiedContacts: 10, totalContacts: 10, seats: [{ seatType: 'x'.repeat(50), seats: 0 }] })] })).toEqual([]);
    expect(
      paths({
        days: [
          day({ qualifiedContacts: -1, totalContacts: -1 }),
          day({ date: '2027-02-02', qualifiedContacts: 11 }),
          day({
            date: '2027-02-03',
            seats: [
              { seatType: '', seats: 1 },
              { seatType: 'x'.repeat(51), seats: -1 },
              { seatType: 'A', seats: 1 },
              { seatType: 'A', seats: 2 },
            ],
          }),
          day(),
        ],
      }),
    ).toEqual([
      ['input.days.0.qualifiedContacts', 'Qualified contacts must not be negative.'],
      ['input.days.0.totalContacts', 'Total contacts must not be negative.'],
      ['input.days.1.qualifiedContacts', 'Qualified contacts cannot exceed total contacts.'],
      ['input.days.2.seats.0.seatType', 'Seat type must have 1 to 50 characters.'],
      ['input.days.2.seats.1.seatType', 'Seat type must have 1 to 50 characters.'],
      ['input.days.2.seats.1.seats', 'Seats must not be negative.'],
      ['input.days.2.seats.3.seatType', 'Seat type "A" appears more than once for this day.'],
      ['input.days.3.date', '2027-02-01 appears more than once in this report (first at days[0]).'],
    ]);
  });

  test('a day outside the term or after today is refused', () => {
    expect(paths({ days: [day({ date: '2027-04-01' }), day({ date: '2027-02-21' }), day({ date: '2027-02-20' })] })).toEqual([
      ['input.days.0.date', '2027-04-01 is outside the contract term (2027-01-01 to the day before 2027-04-01).'],
      ['input.days.1.date', '2027-02-21 is in the future (today is 2027-02-20 in Asia/Shanghai).'],
    ]);
  });
});

describe('the report as a whole', () => {
  test('an empty report, or one over the batch limits, is refused before any line is checked', () => {
    expect(paths({})).toEqual([['input', 'Send days, records or both.']]);
    expect(paths({ days: [], records: [] })).toEqual([['input', 'Send days, records or both.']]);
    const many = Array.from({ length: USAGE_MAX_RECORDS_PER_REPORT + 1 }, (_, i) => record({ externalId: `c-${i}`, durationSeconds: -1 }));
    expect(paths({ records: many })).toEqual([['input.records', 'At most 10000 records per report (got 10001): split the batch.']]);
    const days = Array.from({ length: USAGE_MAX_DAYS_PER_REPORT + 1 }, () => day());
    expect(paths({ days })).toEqual([['input.days', 'At most 366 days per report (got 367).']]);
    const full = Array.from({ length: USAGE_MAX_RECORDS_PER_REPORT }, (_, i) => record({ externalId: `c-${i}` }));
    expect(paths({ records: full })).toEqual([]);
  });

  test('at most 100 problems are reported, the first ones in input order', () => {
    const bad = Array.from({ length: 150 }, (_, i) => record({ externalId: `c-${i}`, durationSeconds: -1 }));
    const problems = checkUsageReport({ records: bad }, WINDOW, NOW).problems;
    expect(problems).toHaveLength(USAGE_MAX_PROBLEMS);
    expect(problems.at(-1)!.path).toEqual(['input', 'records', '99', 'durationSeconds']);
  });
});
