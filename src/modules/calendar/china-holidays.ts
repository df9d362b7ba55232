/** Date helpers of the PRC calendar (ISO dates, UTC arithmetic), shared by the billing engine and the calendar. */
const DAY_MS = 86_400_000;

function utc(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function range(from: string, to: string): string[] {
  const days: string[] = [];
  const end = utc(to);
  for (let t = utc(from); t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Days from..to inclusive (0 when to is before from). */
export function dayCount(from: string, to: string): number {
  return Math.max(0, Math.round((utc(to) - utc(from)) / DAY_MS) + 1);
}

export function addDays(date: string, days: number): string {
  return new Date(utc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(utc(date)).getUTCDay() || 7;
}

export function isWeekend(date: string): boolean {
  return isoWeekday(date) >= 6;
}

export function daysInMonth(yearMonth: string): number {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function datesOfMonth(yearMonth: string): string[] {
  return range(`${yearMonth}-01`, `${yearMonth}-${String(daysInMonth(yearMonth)).padStart(2, '0')}`);
}

const spans = new Map<string, readonly string[]>();

/** The dates from..to inclusive. Memoized: projections of many bids walk the same contract months. */
export function datesBetween(from: string, to: string): readonly string[] {
  const key = `${from}/${to}`;
  let dates = spans.get(key);
  if (!dates) {
    if (spans.size >= 5000) spans.clear();
    dates = Object.freeze(range(from, to));
    spans.set(key, dates);
  }
  return dates;
}
