import { Decimal } from 'decimal.js';
import { NEUTRAL_TRACK_RECORD_SCORE, trackRecordOf, trackRecordScore, type TrackRecordCounts } from '../../src/modules/bids/track-record.js';

/**
 * The vendor track record of the bid comparison (track-record.ts), pure: rates from the counts of the
 * vendor's finished months — KPI attainment = days met ÷ days measured, inspection pass rate = passed
 * ÷ scored, incident-free months = months without a counted incident ÷ contract-months, statements on
 * time = on time ÷ issued, each × 100 — and the score: the average of the known rates, 50 without a
 * finished month.
 */

const NONE: TrackRecordCounts = {
  contracts: 0,
  contractMonths: 0,
  monthsWithIncident: 0,
  kpiDaysMeasured: 0,
  kpiDaysMet: 0,
  inspectionsScored: 0,
  inspectionsPassed: 0,
  nonExemptOutages: 0,
  verifiedDataBreaches: 0,
  statementsIssued: 0,
  statementsIssuedOnTime: 0,
};
const counts = (c: Partial<TrackRecordCounts>): TrackRecordCounts => ({ ...NONE, contracts: 1, ...c });
const text = (d: Decimal | null) => (d === null ? null : d.toFixed(2));
const rates = (c: Partial<TrackRecordCounts>) => {
  const record = trackRecordOf(counts(c))!;
  return {
    kpiAttainment: text(record.kpiAttainment),
    inspectionPassRate: text(record.inspectionPassRate),
    incidentFreeMonthsRate: text(record.incidentFreeMonthsRate),
    statementsOnTime: text(record.statementsOnTime),
    incidents: record.incidents,
    score: text(trackRecordScore(record)),
  };
};

describe('trackRecordOf', () => {
  test('no finished contract-month: no track record, whatever else was counted', () => {
    expect(trackRecordOf(NONE)).toBeNull();
    expect(trackRecordOf(counts({ contractMonths: 0, kpiDaysMeasured: 30, kpiDaysMet: 30, statementsIssued: 1 }))).toBeNull();
  });

  test('each rate is part ÷ whole × 100; a rate without a whole is null, not 0 or 100', () => {
    expect(
      rates({
        contractMonths: 2,
        monthsWithIncident: 1,
        kpiDaysMeasured: 25,
        kpiDaysMet: 20,
        inspectionsScored: 3,
        inspectionsPassed: 2,
        nonExemptOutages: 1,
        verifiedDataBreaches: 1,
        statementsIssued: 2,
        statementsIssuedOnTime: 1,
      }),
    ).toEqual({
      kpiAttainment: '80.00',
      inspectionPassRate: '66.67',
      incidentFreeMonthsRate: '50.00',
      statementsOnTime: '50.00',
      incidents: 2,
      // (80 + 66.666… + 50 + 50) ÷ 4 = 61.666…
      score: '61.67',
    });
    expect(rates({ contractMonths: 3 })).toEqual({
      kpiAttainment: null,
      inspectionPassRate: null,
      incidentFreeMonthsRate: '100.00',
      statementsOnTime: null,
      incidents: 0,
      score: '100.00',
    });
  });

  test('rates are exact: rounding is left to the display', () => {
    const record = trackRecordOf(counts({ contractMonths: 3, inspectionsScored: 3, inspectionsPassed: 2 }))!;
    expect(record.inspectionPassRate!.times(3).toFixed()).toBe('200');
    // (66.666… + 100) ÷ 2 = 83.333… → 83.33; averaging the rounded 66.67 would give 83.335 → 83.34.
    expect(trackRecordScore(record).toFixed(2)).toBe('83.33');
  });

  test('incidents are outages plus breaches; several incidents in one month count as one month with an incident', () => {
    expect(rates({ contractMonths: 4, monthsWithIncident: 1, nonExemptOutages: 3, verifiedDataBreaches: 2 })).toMatchObject({
      incidents: 5,
      incidentFreeMonthsRate: '75.00',
    });
    expect(rates({ contractMonths: 2, monthsWithIncident: 2, nonExemptOutages: 2 })).toMatchObject({ incidentFreeMonthsRate: '0.00', score: '0.00' });
  });

  test('never below 0 % or above 100 %', () => {
    // More months with an incident than months (counts of inconsistent data) stay at 0 %.
    expect(rates({ contractMonths: 1, monthsWithIncident: 2 })).toMatchObject({ incidentFreeMonthsRate: '0.00' });
    expect(
      rates({
        contractMonths: 1,
        kpiDaysMeasured: 7,
        kpiDaysMet: 7,
        inspectionsScored: 1,
        inspectionsPassed: 1,
        statementsIssued: 1,
        statementsIssuedOnTime: 1,
      }).score,
    ).toBe('100.00');
  });
});

describe('trackRecordScore', () => {
  test('without a track record: 50, neutral', () => {
    expect(trackRecordScore(null)).toBe(NEUTRAL_TRACK_RECORD_SCORE);
    expect(NEUTRAL_TRACK_RECORD_SCORE.toFixed()).toBe('50');
  });

  test('the average of the known rates only', () => {
    // 90 (KPI) and 100 (no incident); inspections and statements unknown.
    expect(trackRecordScore(trackRecordOf(counts({ contractMonths: 1, kpiDaysMeasured: 10, kpiDaysMet: 9 }))).toFixed()).toBe('95');
    // 0 (KPI), 0 (inspections), 100 (no incident), 0 (statements).
    expect(
      trackRecordScore(
        trackRecordOf(
          counts({
            contractMonths: 1,
            kpiDaysMeasured: 5,
            kpiDaysMet: 0,
            inspectionsScored: 2,
            inspectionsPassed: 0,
            statementsIssued: 1,
            statementsIssuedOnTime: 0,
          }),
        ),
      ).toFixed(),
    ).toBe('25');
  });
});
