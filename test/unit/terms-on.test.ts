import { Decimal } from 'decimal.js';
import { loadPricing } from '../../src/modules/bids/pricing-mapping.js';
import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from '../../src/modules/contracts/contract-terms.js';
import { shortNoticeCompensation, terminationNotice } from '../../src/modules/contracts/contract-lifecycle.rules.js';
import { AmendmentStatus } from '../../src/modules/contracts/contract.entity.js';
import { termsOn, type AmendmentTerms } from '../../src/modules/contracts/terms-on.js';
import { datesBetween } from '../../src/modules/calendar/china-holidays.js';
import { chargesForPeriod } from '../../src/modules/statements/billing/index.js';

const pricing = (baseRate: string) => ({
  model: 'PER_CONTACT',
  baseRate,
  rampFactors: ['1'],
  seatRates: null,
  monthlyFee: null,
  tiers: null,
  holidayMultiplier: '3',
  vatRate: '0.06',
});
const contract = {
  terms: {
    requirement: { kpiTargets: [{ metric: 'ANSWER_RATE', comparator: 'AT_LEAST', target: '90', unit: '%', weight: '1' }], timeZone: 'Asia/Shanghai' },
    pricing: pricing('1.00'),
    rules: DEFAULT_CONTRACT_RULES,
  } as unknown as ContractTerms,
};
const amendment = (
  number: number,
  status: AmendmentStatus,
  effectiveFrom: string,
  changes: AmendmentTerms['changes'],
  boundAt = new Date(number * 1000),
): AmendmentTerms => ({
  number,
  status,
  effectiveFrom,
  changes,
  boundAt,
});

test('an amendment effective mid-month changes the terms from that day: charges of October use 1.00 until the 14th, 2.00 from the 15th', () => {
  const amendments = [amendment(1, AmendmentStatus.BINDING, '2026-10-15', { pricing: pricing('2.00') })];
  expect(termsOn(contract, amendments, '2026-10-14').terms.pricing.baseRate).toBe('1.00');
  expect(termsOn(contract, amendments, '2026-10-15')).toMatchObject({ on: '2026-10-15', amendmentNumbers: [1], terms: { pricing: { baseRate: '2.00' } } });
  // What the billing engine will do: each day charged with the terms of that day (100 contacts on each working day of 10-12…10-16).
  const calendar = chinaCalendar([]);
  const days = datesBetween('2026-10-12', '2026-10-16').map((date) => ({ date, qualifiedContacts: 100 }));
  const total = days.reduce((sum, day) => {
    const terms = termsOn(contract, amendments, day.date).terms;
    const lines = chargesForPeriod(loadPricing(terms.pricing), { startDate: '2026-10-01' }, { from: day.date, to: day.date, monthDays: 31 }, [day], calendar);
    return lines.reduce((s, l) => s.plus(l.amount), sum);
  }, new Decimal(0));
  // 10-12…10-14 at 1.00, 10-15 and 10-16 at 2.00.
  expect(total.toFixed(2)).toBe('700.00');
});

test('proposed and withdrawn amendments change nothing; the latest binding one wins part by part', () => {
  const amendments = [
    amendment(1, AmendmentStatus.BINDING, '2026-11-01', { pricing: pricing('1.50'), termination: { convenienceNoticeDays: 30 } }),
    amendment(2, AmendmentStatus.PROPOSED, '2026-11-01', { pricing: pricing('9.00') }),
    amendment(3, AmendmentStatus.WITHDRAWN, '2026-10-01', { pricing: pricing('8.00') }),
    amendment(4, AmendmentStatus.BINDING, '2026-12-01', { kpiTargets: [] }),
    amendment(5, AmendmentStatus.BINDING, '2026-11-01', { pricing: pricing('1.75') }, new Date(10_000)),
  ];
  expect(termsOn(contract, amendments, '2026-10-31')).toMatchObject({ amendmentNumbers: [], terms: { pricing: { baseRate: '1.00' } } });
  const nov = termsOn(contract, amendments, '2026-11-30');
  expect(nov.amendmentNumbers).toEqual([1, 5]);
  expect(nov.terms.pricing.baseRate).toBe('1.75');
  expect(nov.terms.rules.termination).toMatchObject({ convenienceNoticeDays: 30, transitionDays: 90 });
  expect(nov.terms.requirement.kpiTargets).toHaveLength(1);
  const dec = termsOn(contract, amendments, '2026-12-01');
  expect(dec.terms.requirement.kpiTargets).toEqual([]);
  expect(dec.terms.pricing.baseRate).toBe('1.75');
  // The awarded terms are never modified.
  expect(contract.terms.pricing.baseRate).toBe('1.00');
});

test('notice and compensation arithmetic', () => {
  const rules = { convenienceNoticeDays: 60, transitionDays: 90 };
  expect(terminationNotice({ startDate: '2027-01-01' }, rules, '2027-01-10', '2027-03-11')).toMatchObject({
    noticeDays: 60,
    shortNotice: false,
    contractMonth: 3,
  });
  expect(terminationNotice({ startDate: '2027-01-01' }, rules, '2027-01-10', '2027-03-10')).toMatchObject({
    noticeDays: 59,
    shortNotice: true,
    contractMonth: 3,
    monthFrom: '2027-03-01',
    monthTo: '2027-03-31',
    transitionEndsOn: '2027-06-07',
  });
  expect(shortNoticeCompensation(true, '2', new Decimal('124888.005')).toFixed(2)).toBe('249776.01');
  expect(shortNoticeCompensation(false, '2', new Decimal('124888.00')).toFixed(2)).toBe('0.00');
});
