import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import type { StoredPricing } from '../../src/modules/bids/bid.entity.js';
import { PricingType } from '../../src/modules/bids/bid.types.js';
import { loadPricing, pricingTermsOf, storePricing } from '../../src/modules/bids/pricing-mapping.js';

const STORED: StoredPricing[] = [
  { model: 'PER_CONTACT', baseRate: '1.5', rampFactors: ['0.8', '1'], seatRates: null, monthlyFee: null, tiers: null, holidayMultiplier: '3', vatRate: '0.06' },
  {
    model: 'PER_SEAT_MONTH',
    baseRate: null,
    rampFactors: null,
    seatRates: [{ seatType: 'INBOUND', monthlyRate: '8000' }],
    monthlyFee: null,
    tiers: null,
    holidayMultiplier: '2.5',
    vatRate: '0.06',
  },
  { model: 'FIXED_MONTHLY', baseRate: null, rampFactors: null, seatRates: null, monthlyFee: '50000', tiers: null, holidayMultiplier: '3', vatRate: '0.06' },
  {
    model: 'TIERED',
    baseRate: null,
    rampFactors: null,
    seatRates: null,
    monthlyFee: null,
    tiers: [
      { upTo: 1000, rate: '2' },
      { upTo: null, rate: '1.5' },
    ],
    holidayMultiplier: '3',
    vatRate: '0',
  },
];

test('stored pricing is decoded once (loadPricing) and survives a round trip through storage', () => {
  for (const stored of STORED) expect(storePricing(loadPricing(stored))).toEqual(stored);
});

test('the GraphQL Pricing type is formatted from the decoded terms, at the API’s scales', () => {
  expect(STORED.map((stored) => ({ ...PricingType.of(loadPricing(stored)) }))).toMatchSnapshot();
});

test('bid input and stored pricing give the same GraphQL pricing', () => {
  const terms = pricingTermsOf({ model: 'PER_CONTACT' as never, baseRate: new Decimal('1.5'), rampFactors: [new Decimal('0.8'), new Decimal('1')] });
  expect(PricingType.of(loadPricing(storePricing(terms)))).toEqual(PricingType.of(terms));
});
