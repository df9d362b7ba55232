import { DomainErrorCode, domainProblem, type DomainProblem } from '../../core/domain-error.js';
import { localDate } from '../calendar/working-days.js';
import type { ContactRecordCommand, SeatCountCommand, UsageDayCommand, UsageReportCommand } from './usage.model.js';

/** Most contact records one report may carry (the API promises at least 10,000 per call). */
export const USAGE_MAX_RECORDS_PER_REPORT = 10_000;
/** Most days one report may carry. */
export const USAGE_MAX_DAYS_PER_REPORT = 366;
/** A contact lasts at most a day. */
export const USAGE_MAX_DURATION_SECONDS = 86_400;
/** Longest external id, agent reference and seat type. */
export const USAGE_MAX_TEXT_LENGTH = 100;
export const USAGE_MAX_SEAT_TYPE_LENGTH = 50;
/** At most this many problems are reported for one report (the first ones, in input order). */
export const USAGE_MAX_PROBLEMS = 100;
/** product.md §5: a contact counts when it lasts at least this long, unless the contract says otherwise. */
export const DEFAULT_QUALIFYING_MINIMUM_SECONDS = 15;
export const DEFAULT_USAGE_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date of an instant in a time zone (the calendar's, re-exported for the usage rules' callers). */
export { localDate };

/** The days a contract accepts usage for, in its time zone. */
export interface UsageWindow {
  timeZone: string;
  /** First day of the term. */
  firstDay: string;
  /** The day after the term's last day. */
  termEnd: string;
  /** Today in the contract's time zone: later days have no usage yet. */
  today: string;
  qualifyingMinimumSeconds: number;
}

export interface UsageContractFacts {
  startDate: string;
  termMonths: number;
  timeZone?: string | null;
  qualifyingMinimumSeconds?: number | null;
}

