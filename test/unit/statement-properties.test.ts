import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { addDays, datesOfMonth } from '../../src/modules/calendar/china-holidays.js';
import {
  computeStatement,
  diffStatement,
  roundCents,
  sumAmounts,
  validatePricing,
  type PricingTerms,
  type StatementComputation,
  type StatementFacts,
  type StatementLine,
  type StatementRules,
  type TermsSpan,
} from '../../src/modules/statements/billing/index.js';
import { CHINA_CALENDAR, d, DEFAULT_RULES } from '../helpers/statement-fixtures.js';

/**
 * Invariants of computeStatement on random terms and facts (all four pricing models, ramp-up, bands,
 * seats, fixed fees, mid-month amendments, every deduction, late payments): the totals are the sums
 * of the lines to the cent, deductions never exceed S, amounts have two decimals, a recomputation
 * matches the recorded lines, and the order the facts arrive in changes nothing.
 */

const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => new Decimal(n).div(100));
const SEAT_TYPES = ['INBOUND', 'INBOUND_OUTBOUND', 'OUTBOUND'];

const common = fc.record({
  holidayMultiplier: fc.constantFrom(d(1), d(2), d(3), d('2.5')),
  vatRate: fc.constantFrom(d(0), d('0.06'), d('0.09'), d('0.13')),
});

const perContact: fc.Arbitrary<PricingTerms> = fc
  .record({
    common,
    baseRate: fc.integer({ min: 1, max: 2_000 }).map((n) => new Decimal(n).div(100)),
    rampFactors: fc.option(
      fc.array(
        fc.integer({ min: 5_000, max: 20_000 }).map((n) => new Decimal(n).div(10_000)),
        { minLength: 1, maxLength: 4 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ common, baseRate, rampFactors }) => ({ model: 'PER_CONTACT', baseRate, ...(rampFactors ? { rampFactors } : {}), ...common }));

const perSeat: fc.Arbitrary<PricingTerms> = fc
  .record({ common, types: fc.subarray(SEAT_TYPES, { minLength: 1 }), rates: fc.array(cents(300_000), { minLength: 3, maxLength: 3 }) })
  .map(({ common, types, rates }) => ({ model: 'PER_SEAT_MONTH', seatRates: types.map((seatType, i) => ({ seatType, monthlyRate: rates[i]! })), ...common }));

const fixed: fc.Arbitrary<PricingTerms> = fc
  .record({ common, monthlyFee: cents(10_000_000) })
  .map(({ common, monthlyFee }) => ({ model: 'FIXED_MONTHLY', monthlyFee, ...common }));

const tiered: fc.Arbitrary<PricingTerms> = fc
  .record({
    common,
    bounds: fc.uniqueArray(fc.integer({ min: 1, max: 60_000 }), { maxLength: 3 }),
    rates: fc.array(cents(300), { minLength: 4, maxLength: 4 }),
  })
  .map(({ common, bounds, rates }) => {
    const upTos = [...bounds.sort((a, b) => a - b), null];
    return { model: 'TIERED', tiers: upTos.map((upTo, i) => ({ upTo, rate: rates[i]! })), ...common };
  });

const pricing = fc.oneof(perContact, perSeat, fixed, tiered);

/** Percentages at the rules' edges as often as anywhere else. */
const availabilityPercent = fc.oneof(
  fc.constantFrom('100', '98', '97.99', '97', '90.01', '90', '80.01', '80', '65.01', '65', '0').map(d),
  fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).div(100)),
);

const rules: fc.Arbitrary<StatementRules> = fc
  .record({
    perPoint: fc.constantFrom(d(1), d(2), d('0.5')),
    breach: fc.constantFrom(d(20), d(20), d('33.33')),
    lateFee: fc.constantFrom(d('0.05'), d('0.1')),
  })
  .map(({ perPoint, breach, lateFee }) => ({
    availability: { ...DEFAULT_RULES.availability, deductionPercentPerPoint: perPoint },
    dataBreachDeductionPercent: breach,
    lateFeePercentPerDay: lateFee,
  }));

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

