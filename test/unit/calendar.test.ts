import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { isWeekend } from '../../src/modules/calendar/china-holidays.js';
import { CalendarYearOutOfRangeError, statutoryHolidays } from '../../src/modules/calendar/statutory-holidays.js';
import { NOTICE_2025, NOTICE_2026 } from '../helpers/calendar-fixtures.js';

const dates = (year: number) => statutoryHolidays(year).map((h) => h.date);

/** The statutory days of the State Council's notices for 2025 and 2026, as published. */
const PUBLISHED_2025 = [
  '2025-01-01',
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-04-04',
  '2025-05-01',
  '2025-05-02',
  '2025-05-31',
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-06',
];
const PUBLISHED_2026 = [
  '2026-01-01',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-04-05',
  '2026-05-01',
  '2026-05-02',
  '2026-06-19',
  '2026-09-25',
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
];

describe('statutory holidays by rule (since 2025: 13 days a year)', () => {
  test('the rule reproduces the published 2025 and 2026 lists exactly', () => {
    expect(dates(2025)).toEqual(PUBLISHED_2025);
    expect(dates(2026)).toEqual(PUBLISHED_2026);
  });

  test('2027: New Year’s Day and 除夕 to 初三 (2027-02-05…08) are statutory', () => {
    const days = new Map(statutoryHolidays(2027).map((h) => [h.date, h.names]));
    expect(days.get('2027-01-01')).toEqual(['元旦']);
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']) expect(days.get(date)).toEqual(['春节']);
    expect(days.has('2027-02-04')).toBe(false);
    expect(days.has('2027-02-09')).toBe(false);
    expect(dates(2027)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  test('13 days in every year where no two festivals share a day', () => {
    for (const year of [2025, 2026, 2027, 2029, 2030, 2032, 2033, 2034, 2035, 2040, 2050]) {
      const days = statutoryHolidays(year);
      expect({ year, count: days.length }).toEqual({ year, count: 13 });
      const count = (name: string) => days.filter((d) => d.names.includes(name as never)).length;
      expect({
        year,
        元旦: count('元旦'),
        春节: count('春节'),
        清明节: count('清明节'),
        劳动节: count('劳动节'),
        端午节: count('端午节'),
        中秋节: count('中秋节'),
        国庆节: count('国庆节'),
      }).toEqual({ year, 元旦: 1, 春节: 4, 清明节: 1, 劳动节: 2, 端午节: 1, 中秋节: 1, 国庆节: 3 });
    }
  });

  test('中秋 on 1–3 Oct (2028: Oct 3) is one day with both names', () => {
    const days = statutoryHolidays(2028);
    expect(days).toHaveLength(12);
    expect(days.find((d) => d.date === '2028-10-03')?.names).toEqual(['中秋节', '国庆节']);
  });

  test('years before 2025 (other rules) and after 2100 are refused', () => {
    expect(() => statutoryHolidays(2024)).toThrow(CalendarYearOutOfRangeError);
    expect(() => statutoryHolidays(2024)).toThrow(/starts in 2025/);
    expect(() => statutoryHolidays(2101)).toThrow(CalendarYearOutOfRangeError);
    expect(() => chinaCalendar([]).isStatutoryHoliday('2024-10-01')).toThrow(CalendarYearOutOfRangeError);
  });
});

describe('the calendar: rule + recorded notices', () => {
  const calendar = chinaCalendar([NOTICE_2026], [2026, 2027]);

  test('statutory days come from the rule, moved days from the notice, the rest from the weekday', () => {
    expect(calendar.day('2026-10-01')).toEqual({
      date: '2026-10-01',
      kind: 'STATUTORY_HOLIDAY',
      source: 'RULE',
      isWorkingDay: false,
      isStatutoryHoliday: true,
      holidayNames: ['国庆节'],
      noticeRecorded: true,
    });
    expect(calendar.day('2026-10-05')).toMatchObject({ kind: 'REST_DAY', source: 'NOTICE', isWorkingDay: false, isStatutoryHoliday: false });
    expect(calendar.day('2026-10-10')).toMatchObject({ kind: 'MAKE_UP_WORKING_DAY', source: 'NOTICE', isWorkingDay: true });
    expect(calendar.day('2026-10-11')).toMatchObject({ kind: 'WEEKEND', source: 'WEEKDAY', isWorkingDay: false });
    expect(calendar.day('2026-10-12')).toMatchObject({ kind: 'WORKING_DAY', source: 'WEEKDAY', isWorkingDay: true });
  });

  test('no rest day of the 2025 and 2026 notices is a statutory day, every make-up day is a weekend', () => {
    for (const notice of [NOTICE_2025, NOTICE_2026]) {
      const statutory = new Set(statutoryHolidays(notice.year).map((h) => h.date));
      expect(notice.restDays.filter((d) => statutory.has(d))).toEqual([]);
      expect(notice.makeUpWorkingDays.filter((d) => statutory.has(d) || !isWeekend(d))).toEqual([]);
    }
  });

  test('every rest day of the 2026 notice is a day off that is not statutory; every make-up day is worked', () => {
    for (const date of NOTICE_2026.restDays) expect([date, calendar.isWorkingDay(date), calendar.isStatutoryHoliday(date)]).toEqual([date, false, false]);
    for (const date of NOTICE_2026.makeUpWorkingDays) expect([date, calendar.isWorkingDay(date)]).toEqual([date, true]);
  });

  test('a year without a notice: statutory days still by rule, and the calendar says the notice is missing', () => {
    expect(calendar.day('2027-01-01')).toMatchObject({ kind: 'STATUTORY_HOLIDAY', source: 'RULE', noticeRecorded: false });
    expect(calendar.day('2027-02-09')).toMatchObject({ kind: 'WORKING_DAY', source: 'WEEKDAY', noticeRecorded: false });
    expect(calendar.noticeMissingYears('2026-12-20', '2027-03-19')).toEqual([2027]);
    expect(calendar.noticeMissingYears('2026-01-01', '2026-12-31')).toEqual([]);
  });

  test('asking about a year the caller did not look up is a programming error, not a silent “missing”', () => {
    expect(() => calendar.day('2028-01-03')).toThrow(/asked about 2028/);
    expect(() => calendar.noticeMissingYears('2027-12-01', '2028-01-31')).toThrow(/asked about 2028/);
  });
});
