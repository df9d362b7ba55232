import type { HolidayCalendar } from '../statements/billing/pricing-terms.js';

/**
 * The PRC public-holiday schedule (国务院办公厅关于 YYYY 年部分节假日安排的通知), as data.
 * - statutory: 法定节假日 only (e.g. National Day = Oct 1–3; Spring Festival since 2025 = 除夕 + 初一–初三);
 * - restDays: other days off moved by the schedule (调休), which are not statutory holidays;
 * - makeUpWorkingDays: weekend days that are working days.
 * Later years must be added as the State Council publishes them (usually in November); a year
 * without data has no statutory holidays here and Monday–Friday working days.
 */
interface YearSchedule {
  statutory: string[];
  restDays: string[];
  makeUpWorkingDays: string[];
}

const DAY_MS = 86_400_000;

function utc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function range(from: string, to: string): string[] {
  const days: string[] = [];
  const end = utc(to);
  for (let t = utc(from); t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const SCHEDULES: Record<number, YearSchedule> = {
  2025: {
    statutory: ['2025-01-01', ...range('2025-01-28', '2025-01-31'), '2025-04-04', '2025-05-01', '2025-05-02', '2025-05-31', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06'],
    restDays: [...range('2025-02-01', '2025-02-04'), '2025-04-05', '2025-04-06', ...range('2025-05-03', '2025-05-05'), '2025-06-01', '2025-06-02', '2025-10-04', '2025-10-05', '2025-10-07', '2025-10-08'],
    makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    statutory: ['2026-01-01', ...range('2026-02-16', '2026-02-19'), '2026-04-05', '2026-05-01', '2026-05-02', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03'],
    restDays: [
      '2026-01-02',
      '2026-01-03',
      '2026-02-15',
      ...range('2026-02-20', '2026-02-23'),
      '2026-04-04',
      '2026-04-06',
      ...range('2026-05-03', '2026-05-05'),
      '2026-06-20',
      '2026-06-21',
      '2026-09-26',
      '2026-09-27',
      ...range('2026-10-04', '2026-10-07'),
    ],
    makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

export const CALENDAR_YEARS = Object.keys(SCHEDULES).map(Number);

const statutory = new Set(Object.values(SCHEDULES).flatMap((s) => s.statutory));
const restDays = new Set(Object.values(SCHEDULES).flatMap((s) => s.restDays));
const makeUp = new Set(Object.values(SCHEDULES).flatMap((s) => s.makeUpWorkingDays));

export function addDays(date: string, days: number): string {
  return new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(utc(date)).getUTCDay() || 7;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

export function daysInMonth(yearMonth: string): number {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function datesOfMonth(yearMonth: string): string[] {
  return range(`${yearMonth}-01`, `${yearMonth}-${String(daysInMonth(yearMonth)).padStart(2, '0')}`);
}

const spans = new Map<string, readonly string[]>();

/** The dates from..to inclusive. Memoized: projections of many bids walk the same contract months. */
export function datesBetween(from: string, to: string): readonly string[] {
  const key = `${from}/${to}`;
  let dates = spans.get(key);
  if (!dates) {
    if (spans.size >= 5000) spans.clear();
    dates = Object.freeze(range(from, to));
    spans.set(key, dates);
  }
  return dates;
}

export const CHINA_CALENDAR: HolidayCalendar = {
  isStatutoryHoliday: (date) => statutory.has(date),
  isWorkingDay: (date) => makeUp.has(date) || (!isWeekend(date) && !statutory.has(date) && !restDays.has(date)),
};
