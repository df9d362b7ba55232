import { Decimal } from 'decimal.js';
import { invariant } from '../../core/invariant.js';

/**
 * Monthly availability (product.md §5), pure: (1 − non-exempt outage minutes ÷ minutes in the
 * month) × 100, exact, rounded half-up to 2 decimals. The month runs from midnight to midnight in
 * the contract's time zone; an outage is cut at those midnights; overlapping outages count once;
 * an open outage counts up to the request clock (to the minute).
 */

export const MINUTE_MS = 60_000;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (east positive). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (instant - (instant % 1000));
}

/** The instant a calendar date begins in a time zone ("2026-10-01", Asia/Shanghai → 2026-09-30T16:00:00Z). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let instant = wall - zoneOffsetMs(wall, timeZone);
  // Once more with the offset at the first guess: right across a change of offset.
  instant = wall - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/** The calendar month after "2026-10" ("2026-11"). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** A calendar month as instants: [start, end) in the contract's time zone. */
export interface MonthWindow {
  month: string;
  start: Date;
  end: Date;
}

export function monthWindow(month: string, timeZone: string): MonthWindow {
  return { month, start: startOfLocalDay(`${month}-01`, timeZone), end: startOfLocalDay(`${nextMonth(month)}-01`, timeZone) };
}

/** An outage as availability reads it. */
export interface OutageSpan {
  id: string;
  startedAt: Date;
  /** Null while open. */
  endedAt: Date | null;
  exempt: boolean;
}

/** An outage's share of the month: its minutes inside the month (up to now while open). */
export interface CountedOutage {
  id: string;
  minutes: number;
  exempt: boolean;
}

export interface MonthlyAvailability {
  month: string;
  minutesInMonth: number;
  /** Minutes of the month during which at least one non-exempt outage ran (overlaps once). */
  nonExemptOutageMinutes: number;
  /** Minutes during which only exempt outages ran: ignored by availability. */
  exemptOutageMinutes: number;
  /** Exact, 2 decimals, half-up. */
  availabilityPercent: Decimal;
  /** The outages with minutes in the month, in order of start. */
  outages: CountedOutage[];
}

type Interval = readonly [number, number];

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/** Sorted, non-overlapping intervals covering the same instants (touching ones joined). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** (1 − outage ÷ month) × 100, exact, rounded half-up to 2 decimals. */
export function availabilityPercent(outageMinutes: number, minutesInMonth: number): Decimal {
  invariant(minutesInMonth > 0 && outageMinutes >= 0 && outageMinutes <= minutesInMonth, 'availability: outage minutes within the month');
  return new Decimal(minutesInMonth - outageMinutes).times(100).div(minutesInMonth).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The part of an outage inside the month, to the minute: an open one runs to `now` (or the month's end, whichever first). */
function clipped(outage: OutageSpan, window: MonthWindow, now: Date): Interval {
  const end = outage.endedAt ? outage.endedAt.getTime() : floorMinute(now.getTime());
  return [floorMinute(Math.max(outage.startedAt.getTime(), window.start.getTime())), floorMinute(Math.min(end, window.end.getTime()))];
}

export function monthlyAvailability(window: MonthWindow, outages: readonly OutageSpan[], now: Date): MonthlyAvailability {
  const monthMs = window.end.getTime() - window.start.getTime();
  const counted: CountedOutage[] = [];
  const nonExempt: Interval[] = [];
  const exempt: Interval[] = [];
  for (const outage of [...outages].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id))) {
    const interval = clipped(outage, window, now);
    if (interval[1] <= interval[0]) continue;
    counted.push({ id: outage.id, minutes: (interval[1] - interval[0]) / MINUTE_MS, exempt: outage.exempt });
    (outage.exempt ? exempt : nonExempt).push(interval);
  }
  const nonExemptMs = totalMs(mergeIntervals(nonExempt));
  // Exempt minutes: the union of all outages less the non-exempt part (an instant counts once, as non-exempt when any counting outage runs).
  const allMs = totalMs(mergeIntervals([...nonExempt, ...exempt]));
  const minutesInMonth = monthMs / MINUTE_MS;
  const nonExemptOutageMinutes = nonExemptMs / MINUTE_MS;
  return {
    month: window.month,
    minutesInMonth,
    nonExemptOutageMinutes,
    exemptOutageMinutes: (allMs - nonExemptMs) / MINUTE_MS,
    availabilityPercent: availabilityPercent(nonExemptOutageMinutes, minutesInMonth),
    outages: counted,
  };
}
