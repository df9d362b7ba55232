import type { HolidayCalendar } from '../statements/billing/pricing-terms.js';
import { isWeekend } from './china-holidays.js';
import { statutoryHolidays, type HolidayName } from './statutory-holidays.js';
import { invariant } from '../../core/invariant.js';

export type DayKind = 'WORKING_DAY' | 'WEEKEND' | 'STATUTORY_HOLIDAY' | 'REST_DAY' | 'MAKE_UP_WORKING_DAY';
/** Where a day's kind comes from: the statutory rule, the State Council's notice, or the day of the week. */
export type DaySource = 'RULE' | 'NOTICE' | 'WEEKDAY';
export type NoticeDayKind = 'REST_DAY' | 'MAKE_UP_WORKING_DAY';

/** A year's State Council notice (国务院办公厅关于部分节假日安排的通知): only what the rule cannot give. */
export interface NoticeDays {
  year: number;
  /** Days off moved by the schedule (调休): not statutory holidays, not working days. */
  restDays: readonly string[];
  /** Weekend days that are working days. */
  makeUpWorkingDays: readonly string[];
}

export interface CalendarDay {
  date: string;
  kind: DayKind;
  source: DaySource;
  isWorkingDay: boolean;
  isStatutoryHoliday: boolean;
  holidayNames: readonly HolidayName[];
  /** Whether the year's notice is recorded; if not, a weekday may yet become a rest day and a weekend a working day. */
  noticeRecorded: boolean;
}

/** A HolidayCalendar (what the billing engine reads) that also says where each answer comes from. */
export interface ChinaCalendar extends HolidayCalendar {
  day(date: string): CalendarDay;
  noticeRecorded(year: number): boolean;
  /** The years of from..to (inclusive) whose notice is not recorded, ascending. */
  noticeMissingYears(from: string, to: string): number[];
}

/**
 * Builds the calendar from the recorded notices (pure). `coveredYears`: the years whose notices the
 * caller looked up; asking about another year is a programming error (it would claim a missing
 * notice that may exist), so it throws. Without it, every year absent from `notices` is unrecorded.
 */
export function chinaCalendar(notices: readonly NoticeDays[], coveredYears?: readonly number[]): ChinaCalendar {
  const covered = coveredYears ? new Set(coveredYears) : null;
  const recorded = new Set(notices.map((n) => n.year));
  const noticeDays = new Map<string, NoticeDayKind>();
  for (const notice of notices) {
    for (const date of notice.restDays) noticeDays.set(date, 'REST_DAY');
    for (const date of notice.makeUpWorkingDays) noticeDays.set(date, 'MAKE_UP_WORKING_DAY');
  }
  const holidays = new Map<number, Map<string, readonly HolidayName[]>>();
  const checked = (year: number): number => {
    invariant(!covered || covered.has(year), () => `calendar built for ${[...(covered ?? [])].join(', ')} asked about ${year}`);
    return year;
  };
  const yearOf = (date: string): number => checked(Number(date.slice(0, 4)));
  const holidayNames = (date: string): readonly HolidayName[] | undefined => {
    const year = yearOf(date);
    let ofYear = holidays.get(year);
    if (!ofYear) {
      ofYear = new Map(statutoryHolidays(year).map((h) => [h.date, h.names]));
      holidays.set(year, ofYear);
    }
    return ofYear.get(date);
  };

  const day = (date: string): CalendarDay => {
    const noticeRecorded = recorded.has(yearOf(date));
    const names = holidayNames(date);
    if (names) return { date, kind: 'STATUTORY_HOLIDAY', source: 'RULE', isWorkingDay: false, isStatutoryHoliday: true, holidayNames: names, noticeRecorded };
    const moved = noticeDays.get(date);
    if (moved)
      return {
        date,
        kind: moved,
        source: 'NOTICE',
        isWorkingDay: moved === 'MAKE_UP_WORKING_DAY',
        isStatutoryHoliday: false,
        holidayNames: [],
        noticeRecorded,
      };
    const weekend = isWeekend(date);
    return {
      date,
      kind: weekend ? 'WEEKEND' : 'WORKING_DAY',
      source: 'WEEKDAY',
      isWorkingDay: !weekend,
      isStatutoryHoliday: false,
      holidayNames: [],
      noticeRecorded,
    };
  };

  const noticeRecorded = (year: number): boolean => recorded.has(checked(year));

  return {
    day,
    isStatutoryHoliday: (date) => holidayNames(date) !== undefined,
    isWorkingDay: (date) => day(date).isWorkingDay,
    noticeRecorded,
    noticeMissingYears: (from, to) => yearsBetween(from, to).filter((year) => !noticeRecorded(year)),
  };
}

/** The years from..to touch, ascending. */
export function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) years.push(year);
  return years;
}
