import { Decimal } from 'decimal.js';
import { addDays } from '../calendar/china-holidays.js';
import type { Requirement } from '../requirements/requirement.entity.js';
import { contractMonthStart } from '../statements/billing/contract-months.js';
import type { HolidayCalendar, PricingTerms } from '../statements/billing/pricing-terms.js';
import { projectMonthlyCharges } from '../statements/billing/projection.js';

export interface BidProjection {
  months: ReturnType<typeof projectMonthlyCharges>;
  total: Decimal;
}

type Term = Pick<Requirement, 'termStart' | 'termMonths'>;

/** The first and last day of a requirement's term (contract months by anniversary). */
export function termDates(term: Term): { from: string; to: string } {
  return { from: term.termStart, to: addDays(contractMonthStart(term.termStart, term.termMonths + 1), -1) };
}

/** What a bid would charge over the requirement's term at its expected volume and seats (ramp-up applied). */
export function projectBid(
  requirement: Term & Pick<Requirement, 'expectedMonthlyVolume' | 'seatsRequired'>,
  pricing: PricingTerms,
  calendar: HolidayCalendar,
): BidProjection {
  const months = projectMonthlyCharges(
    pricing,
    { startDate: requirement.termStart, termMonths: requirement.termMonths },
    { monthlyContacts: requirement.expectedMonthlyVolume, seats: requirement.seatsRequired },
    calendar,
  );
  return { months, total: months.reduce((sum, m) => sum.plus(m.amount), new Decimal(0)) };
}
