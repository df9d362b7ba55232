import { countWorkingDays } from '../../src/modules/calendar/working-days.js';
import { deemedConfirmationDay, isLateIssue, issueDeadline, monthAfter, paymentDueDate } from '../../src/modules/statements/billing/index.js';
import { CHINA_CALENDAR } from '../helpers/statement-fixtures.js';

/** Deadlines of a monthly statement (product.md §8): issuance, payment, deemed confirmation. */

const RULES = { issueByDayOfNextMonth: 5, paymentDueDayOfFollowingMonth: 20 };

describe('issuance and payment deadlines', () => {
  test('the month after, across a year end', () => {
    expect(['2026-01', '2026-09', '2026-12'].map(monthAfter)).toEqual(['2026-02', '2026-10', '2027-01']);
  });

  test('issue by the 5th of the next month; the 5th itself is on time, the 6th is late', () => {
    expect(issueDeadline('2026-10', RULES)).toBe('2026-11-05');
    expect(issueDeadline('2026-12', RULES)).toBe('2027-01-05');
    expect(isLateIssue('2026-10', '2026-10-31', RULES)).toBe(false);
    expect(isLateIssue('2026-10', '2026-11-05', RULES)).toBe(false);
    expect(isLateIssue('2026-10', '2026-11-06', RULES)).toBe(true);
    expect(isLateIssue('2026-12', '2027-01-06', RULES)).toBe(true);
  });

  test('payment due by the 20th of the month after the period', () => {
    expect(paymentDueDate('2026-10', RULES)).toBe('2026-11-20');
    expect(paymentDueDate('2026-12', RULES)).toBe('2027-01-20');
  });

  test('a day past the end of the month is its last day', () => {
    expect(issueDeadline('2027-01', { issueByDayOfNextMonth: 31 })).toBe('2027-02-28');
    expect(paymentDueDate('2028-01', { paymentDueDayOfFollowingMonth: 30 })).toBe('2028-02-29');
    expect(paymentDueDate('2026-10', { paymentDueDayOfFollowingMonth: 31 })).toBe('2026-11-30');
  });
});

describe('deemed confirmation: the end of the 5th working day after issuance (PRC calendar)', () => {
  test('issued Wednesday 2026-09-30: deemed at the end of Tuesday 2026-10-13 (Oct 8, 9, 10 make-up Saturday, 12, 13)', () => {
    expect(deemedConfirmationDay('2026-09-30', 5, CHINA_CALENDAR)).toBe('2026-10-13');
    expect(countWorkingDays(CHINA_CALENDAR, '2026-10-01', '2026-10-13')).toBe(5);
    expect(countWorkingDays(CHINA_CALENDAR, '2026-10-01', '2026-10-12')).toBe(4);
  });

  test('the issuance day does not count, whatever kind of day it is', () => {
    // Issued on a rest day of the National Day break, or on the make-up Saturday itself.
    expect(deemedConfirmationDay('2026-10-04', 5, CHINA_CALENDAR)).toBe('2026-10-13');
    expect(deemedConfirmationDay('2026-10-10', 5, CHINA_CALENDAR)).toBe('2026-10-16');
    // An ordinary week: issued Monday, deemed the next Monday.
    expect(deemedConfirmationDay('2026-11-02', 5, CHINA_CALENDAR)).toBe('2026-11-09');
    expect(deemedConfirmationDay('2026-11-02', 1, CHINA_CALENDAR)).toBe('2026-11-03');
  });

  test('across the year end: 元旦 (2027-01-01) is a statutory holiday by rule', () => {
    expect(deemedConfirmationDay('2026-12-30', 5, CHINA_CALENDAR)).toBe('2027-01-07');
  });
});
