import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { addWorkingDays, countWorkingDays, localDate } from '../../src/modules/calendar/working-days.js';
import { NOTICE_2026 } from '../helpers/calendar-fixtures.js';

/**
 * Working days of 2026 by the recorded notice (the calendar migration loads the same days). Per the
 * fixtures: Spring Festival off 02-15…02-23 with make-up Saturdays 02-14 and 02-28; Mid-Autumn and
 * National Day off 09-25…09-27 and 10-01…10-07 (10-08 is a working Thursday) with make-up days
 * Sunday 09-20 and Saturday 10-10.
 */
const calendar = chinaCalendar([NOTICE_2026]);

describe('across the 2026 Spring Festival', () => {
  test('the make-up Saturday before the break is a working day; the next one after it is 02-24', () => {
    expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays(calendar, '2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkingDays(calendar, '2026-02-12', 5)).toBe('2026-02-26');
  });

  test('the make-up Saturday 02-28 counts, Sunday 03-01 does not', () => {
    expect(addWorkingDays(calendar, '2026-02-27', 1)).toBe('2026-02-28');
    expect(addWorkingDays(calendar, '2026-02-28', 1)).toBe('2026-03-02');
    // 02-09…02-13 (5), 02-14, 02-24…02-27 (4), 02-28: 11 working days in three calendar weeks.
    expect(countWorkingDays(calendar, '2026-02-09', '2026-03-01')).toBe(11);
    expect(countWorkingDays(calendar, '2026-02-15', '2026-02-23')).toBe(0);
  });
});

describe('across the 2026 Mid-Autumn and National Day breaks', () => {
  test('Sunday 09-20 is a make-up working day; 09-25…09-27 are off', () => {
    expect(addWorkingDays(calendar, '2026-09-18', 1)).toBe('2026-09-20');
    expect(addWorkingDays(calendar, '2026-09-24', 1)).toBe('2026-09-28');
  });

  test('from 09-30 the next working day is 10-08, then 10-09 and the make-up Saturday 10-10', () => {
    expect(addWorkingDays(calendar, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays(calendar, '2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays(calendar, '2026-09-30', 4)).toBe('2026-10-12');
    // 09-14…09-18 (5), 09-20…09-24 (5), 09-28…09-30 (3), 10-08, 10-09, 10-10 (3), 10-12…10-16 (5).
    expect(countWorkingDays(calendar, '2026-09-14', '2026-10-18')).toBe(21);
  });

  test('n = 0 is the day itself; a range ending before it starts has no working days', () => {
    expect(addWorkingDays(calendar, '2026-10-01', 0)).toBe('2026-10-01');
    expect(countWorkingDays(calendar, '2026-10-02', '2026-10-01')).toBe(0);
  });
});

test('dates are taken in the contract’s time zone: 16:30 UTC on 09-30 is already 10-01 in Shanghai', () => {
  const instant = new Date('2026-09-30T16:30:00Z');
  expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-10-01');
  expect(localDate(instant, 'UTC')).toBe('2026-09-30');
  // Counted from the Shanghai date, the next working day is 10-08, not 10-01's neighbour 09-30's.
  expect(addWorkingDays(calendar, localDate(instant, 'Asia/Shanghai'), 1)).toBe('2026-10-08');
});
