import { BadUserInputError, ForbiddenError } from '../../core/errors.js';
import { DomainErrorCode, DomainErrors, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { recordAudit } from '../audit/audit.service.js';
import { CalendarNotice, CalendarNoticeDay, NoticeDayKind } from './calendar.entity.js';
import { noticeByYear, type RecordedNotice } from './calendar.loaders.js';
import { chinaCalendar, yearsBetween, type CalendarDay, type ChinaCalendar } from './china-calendar.js';
import { addDays, dayCount, isoWeekday, isWeekend } from './china-holidays.js';
import { addWorkingDays, countWorkingDays, localDate, workingDaysSpan } from './working-days.js';
import { CalendarYearOutOfRangeError, FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR, isSupportedYear, statutoryHolidays } from './statutory-holidays.js';

/** The longest range `calendarDays` answers at once. */
export const MAX_CALENDAR_RANGE_DAYS = 366;
const MAX_NOTICE_DAYS = 120;
const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The calendar of the given years: statutory days by rule, moved days from the notices recorded for
 * them, read once per request. Years outside 2025–2100 are refused (BAD_USER_INPUT).
 */
export async function calendarForYears(ctx: RequestContext, years: readonly number[]): Promise<ChinaCalendar> {
  const unsupported = years.find((year) => !isSupportedYear(year));
  if (unsupported !== undefined) throw new BadUserInputError(new CalendarYearOutOfRangeError(unsupported).message);
  const notices = await noticeByYear(ctx).loadMany([...years]);
  const recorded = notices.map((notice) => {
    if (notice instanceof Error) throw notice;
    return notice;
  });
  return chinaCalendar(
    recorded.filter((notice): notice is RecordedNotice => notice !== null),
    years,
  );
}

/** The calendar covering from..to (inclusive). */
export function calendarBetween(ctx: RequestContext, from: string, to: string): Promise<ChinaCalendar> {
  return calendarForYears(ctx, yearsBetween(from, to));
}

export interface CalendarRange {
  from: string;
  to: string;
  days: CalendarDay[];
  notices: RecordedNotice[];
  noticeMissingYears: number[];
}

/** Every day of from..to with its kind and where it comes from, the notices that apply and the years lacking one. */
export async function calendarDays(ctx: RequestContext, from: string, to: string): Promise<CalendarRange> {
  if (to < from) throw new BadUserInputError(`"to" (${to}) is before "from" (${from}).`);
  const count = dayCount(from, to);
  if (count > MAX_CALENDAR_RANGE_DAYS) throw new BadUserInputError(`A range of at most ${MAX_CALENDAR_RANGE_DAYS} days at a time: ${from}…${to} has ${count}.`);
  const years = yearsBetween(from, to);
  const calendar = await calendarForYears(ctx, years);
  const notices = (await noticeByYear(ctx).loadMany(years)).filter((n): n is RecordedNotice => n !== null && !(n instanceof Error));
  const days: CalendarDay[] = [];
  for (let i = 0; i < count; i++) days.push(calendar.day(addDays(from, i)));
  return { from, to, days, notices, noticeMissingYears: calendar.noticeMissingYears(from, to) };
}

export interface CalendarNoticeData {
  year: number;
  reference: string;
  publishedOn?: string | null;
  restDays: string[];
  makeUpWorkingDays: string[];
}

/** Checks a notice against the rule: dates inside its year, no statutory day moved, make-up days on weekends, nothing twice. */
export function validateNotice(input: CalendarNoticeData): DomainProblem[] {
  const errors: DomainProblem[] = [];
  const invalid = (field: (string | number)[], message: string) =>
    errors.push(domainProblem(DomainErrorCode.INVALID, ['input', ...field.map(String)], message));
  if (!isSupportedYear(input.year)) {
    invalid(['year'], `The calendar covers ${FIRST_CALENDAR_YEAR}–${LAST_CALENDAR_YEAR}: earlier years followed other holiday rules.`);
    return errors;
  }
  const reference = input.reference.trim();
  if (reference.length < 1 || reference.length > 300) invalid(['reference'], 'Give the notice’s title and document number (1–300 characters).');
  if (input.publishedOn && input.publishedOn > `${input.year}-12-31`) invalid(['publishedOn'], `A notice for ${input.year} is published before the year ends.`);
  const statutory = new Map(statutoryHolidays(input.year).map((h) => [h.date, h.names.join('、')]));
  const restDays = new Set(input.restDays);
  const makeUpDays = new Set(input.makeUpWorkingDays);
  for (const [list, dates] of [
    ['restDays', input.restDays],
    ['makeUpWorkingDays', input.makeUpWorkingDays],
  ] as const) {
    if (dates.length > MAX_NOTICE_DAYS) {
      invalid([list], `At most ${MAX_NOTICE_DAYS} days.`);
      continue;
    }
    const seen = new Set<string>();
    dates.forEach((date, i) => {
      if (!date.startsWith(`${input.year}-`)) return invalid([list, i], `${date} is not in ${input.year}: a notice moves days of its own year only.`);
      if (seen.has(date)) return invalid([list, i], `${date} is listed twice.`);
      seen.add(date);
      const holiday = statutory.get(date);
      if (holiday) {
        return invalid(
          [list, i],
          list === 'restDays'
            ? `${date} is a statutory holiday (${holiday}) by rule, not a moved rest day.`
            : `${date} is a statutory holiday (${holiday}): it cannot be a working day.`,
        );
      }
      if (list === 'restDays' && makeUpDays.has(date)) return invalid([list, i], `${date} is also listed as a make-up working day.`);
      if (list === 'makeUpWorkingDays' && !isWeekend(date))
        return invalid([list, i], `Make-up working days fall on weekends: ${date} is a ${WEEKDAYS[isoWeekday(date)]}.`);
      if (list === 'makeUpWorkingDays' && restDays.has(date)) return invalid([list, i], `${date} is also listed as a rest day.`);
    });
  }
  return errors;
}

/**
 * A platform administrator records a year's notice (or replaces it: the audit log keeps the notice
 * before and after). Recorders of the same year run one after the other.
 */
export async function recordCalendarNotice(ctx: RequestContext, input: CalendarNoticeData): Promise<RecordedNotice> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'platformAdmin') throw new ForbiddenError('Only platform administrators record holiday notices.');
  const errors = validateNotice(input);
  if (errors.length) throw new DomainErrors(errors);
  const { year } = input;
  await ctx.uow.em.execute('select pg_advisory_xact_lock(?, ?)', [0x6b656675, year]);
  const loader = noticeByYear(ctx);
  const previous = await loader.clear(year).load(year);
  const restDays = [...input.restDays].sort();
  const makeUpWorkingDays = [...input.makeUpWorkingDays].sort();
  const after = { reference: input.reference.trim(), publishedOn: input.publishedOn ?? null, restDays, makeUpWorkingDays };

  await ctx.uow.em.nativeDelete(CalendarNoticeDay, { year });
  let notice = await ctx.uow.em.findOne(CalendarNotice, { year }, { refresh: true });
  if (!notice) {
    notice = Object.assign(new CalendarNotice(), { year });
    ctx.uow.em.persist(notice);
  }
  Object.assign(notice, { reference: after.reference, publishedOn: after.publishedOn, recordedByUserId: viewer.userId, recordedAt: ctx.clock.now() });
  for (const [dates, kind] of [
    [restDays, NoticeDayKind.REST_DAY],
    [makeUpWorkingDays, NoticeDayKind.MAKE_UP_WORKING_DAY],
  ] as const) {
    for (const date of dates) ctx.uow.em.persist(Object.assign(new CalendarNoticeDay(), { date, year, kind }));
  }

  recordAudit(ctx, {
    action: previous ? 'calendar.notice.replace' : 'calendar.notice.record',
    entityType: 'CalendarNotice',
    entityId: String(year),
    organizationId: null,
    before: previous && {
      reference: previous.reference,
      publishedOn: previous.publishedOn,
      restDays: previous.restDays,
      makeUpWorkingDays: previous.makeUpWorkingDays,
    },
    after,
  });
  loader.clear(year);
  return { year, ...after, recordedAt: notice.recordedAt };
}

/**
 * The date, in `timeZone`, of the n-th working day after the local date of `instant` (PRC calendar:
 * holidays and moved rest days off, make-up working days on). Loads the calendar of the years it spans.
 */
export async function workingDaysAfter(ctx: RequestContext, instant: Date, timeZone: string, n: number): Promise<string> {
  const from = localDate(instant, timeZone);
  const calendar = await calendarBetween(ctx, from, addDays(from, workingDaysSpan(n)));
  return addWorkingDays(calendar, from, n);
}

/** How many working days from..to (both included), by the PRC calendar. */
export async function workingDaysBetween(ctx: RequestContext, from: string, to: string): Promise<number> {
  if (to < from) return 0;
  return countWorkingDays(await calendarBetween(ctx, from, to), from, to);
}
