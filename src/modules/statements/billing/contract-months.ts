import { addDays } from '../../calendar/china-holidays.js';

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * First day of contract month n (1-based), by anniversary of the start date: start 2026-09-20 →
 * month 1 starts 09-20, month 2 starts 10-20. A start on the 29th–31st falls on the last day of
 * shorter months (start 01-31 → month 2 starts 02-28).
 */
export function contractMonthStart(startDate: string, n: number): string {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  const index = m - 1 + (n - 1);
  const year = y + Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysIn(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The contract month (1-based) a date falls in; 0 before the start. */
export function contractMonthOf(startDate: string, date: string): number {
  if (date < startDate) return 0;
  const [sy, sm] = startDate.split('-').map(Number) as [number, number];
  const [dy, dm] = date.split('-').map(Number) as [number, number];
  let n = (dy - sy) * 12 + (dm - sm) + 1;
  while (n > 1 && contractMonthStart(startDate, n) > date) n -= 1;
  while (contractMonthStart(startDate, n + 1) <= date) n += 1;
  return n;
}

export interface ContractMonthRange {
  contractMonth: number;
  from: string;
  to: string;
}

/** Splits [from, to] (inclusive) into the contract months it overlaps. */
export function contractMonthRanges(startDate: string, from: string, to: string): ContractMonthRange[] {
  const ranges: ContractMonthRange[] = [];
  let cursor = from < startDate ? startDate : from;
  while (cursor <= to) {
    const n = contractMonthOf(startDate, cursor);
    const end = addDays(contractMonthStart(startDate, n + 1), -1);
    const rangeTo = end < to ? end : to;
    ranges.push({ contractMonth: n, from: cursor, to: rangeTo });
    cursor = addDays(rangeTo, 1);
  }
  return ranges;
}
