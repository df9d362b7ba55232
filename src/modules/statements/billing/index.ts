export * from './pricing-terms.js';
export { roundCents, sumAmounts } from './rounding.js';
export { contractMonthOf, contractMonthRanges, contractMonthStart } from './contract-months.js';
export { validatePricing } from './pricing-validation.js';
export { chargesForPeriod, computeServiceCharges, rampedRate } from './service-charges.js';
export { projectMonthlyCharges, totalContractValue } from './projection.js';
