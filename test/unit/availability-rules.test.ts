import { Decimal } from 'decimal.js';
import {
  availabilityPercent,
  mergeIntervals,
  monthWindow,
  monthlyAvailability,
  nextMonth,
  startOfLocalDay,
  type OutageSpan,
} from '../../src/modules/incidents/availability.rules.js';

const SHANGHAI = 'Asia/Shanghai';
const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const outage = (id: string, start: string, end: string | null, exempt = false): OutageSpan => ({
  id,
  startedAt: at(start),
  endedAt: end === null ? null : at(end),
  exempt,
});
const OCTOBER = monthWindow('2026-10', SHANGHAI);
/** Long after October: nothing is open "now". */
const LATER = at('2027-03-01T00:00:00Z');

describe('the month in the contract’s time zone', () => {
  test('October 2026 in Shanghai runs from 2026-09-30T16:00Z to 2026-10-31T16:00Z: 44,640 minutes', () => {
    expect(OCTOBER.start.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(OCTOBER.end.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthlyAvailability(OCTOBER, [], LATER).minutesInMonth).toBe(44_640);
  });

  test('months of 28, 29 and 30 days; December rolls into the next year', () => {
    expect(monthlyAvailability(monthWindow('2027-02', SHANGHAI), [], LATER).minutesInMonth).toBe(28 * 1440);
    expect(monthlyAvailability(monthWindow('2028-02', SHANGHAI), [], LATER).minutesInMonth).toBe(29 * 1440);
    expect(monthlyAvailability(monthWindow('2026-11', SHANGHAI), [], LATER).minutesInMonth).toBe(30 * 1440);
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(monthWindow('2026-12', SHANGHAI).end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  test('other zones: UTC, half-hour offsets, and a month with a daylight-saving change (Europe/Berlin, October 2026: 31 days + 1 hour)', () => {
    expect(startOfLocalDay('2026-10-01', 'UTC').toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(startOfLocalDay('2026-10-01', 'Asia/Kolkata').toISOString()).toBe('2026-09-30T18:30:00.000Z');
    expect(startOfLocalDay('2026-10-01', 'America/New_York').toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(monthlyAvailability(monthWindow('2026-10', 'Europe/Berlin'), [], LATER).minutesInMonth).toBe(44_640 + 60);
    expect(monthlyAvailability(monthWindow('2026-03', 'Europe/Berlin'), [], LATER).minutesInMonth).toBe(44_640 - 60);
  });
});

describe('availability', () => {
  test('2,000 non-exempt outage minutes in October 2026 → 95.52% (1 − 2000/44640 = 95.519…)', () => {
    // 33 h 20 min = 2,000 minutes.
    const result = monthlyAvailability(OCTOBER, [outage('a', '2026-10-10T08:00:00+08:00', '2026-10-11T17:20:00+08:00')], LATER);
    expect(result).toMatchObject({ minutesInMonth: 44_640, nonExemptOutageMinutes: 2000, exemptOutageMinutes: 0 });
    expect(result.availabilityPercent.toFixed(2)).toBe('95.52');
    expect(result.outages).toEqual([{ id: 'a', minutes: 2000, exempt: false }]);
  });

  test('exempt minutes are ignored (reported apart)', () => {
    const result = monthlyAvailability(
      OCTOBER,
      [outage('a', '2026-10-10T08:00:00+08:00', '2026-10-11T17:20:00+08:00'), outage('b', '2026-10-20T00:00:00+08:00', '2026-10-21T00:00:00+08:00', true)],
      LATER,
    );
    expect(result).toMatchObject({ nonExemptOutageMinutes: 2000, exemptOutageMinutes: 1440 });
    expect(result.availabilityPercent.toFixed(2)).toBe('95.52');
  });

  test('no outage → 100.00; the whole month down → 0.00', () => {
    expect(monthlyAvailability(OCTOBER, [], LATER).availabilityPercent.toFixed(2)).toBe('100.00');
    const down = monthlyAvailability(OCTOBER, [outage('a', '2026-09-01T00:00:00Z', '2026-12-01T00:00:00Z')], LATER);
    expect(down).toMatchObject({ nonExemptOutageMinutes: 44_640, outages: [{ id: 'a', minutes: 44_640, exempt: false }] });
    expect(down.availabilityPercent.toFixed(2)).toBe('0.00');
  });

  test('rounding is half-up on the exact value: 1 − 18/4000 = 99.55 exactly; 99.545 → 99.55, 99.544… → 99.54', () => {
    expect(availabilityPercent(18, 4000).toFixed()).toBe('99.55');
    // (4000 − 18.2)/4000 = 99.545 exactly: half-up to 99.55 (half-even would give 99.54).
    expect(new Decimal(4000 - 18.2).times(100).div(4000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()).toBe('99.55');
    expect(availabilityPercent(182, 40_000).toFixed()).toBe('99.55');
    expect(availabilityPercent(183, 40_000).toFixed()).toBe('99.54');
    expect(availabilityPercent(2000, 44_640).toFixed(2)).toBe('95.52');
    // 99.99775…: rounds up to 100.00, never above.
    expect(availabilityPercent(1, 44_640).toFixed(2)).toBe('100.00');
  });

  test('an outage across the Sep/Oct boundary is split at Shanghai midnight (16:00 UTC the day before)', () => {
    // 2026-09-30T15:00Z (23:00 Shanghai) to 2026-09-30T17:30Z (01:30 on 1 October): 60 min in September, 90 in October.
    const spans = [outage('x', '2026-09-30T15:00:00Z', '2026-09-30T17:30:00Z')];
    expect(monthlyAvailability(monthWindow('2026-09', SHANGHAI), spans, LATER)).toMatchObject({ minutesInMonth: 43_200, nonExemptOutageMinutes: 60 });
    expect(monthlyAvailability(OCTOBER, spans, LATER)).toMatchObject({ nonExemptOutageMinutes: 90, outages: [{ id: 'x', minutes: 90, exempt: false }] });
    // In UTC the same outage lies wholly in September.
    expect(monthlyAvailability(monthWindow('2026-10', 'UTC'), spans, LATER)).toMatchObject({ nonExemptOutageMinutes: 0, outages: [] });
  });

  test('overlapping outages are not double counted; each keeps its own minutes', () => {
    const result = monthlyAvailability(
      OCTOBER,
      [
        outage('a', '2026-10-05T10:00:00+08:00', '2026-10-05T12:00:00+08:00'),
        outage('b', '2026-10-05T11:00:00+08:00', '2026-10-05T13:00:00+08:00'),
        outage('c', '2026-10-05T11:30:00+08:00', '2026-10-05T11:45:00+08:00'),
        // Touching a: joined, counted once.
        outage('d', '2026-10-05T13:00:00+08:00', '2026-10-05T13:10:00+08:00'),
      ],
      LATER,
    );
    expect(result.nonExemptOutageMinutes).toBe(190);
    expect(result.outages.map((o) => [o.id, o.minutes])).toEqual([
      ['a', 120],
      ['b', 120],
      ['c', 15],
      ['d', 10],
    ]);
  });

  test('an exempt outage overlapping a non-exempt one: the shared minutes count as non-exempt, once', () => {
    const result = monthlyAvailability(
      OCTOBER,
      [outage('a', '2026-10-05T10:00:00+08:00', '2026-10-05T12:00:00+08:00'), outage('e', '2026-10-05T11:00:00+08:00', '2026-10-05T14:00:00+08:00', true)],
      LATER,
    );
    expect(result).toMatchObject({ nonExemptOutageMinutes: 120, exemptOutageMinutes: 120 });
  });

  test('an open outage counts up to now (to the minute), or the month end, whichever first', () => {
    const open = [outage('o', '2026-10-31T20:00:00+08:00', null)];
    const now = at('2026-10-31T21:30:45+08:00');
    expect(monthlyAvailability(OCTOBER, open, now)).toMatchObject({ nonExemptOutageMinutes: 90, outages: [{ id: 'o', minutes: 90, exempt: false }] });
    expect(monthlyAvailability(OCTOBER, open, at('2026-11-02T00:00:00+08:00')).nonExemptOutageMinutes).toBe(240);
    expect(monthlyAvailability(monthWindow('2026-11', SHANGHAI), open, at('2026-11-02T00:00:00+08:00')).nonExemptOutageMinutes).toBe(1440);
    // Not started yet at `now` (a clock moved back): nothing.
    expect(monthlyAvailability(OCTOBER, open, at('2026-10-31T19:00:00+08:00')).outages).toEqual([]);
  });

  test('outages outside the month are left out', () => {
    const result = monthlyAvailability(
      OCTOBER,
      [outage('sep', '2026-09-29T00:00:00+08:00', '2026-10-01T00:00:00+08:00'), outage('nov', '2026-11-01T00:00:00+08:00', '2026-11-01T02:00:00+08:00')],
      LATER,
    );
    expect(result).toMatchObject({ nonExemptOutageMinutes: 0, outages: [] });
  });
});

test('mergeIntervals: sorted, overlapping and touching joined, empty dropped', () => {
  expect(
    mergeIntervals([
      [5 * MIN, 7 * MIN],
      [1 * MIN, 3 * MIN],
      [2 * MIN, 4 * MIN],
      [4 * MIN, 5 * MIN],
      [9 * MIN, 9 * MIN],
    ]),
  ).toEqual([[1 * MIN, 7 * MIN]]);
  expect(mergeIntervals([])).toEqual([]);
});
