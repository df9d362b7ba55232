import { daysInMonth } from '../../calendar/china-holidays.js';
import type { DailyUsage } from './pricing-terms.js';
import { chargesForPeriod } from './service-charges.js';
import type { StatementFacts, TermsSpan } from './statement-facts.js';
import type { DraftLine } from './statement-lines.js';

/** The spans in date order: the facts may list them in any order, the lines may not. */
export function spansInOrder(terms: readonly TermsSpan[]): TermsSpan[] {
  return [...terms].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * Qualified contacts of the month before `date`, inside the contract, whatever pricing charged them:
 * tiered bands are per calendar month (product.md §7), so after a mid-month amendment the new terms'
 * bands continue from the month's volume so far rather than starting again at the first band.
 */
function contactsBefore(facts: StatementFacts, date: string, usage: readonly DailyUsage[]): number {
  const monthStart = `${facts.month}-01`;
  const { startDate, endDate } = facts.contract;
  return usage
    .filter((d) => d.date >= monthStart && d.date < date && d.date >= startDate && (!endDate || d.date <= endDate) && d.qualifiedContacts > 0)
    .reduce((sum, d) => sum + d.qualifiedContacts, 0);
}

/**
 * Service charges S: the lines of each span of terms in force, prorated against the whole calendar
 * month (a span is part of a month, not a month of its own). A mid-month amendment thus gives each
 * span its own lines, with the span and its amendments as evidence.
 */
export function serviceChargeLines(facts: StatementFacts): DraftLine[] {
  const monthDays = daysInMonth(facts.month);
  return spansInOrder(facts.terms).flatMap((span) => {
    const period = { from: span.from, to: span.to, monthDays, bandStart: contactsBefore(facts, span.from, facts.usage) };
    const amendmentNumbers = [...span.amendmentNumbers].sort((a, b) => a - b);
    return chargesForPeriod(span.pricing, facts.contract, period, facts.usage, facts.calendar).map((charge): DraftLine => ({
      section: 'SERVICE_CHARGE',
      kind: charge.kind,
      description: charge.description,
      quantity: charge.quantity,
      unitPrice: charge.unitPrice,
      percent: null,
      amount: charge.amount,
      evidence: {
        dates: [...charge.dates],
        termsFrom: span.from,
        termsTo: span.to,
        amendmentNumbers,
        ...(charge.contractMonth === undefined ? {} : { contractMonth: charge.contractMonth }),
        ...(charge.seatType === undefined ? {} : { seatType: charge.seatType }),
      },
    }));
  });
}