const statementFacts: fc.Arbitrary<StatementFacts> = fc.constantFrom('2026-02', '2026-05', '2026-10', '2026-11', '2026-12').chain((month) => {
  const dates = datesOfMonth(month);
  const first = dates[0]!;
  const last = dates.at(-1)!;
  const day = fc.constantFrom(...dates);
  return fc
    .record({
      startOffset: fc.integer({ min: -150, max: 25 }),
      endOffset: fc.option(fc.integer({ min: 0, max: 60 })),
      split: fc.option(fc.integer({ min: 1, max: 30 })),
      pricing,
      amended: pricing,
      rules,
      usage: fc.uniqueArray(
        fc.record({
          date: fc.constantFrom(addDays(first, -1), ...dates, addDays(last, 1)),
          qualifiedContacts: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4_000 })),
          seats: fc.dictionary(fc.constantFrom(...SEAT_TYPES), fc.integer({ min: 0, max: 40 })),
        }),
        { selector: (u) => u.date, maxLength: 33 },
      ),
      availability: fc.option(
        fc.record({
          percent: availabilityPercent,
          nonExemptOutageMinutes: fc.integer({ min: 0, max: 44_640 }),
          incidentIds: fc.uniqueArray(fc.constantFrom('o1', 'o2', 'o3')),
        }),
      ),
      verifiedBreaches: fc.uniqueArray(fc.record({ incidentId: fc.constantFrom('b1', 'b2', 'b3', 'b4'), verifiedOn: day }), {
        selector: (b) => b.incidentId,
        maxLength: 3,
      }),
      failedInspections: fc.uniqueArray(
        fc.record({
          inspectionId: fc.constantFrom('i1', 'i2', 'i3', 'i4'),
          failureNumber: fc.integer({ min: 1, max: 5 }),
          percent: fc.constantFrom(d(10), d('12.5'), d(50)),
        }),
        { selector: (f) => f.inspectionId },
      ),
      latePayments: fc.uniqueArray(
        fc.record({ paymentId: fc.constantFrom('p1', 'p2', 'p3'), paidOn: day, daysLate: fc.integer({ min: 0, max: 90 }), amount: cents(100_000_000) }),
        { selector: (p) => p.paymentId },
      ),
    })
    .map((r): StatementFacts => {
      const startDate = addDays(first, r.startOffset);
      const endCandidate = r.endOffset === null ? null : addDays(first, r.endOffset);
      const endDate = endCandidate && endCandidate >= startDate ? endCandidate : null;
      const from = later(first, startDate);
      const to = earlier(last, endDate ?? last);
      const splitDay = r.split === null ? null : addDays(from, r.split);
      const terms: TermsSpan[] =
        from > to
          ? []
          : splitDay && splitDay <= to
            ? [
                { from, to: addDays(splitDay, -1), pricing: r.pricing, amendmentNumbers: [] },
                { from: splitDay, to, pricing: r.amended, amendmentNumbers: [2, 1] },
              ]
            : [{ from, to, pricing: r.pricing, amendmentNumbers: [] }];
      return {
        month,
        contract: { startDate, endDate },
        terms,
        rules: r.rules,
        usage: r.usage,
        calendar: CHINA_CALENDAR,
        availability: r.availability && { ...r.availability, minutesInMonth: dates.length * 1440 },
        verifiedBreaches: r.verifiedBreaches,
        failedInspections: r.failedInspections.map((f) => ({
          inspectionId: f.inspectionId,
          failureNumber: f.failureNumber,
          deductionPercent: f.failureNumber === 1 ? null : f.percent,
        })),
        latePayments: r.latePayments.map((p) => ({
          paymentId: p.paymentId,
          statementId: `statement-${p.paymentId}`,
          statementMonth: '2026-01',
          dueDate: addDays(p.paidOn, -p.daysLate),
          paidOn: p.paidOn,
          amount: p.amount,
        })),
      };
    });
});

