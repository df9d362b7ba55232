import type { NoticeDays } from '../../src/modules/calendar/china-calendar.js';
import { datesBetween } from '../../src/modules/calendar/china-holidays.js';

/** The 2026 notice's moved days, as published (the calendar migration loads the same into calendar_notice_day). */
export const NOTICE_2026: NoticeDays = {
  year: 2026,
  restDays: [
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    ...datesBetween('2026-02-20', '2026-02-23'),
    '2026-04-04',
    '2026-04-06',
    ...datesBetween('2026-05-03', '2026-05-05'),
    '2026-06-20',
    '2026-06-21',
    '2026-09-26',
    '2026-09-27',
    ...datesBetween('2026-10-04', '2026-10-07'),
  ],
  makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** The 2025 notice's moved days, as published. */
export const NOTICE_2025: NoticeDays = {
  year: 2025,
  restDays: [
    ...datesBetween('2025-02-01', '2025-02-04'),
    '2025-04-05',
    '2025-04-06',
    ...datesBetween('2025-05-03', '2025-05-05'),
    '2025-06-01',
    '2025-06-02',
    '2025-10-04',
    '2025-10-05',
    '2025-10-07',
    '2025-10-08',
  ],
  makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};
