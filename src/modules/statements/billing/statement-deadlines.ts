import { daysInMonth } from '../../calendar/china-holidays.js';
import { addWorkingDays } from '../../calendar/working-days.js';
import type { HolidayCalendar } from './pricing-terms.js';

/** The deadlines of ContractRules.statements the engine reads (the contract's rules satisfy it as they are). */
export interface StatementDeadlineRules {
  issueByDayOfNextMonth: number;
  paymentDueDayOfFollowingMonth: number;
}

/** "2026-12" → "2027-01". */
export function monthAfter(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** The n-th day of a month; a day past its end (31 in a 30-day month) is its last day, so a deadline always exists. */
function dayOfMonth(month: string, day: number): string {
  return `${month}-${String(Math.min(day, daysInMonth(month))).padStart(2, '0')}`;
}

/** The last day the vendor may issue a month's statement without it being late (default the 5th of the next month). */
export function issueDeadline(month: string, rules: Pick<StatementDeadlineRules, 'issueByDayOfNextMonth'>): string {
  return dayOfMonth(monthAfter(month), rules.issueByDayOfNextMonth);
}

/** Issued after the deadline, by the local date (contract time zone) of issuance: the deadline day itself is on time. */
export function isLateIssue(month: string, issuedOnLocalDate: string, rules: Pick<StatementDeadlineRules, 'issueByDayOfNextMonth'>): boolean {
  return issuedOnLocalDate > issueDeadline(month, rules);
}

/** Payment is due by this day of the month after the period (default the 20th): paid on it is on time. */
export function paymentDueDate(month: string, rules: Pick<StatementDeadlineRules, 'paymentDueDayOfFollowingMonth'>): string {
  return dayOfMonth(monthAfter(month), rules.paymentDueDayOfFollowingMonth);
}

/**
 * The local date at whose end an issued statement left unanswered is deemed confirmed: the n-th working
 * day after the issuance day, which does not count (product.md §8). Working days follow the calendar's
 * holiday schedule, so make-up working days count and moved rest days do not.
 */
export function deemedConfirmationDay(issuedOnLocalDate: string, workingDays: number, calendar: Pick<HolidayCalendar, 'isWorkingDay'>): string {
  return addWorkingDays(calendar, issuedOnLocalDate, workingDays);
}