/** A deterministic shuffle (a small LCG), so that a failing case replays. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const RUNS = { numRuns: 300 };
const sum = (lines: StatementLine[]) => sumAmounts(lines.map((l) => l.amount));
const ofSection = (s: StatementComputation, section: StatementLine['section']) => s.lines.filter((l) => l.section === section);
const twoDecimals = (value: Decimal) => value.decimalPlaces() <= 2;

describe('statement invariants on random terms and facts', () => {
  test('the generated terms are valid terms (else the properties would prove little)', () => {
    fc.assert(
      fc.property(statementFacts, (facts) => facts.terms.every((span) => validatePricing(span.pricing).length === 0)),
      RUNS,
    );
  });

  test('the totals are the sums of the lines to the cent; VAT is on the subtotal only', () => {
    fc.assert(
      fc.property(statementFacts, (facts) => {
        const s = computeStatement(facts);
        expect(sum(ofSection(s, 'SERVICE_CHARGE'))).toEqual(s.serviceCharges);
        expect(sum(ofSection(s, 'DEDUCTION'))).toEqual(s.deductions);
        expect(sum(ofSection(s, 'FEE'))).toEqual(s.fees);
        expect(s.subtotal).toEqual(s.serviceCharges.plus(s.deductions));
        expect(s.vat).toEqual(roundCents(s.subtotal.times(s.vatRate)));
        expect(s.total).toEqual(sum(s.lines).plus(s.vat));
        // Fees stay outside VAT: without them only the fees and the total change.
        const withoutFees = computeStatement({ ...facts, latePayments: [] });
        expect([withoutFees.subtotal, withoutFees.vat, withoutFees.total.plus(s.fees)]).toEqual([s.subtotal, s.vat, s.total]);
      }),
      RUNS,
    );
  });

  test('deductions never exceed the service charges, and are never positive', () => {
    fc.assert(
      fc.property(statementFacts, (facts) => {
        const s = computeStatement(facts);
        expect(s.deductions.gte(s.serviceCharges.negated())).toBe(true);
        expect(s.deductions.lte(0)).toBe(true);
        expect(s.subtotal.gte(0)).toBe(true);
        const caps = s.lines.filter((l) => l.kind === 'DEDUCTION_CAP');
        const uncapped = sum(ofSection(s, 'DEDUCTION').filter((l) => l.kind !== 'DEDUCTION_CAP'));
        // A cap exactly when the deductions would take more than S, and then they take S exactly.
        expect(caps.length).toBe(uncapped.negated().gt(s.serviceCharges) ? 1 : 0);
        if (caps.length) expect(s.deductions).toEqual(s.serviceCharges.negated());
      }),
      RUNS,
    );
  });

  test('every amount has two decimals; positions run 1..n in section order; no line of 0.00 among deductions and fees', () => {
    const order = { SERVICE_CHARGE: 0, DEDUCTION: 1, FEE: 2 };
    fc.assert(
      fc.property(statementFacts, (facts) => {
        const s = computeStatement(facts);
        for (const value of [s.serviceCharges, s.deductions, s.subtotal, s.vat, s.fees, s.total, ...s.lines.map((l) => l.amount)]) {
          expect(twoDecimals(value)).toBe(true);
        }
        expect(s.lines.map((l) => l.position)).toEqual(s.lines.map((_, i) => i + 1));
        const sections = s.lines.map((l) => order[l.section]);
        expect(sections).toEqual([...sections].sort((a, b) => a - b));
        const cap = s.lines.findIndex((l) => l.kind === 'DEDUCTION_CAP');
        if (cap >= 0) expect(s.lines[cap + 1]?.section ?? 'FEE').toBe('FEE');
        expect(s.lines.filter((l) => l.section !== 'SERVICE_CHARGE' && l.amount.isZero())).toEqual([]);
      }),
      RUNS,
    );
  });

  test('recompute of the recorded lines (as stored: 2-decimal strings) finds no difference', () => {
    fc.assert(
      fc.property(statementFacts, (facts) => {
        const recorded = computeStatement(facts).lines.map((l) => ({ position: l.position, kind: l.kind, amount: new Decimal(l.amount.toFixed(2)) }));
        expect(diffStatement(recorded, computeStatement(facts))).toEqual([]);
      }),
      RUNS,
    );
  });

  test('deterministic: the same facts, in any order, give deep-equal statements', () => {
    fc.assert(
      fc.property(statementFacts, fc.integer(), (facts, seed) => {
        const reordered: StatementFacts = {
          ...facts,
          terms: shuffled(facts.terms, seed).map((span) => ({ ...span, amendmentNumbers: shuffled(span.amendmentNumbers, seed) })),
          usage: shuffled(facts.usage, seed),
          availability: facts.availability && { ...facts.availability, incidentIds: shuffled(facts.availability.incidentIds, seed) },
          verifiedBreaches: shuffled(facts.verifiedBreaches, seed),
          failedInspections: shuffled(facts.failedInspections, seed),
          latePayments: shuffled(facts.latePayments, seed),
        };
        const once = computeStatement(facts);
        expect(computeStatement(facts)).toEqual(once);
        expect(computeStatement(reordered)).toEqual(once);
      }),
      RUNS,
    );
  });
});
