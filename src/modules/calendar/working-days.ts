import type { HolidayCalendar } from '../statements/billing/pricing-terms.js';
import { invariant } from '../../core/invariant.js';
import { addDays } from './china-holidays.js';

/**
 * Working days of the PRC calendar (statutory holidays and the State Council's moved rest days off,
 * make-up working days on): what every rule that counts working days reads, in the time zone of the
 * contract concerned. Pure: the caller hands over a calendar covering the dates (calendar.service's
 * `calendarBetween`, or `workingDaysAfter` there, which loads one).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in an IANA time zone ("2026-10-01"). */
export function localDate(instant: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** How many working days from..to, both included (0 when to is before from). */
export function countWorkingDays(calendar: Pick<HolidayCalendar, 'isWorkingDay'>, from: string, to: string): number {
  let count = 0;
  for (let date = from; date <= to; date = addDays(date, 1)) if (calendar.isWorkingDay(date)) count++;
  return count;
}

/** The n-th working day after `date` (not counting `date` itself); `date` when n is 0. */
export function addWorkingDays(calendar: Pick<HolidayCalendar, 'isWorkingDay'>, date: string, n: number): string {
  invariant(Number.isInteger(n) && n >= 0, `addWorkingDays: ${n} is not a whole number of days ≥ 0`);
  let current = date;
  for (let left = n; left > 0;) {
    current = addDays(current, 1);
    if (calendar.isWorkingDay(current)) left--;
  }
  return current;
}

/** A span of calendar days surely holding n working days after a date (the longest PRC break is 9 days). */
export function workingDaysSpan(n: number): number {
  return Math.ceil((n * 7) / 5) + 21;
}
