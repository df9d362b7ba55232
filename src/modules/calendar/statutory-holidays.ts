import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';

/**
 * The statutory holidays (法定节假日) of a year, by rule: 《全国年节及纪念日放假办法》 as revised in
 * November 2024, in force from 2025, gives 13 days a year:
 *   元旦 1 Jan; 春节 除夕 to 正月初三 (4 days); 清明 (the solar term's day); 劳动节 1–2 May;
 *   端午 (五月初五); 中秋 (八月十五); 国庆 1–3 Oct.
 * The lunar dates and 清明 come from tyme4ts (6tail's calendar library; astronomical new moons and
 * solar terms, the maintained successor of lunar-typescript). Only the annual State Council notice's
 * moved rest days (调休) and make-up working days are data (see calendar.service.ts).
 *
 * Years before 2025 had other rules (11 days; 春节 初一–初三; 劳动节 1 May only) and the platform
 * holds no notice for them: they are refused rather than computed with a rule that did not apply.
 */
export const FIRST_CALENDAR_YEAR = 2025;
/** An upper bound for sanity (terms are at most 120 months); the rule itself has no end. */
export const LAST_CALENDAR_YEAR = 2100;

export type HolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

export interface StatutoryHoliday {
  date: string;
  /** The festival; a day two festivals share (中秋 on 1–3 Oct, e.g. 2028, 2031) lists both. */
  names: HolidayName[];
}

/** A date outside the years the calendar supports. */
export class CalendarYearOutOfRangeError extends Error {
  constructor(readonly year: number) {
    super(
      year < FIRST_CALENDAR_YEAR
        ? `The holiday calendar starts in ${FIRST_CALENDAR_YEAR}: earlier years followed other holiday rules, which the platform does not compute (asked for ${year}).`
        : `The holiday calendar ends in ${LAST_CALENDAR_YEAR} (asked for ${year}).`,
    );
  }
}

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= FIRST_CALENDAR_YEAR && year <= LAST_CALENDAR_YEAR;
}

function iso(day: SolarDay): string {
  return `${day.getYear()}-${String(day.getMonth()).padStart(2, '0')}-${String(day.getDay()).padStart(2, '0')}`;
}

function computeYear(year: number): readonly StatutoryHoliday[] {
  const newYear = LunarDay.fromYmd(year, 1, 1);
  const days: [string, HolidayName][] = [
    [`${year}-01-01`, '元旦'],
    // 除夕 is the last day of the twelfth lunar month (廿九 or 三十), the day before 正月初一.
    ...[-1, 0, 1, 2].map((offset): [string, HolidayName] => [iso(newYear.next(offset).getSolarDay()), '春节']),
    [iso(SolarTerm.fromName(year, '清明').getJulianDay().getSolarDay()), '清明节'],
    [`${year}-05-01`, '劳动节'],
    [`${year}-05-02`, '劳动节'],
    [iso(LunarDay.fromYmd(year, 5, 5).getSolarDay()), '端午节'],
    [iso(LunarDay.fromYmd(year, 8, 15).getSolarDay()), '中秋节'],
    [`${year}-10-01`, '国庆节'],
    [`${year}-10-02`, '国庆节'],
    [`${year}-10-03`, '国庆节'],
  ];
  const byDate = new Map<string, HolidayName[]>();
  for (const [date, name] of days) byDate.set(date, [...(byDate.get(date) ?? []), name]);
  return Object.freeze([...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, names]) => Object.freeze({ date, names })));
}

const memo = new Map<number, readonly StatutoryHoliday[]>();

/** The statutory holidays of a supported year, in date order (memoized: at most one computation per year and process). */
export function statutoryHolidays(year: number): readonly StatutoryHoliday[] {
  if (!isSupportedYear(year)) throw new CalendarYearOutOfRangeError(year);
  let days = memo.get(year);
  if (!days) {
    days = computeYear(year);
    memo.set(year, days);
  }
  return days;
}
