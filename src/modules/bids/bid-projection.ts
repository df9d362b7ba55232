import { Decimal } from 'decimal.js';
import { CHINA_CALENDAR } from '../calendar/china-holidays.js';
import type { Requirement } from '../requirements/requirement.entity.js';
import type { PricingTerms } from '../statements/billing/pricing-terms.js';
import { projectMonthlyCharges } from '../statements/billing/projection.js';

export interface BidProjection {
  months: ReturnType<typeof projectMonthlyCharges>;
  total: Decimal;
}

/** What a bid would charge over the requirement's term at its expected volume and seats (ramp-up applied). */
export function projectBid(requirement: Pick<Requirement, 'termStart' | 'termMonths' | 'expectedMonthlyVolume' | 'seatsRequired'>, pricing: PricingTerms): BidProjection {
  const months = projectMonthlyCharges(
    pricing,
    { startDate: requirement.termStart, termMonths: requirement.termMonths },
    { monthlyContacts: requirement.expectedMonthlyVolume, seats: requirement.seatsRequired },
    CHINA_CALENDAR,
  );
  return { months, total: months.reduce((sum, m) => sum.plus(m.amount), new Decimal(0)) };
}