/** `date` + `months` calendar months, clamped to the month's last day (2027-01-31 + 1 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** First day of a date's month ("2027-01-15" → "2027-01-01"). */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** Local dates of many instants; instants in the same quarter hour share a date (every zone's offset is a multiple of 15 minutes). */
function localDates(timeZone: string): (instant: Date) => string {
  const byQuarter = new Map<number, string>();
  return (instant) => {
    const quarter = Math.floor(instant.getTime() / 900_000);
    let date = byQuarter.get(quarter);
    if (date === undefined) {
      date = localDate(instant, timeZone);
      byQuarter.set(quarter, date);
    }
    return date;
  };
}

/** The days a contract accepts usage for at `now`. */
export function usageWindow(contract: UsageContractFacts, now: Date): UsageWindow {
  const timeZone = contract.timeZone || DEFAULT_USAGE_TIME_ZONE;
  return {
    timeZone,
    firstDay: contract.startDate,
    termEnd: addMonths(contract.startDate, contract.termMonths),
    today: localDate(now, timeZone),
    qualifyingMinimumSeconds: contract.qualifyingMinimumSeconds ?? DEFAULT_QUALIFYING_MINIMUM_SECONDS,
  };
}

/** A report's records as column arrays, ready for one `unnest` insert. */
export interface RecordColumns {
  externalIds: string[];
  channels: string[];
  agentRefs: string[];
  startedAt: string[];
  durations: number[];
  days: string[];
  months: string[];
  qualified: boolean[];
}

/** A report's days as column arrays. */
export interface DayColumns {
  dates: string[];
  qualified: number[];
  total: number[];
  /** JSON text of each day's seats. */
  seats: string[];
}

export interface CheckedReport {
  problems: DomainProblem[];
  records: RecordColumns;
  days: DayColumns;
}

class Problems {
  readonly list: DomainProblem[] = [];
  get full(): boolean {
    return this.list.length >= USAGE_MAX_PROBLEMS;
  }
  add(path: (string | number)[], message: string): void {
    if (!this.full) this.list.push(domainProblem(DomainErrorCode.INVALID, path.map(String), message));
  }
}

function dayProblem(date: string, window: UsageWindow): string | null {
  if (date < window.firstDay || date >= window.termEnd) return `${date} is outside the contract term (${window.firstDay} to the day before ${window.termEnd}).`;
  if (date > window.today) return `${date} is in the future (today is ${window.today} in ${window.timeZone}).`;
  return null;
}

function checkSeats(seats: SeatCountCommand[], path: (string | number)[], problems: Problems): void {
  const seen = new Set<string>();
  seats.forEach((seat, j) => {
    if (seat.seatType.length < 1 || seat.seatType.length > USAGE_MAX_SEAT_TYPE_LENGTH)
      problems.add([...path, j, 'seatType'], `Seat type must have 1 to ${USAGE_MAX_SEAT_TYPE_LENGTH} characters.`);
    else if (seen.has(seat.seatType)) problems.add([...path, j, 'seatType'], `Seat type "${seat.seatType}" appears more than once for this day.`);
    seen.add(seat.seatType);
    if (!Number.isInteger(seat.seats) || seat.seats < 0) problems.add([...path, j, 'seats'], 'Seats must not be negative.');
  });
}

function checkDays(days: UsageDayCommand[], window: UsageWindow, problems: Problems): DayColumns {
  const columns: DayColumns = { dates: [], qualified: [], total: [], seats: [] };
  const firstIndex = new Map<string, number>();
  days.forEach((day, i) => {
    const path = ['input', 'days', i];
    const outside = dayProblem(day.date, window);
    if (outside) problems.add([...path, 'date'], outside);
    const earlier = firstIndex.get(day.date);
    if (earlier !== undefined) problems.add([...path, 'date'], `${day.date} appears more than once in this report (first at days[${earlier}]).`);
    else firstIndex.set(day.date, i);
    if (day.qualifiedContacts < 0) problems.add([...path, 'qualifiedContacts'], 'Qualified contacts must not be negative.');
    if (day.totalContacts < 0) problems.add([...path, 'totalContacts'], 'Total contacts must not be negative.');
    if (day.qualifiedContacts > day.totalContacts) problems.add([...path, 'qualifiedContacts'], 'Qualified contacts cannot exceed total contacts.');
    const seats = day.seats ?? [];
    checkSeats(seats, [...path, 'seats'], problems);
    columns.dates.push(day.date);
    columns.qualified.push(day.qualifiedContacts);
    columns.total.push(day.totalContacts);
    columns.seats.push(JSON.stringify(seats.map((s) => ({ seatType: s.seatType, seats: s.seats }))));
  });
  return columns;
}

function checkRecords(records: ContactRecordCommand[], window: UsageWindow, now: Date, problems: Problems): RecordColumns {
  const n = records.length;
  const columns: RecordColumns = {
    externalIds: new Array<string>(n),
    channels: new Array<string>(n),
    agentRefs: new Array<string>(n),
    startedAt: new Array<string>(n),
    durations: new Array<number>(n),
    days: new Array<string>(n),
    months: new Array<string>(n),
    qualified: new Array<boolean>(n),
  };
  const dateOf = localDates(window.timeZone);
  const firstIndex = new Map<string, number>();
  const nowMs = now.getTime();
  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    if (record.externalId.length < 1 || record.externalId.length > USAGE_MAX_TEXT_LENGTH) {
      problems.add(['input', 'records', i, 'externalId'], `External id must have 1 to ${USAGE_MAX_TEXT_LENGTH} characters.`);
    } else {
      const earlier = firstIndex.get(record.externalId);
      if (earlier !== undefined) {
        problems.add(
          ['input', 'records', i, 'externalId'],
          `External id "${record.externalId}" appears more than once in this batch (first at records[${earlier}]).`,
        );
      } else firstIndex.set(record.externalId, i);
    }
    if (record.agentRef.length < 1 || record.agentRef.length > USAGE_MAX_TEXT_LENGTH)
      problems.add(['input', 'records', i, 'agentRef'], `Agent reference must have 1 to ${USAGE_MAX_TEXT_LENGTH} characters.`);
    if (record.durationSeconds < 0) problems.add(['input', 'records', i, 'durationSeconds'], 'Duration must not be negative.');
    else if (record.durationSeconds > USAGE_MAX_DURATION_SECONDS)
      problems.add(['input', 'records', i, 'durationSeconds'], `Duration must not exceed 24 hours (${USAGE_MAX_DURATION_SECONDS} s).`);
    const day = dateOf(record.startedAt);
    const outside = dayProblem(day, window);
    if (outside) problems.add(['input', 'records', i, 'startedAt'], outside);
    else if (record.startedAt.getTime() > nowMs) problems.add(['input', 'records', i, 'startedAt'], 'The contact starts in the future.');
    columns.externalIds[i] = record.externalId;
    columns.channels[i] = record.channel;
    columns.agentRefs[i] = record.agentRef;
    columns.startedAt[i] = record.startedAt.toISOString();
    columns.durations[i] = record.durationSeconds;
    columns.days[i] = day;
    columns.months[i] = monthOf(day);
    columns.qualified[i] = record.durationSeconds >= window.qualifyingMinimumSeconds;
  }
  return columns;
}

/**
 * Checks a report against the contract's usage window and turns it into column arrays. Every
 * problem names its input path (`['input', 'records', '3', 'durationSeconds']`). Duplicate external
 * ids (or dates) inside one report are an error, not "last wins": a batch says each thing once.
 */
export function checkUsageReport(command: UsageReportCommand, window: UsageWindow, now: Date): CheckedReport {
  const problems = new Problems();
  const records = command.records ?? [];
  const days = command.days ?? [];
  const empty: CheckedReport = { problems: problems.list, records: checkRecords([], window, now, problems), days: checkDays([], window, problems) };
  if (records.length > USAGE_MAX_RECORDS_PER_REPORT) {
    problems.add(['input', 'records'], `At most ${USAGE_MAX_RECORDS_PER_REPORT} records per report (got ${records.length}): split the batch.`);
  }
  if (days.length > USAGE_MAX_DAYS_PER_REPORT) {
    problems.add(['input', 'days'], `At most ${USAGE_MAX_DAYS_PER_REPORT} days per report (got ${days.length}).`);
  }
  if (records.length === 0 && days.length === 0) problems.add(['input'], 'Send days, records or both.');
  if (problems.list.length) return empty;
  return { problems: problems.list, days: checkDays(days, window, problems), records: checkRecords(records, window, now, problems) };
}
