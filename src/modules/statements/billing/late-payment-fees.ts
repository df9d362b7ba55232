import type { Decimal } from 'decimal.js';
import { dayCount } from '../../calendar/china-holidays.js';
import { roundCents } from './rounding.js';
import type { LatePaymentFact } from './statement-facts.js';
import { uniqueSorted, type DraftLine } from './statement-lines.js';

/** Calendar days from the due date to the payment: paid the day after it is 1 day late. */
export function daysLate(dueDate: string, paidOn: string): number {
  return paidOn > dueDate ? dayCount(dueDate, paidOn) - 1 : 0;
}

/**
 * One fee line per payment made after its due date (product.md §8): amount paid late × percent per day
 * × days late, rounded once at the end. A section of its own because fees sit outside VAT.
 */
export function latePaymentFeeLines(payments: readonly LatePaymentFact[], percentPerDay: Decimal): DraftLine[] {
  const sorted = uniqueSorted(
    payments,
    (p) => `${p.paidOn}/${p.paymentId}/${p.statementId}/${p.dueDate}/${p.amount.toFixed()}`,
    (p) => p.paymentId,
  );
  return sorted.flatMap((payment): DraftLine[] => {
    const days = daysLate(payment.dueDate, payment.paidOn);
    const amount = roundCents(payment.amount.times(percentPerDay).times(days).div(100));
    if (amount.lte(0)) return [];
    return [
      {
        section: 'FEE',
        kind: 'LATE_PAYMENT_FEE',
        description:
          `Late payment of the ${payment.statementMonth} statement: ${payment.amount.toFixed(2)} paid on ${payment.paidOn}, ` +
          `${days} days after its due date ${payment.dueDate}, × ${percentPerDay.toFixed()}% per day`,
        quantity: null,
        unitPrice: null,
        percent: percentPerDay,
        amount,
        evidence: { paymentIds: [payment.paymentId], statementIds: [payment.statementId], daysLate: days },
      },
    ];
  });
}
