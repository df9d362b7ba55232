import type { Decimal } from 'decimal.js';
import type { ChargeKind, DailyUsage, HolidayCalendar, PricingTerms } from './pricing-terms.js';

/**
 * What the billing engine reads to compute one contract's statement of one calendar month
 * (product.md §8), and what it returns. Pure data: the statements module gathers the facts from
 * the database, the engine (computeStatement) turns them into lines, and recompute feeds the
 * engine the facts named in the stored evidence. Every number is a Decimal or an integer.
 */

/** The deduction and fee rules of a contract, as in ContractRules (percentages are percent, "98" = 98%). */
export interface StatementRules {
  availability: {
    targetPercent: Decimal;
    deductionPercentPerPoint: Decimal;
    /** Floors, any order: at or below `atMostPercent` only `payablePercent` of S is due (the lowest floor reached wins). */
    tiers: { atMostPercent: Decimal; payablePercent: Decimal }[];
  };
  dataBreachDeductionPercent: Decimal;
  /** Percent per day late of the amount paid late (default 0.05). */
  lateFeePercentPerDay: Decimal;
}

/** Terms in force over a span of days of the month (inclusive): a binding amendment effective mid-month splits the month. */
export interface TermsSpan {
  from: string;
  to: string;
  pricing: PricingTerms;
  /** Which binding amendments make up these terms (empty: the terms as awarded). */
  amendmentNumbers: number[];
}

export interface AvailabilityFact {
  /** Availability of the month in percent, 2 decimals (availability.rules.ts). */
  percent: Decimal;
  nonExemptOutageMinutes: number;
  minutesInMonth: number;
  /** The non-exempt outages counted. */
  incidentIds: string[];
}

export interface VerifiedBreachFact {
  incidentId: string;
  /** Date (contract time zone) the merchant verified it; it falls in the statement's month. */
  verifiedOn: string;
}

export interface FailedInspectionFact {
  inspectionId: string;
  /** n-th failed inspection over the contract (1-based). */
  failureNumber: number;
  /** The ladder's deduction for this failure in percent ("10"), null for the first failure. */
  deductionPercent: Decimal | null;
}

export interface LatePaymentFact {
  paymentId: string;
  /** The earlier statement the payment settled. */
  statementId: string;
  statementMonth: string;
  dueDate: string;
  paidOn: string;
  /** The amount paid after the due date. */
  amount: Decimal;
}

export interface StatementFacts {
  /** The calendar month, "2026-10". */
  month: string;
  contract: { startDate: string; endDate?: string | null };
  /** Contiguous spans covering the days of the month inside the contract, in order. */
  terms: TermsSpan[];
  /** Rules of the terms in force on the month's last day inside the contract. */
  rules: StatementRules;
  usage: readonly DailyUsage[];
  calendar: HolidayCalendar;
  availability: AvailabilityFact | null;
  verifiedBreaches: VerifiedBreachFact[];
  failedInspections: FailedInspectionFact[];
  /** Payments made during the month after their statement's due date: their fee goes on this statement. */
  latePayments: LatePaymentFact[];
}

export type StatementLineKind =
  | ChargeKind
  | 'AVAILABILITY_DEDUCTION'
  | 'DATA_BREACH_DEDUCTION'
  | 'INSPECTION_DEDUCTION'
  /** Adds back what the deductions would take beyond S, so that they never exceed it. */
  | 'DEDUCTION_CAP'
  | 'LATE_PAYMENT_FEE';

export type StatementSection = 'SERVICE_CHARGE' | 'DEDUCTION' | 'FEE';

/** What a line was computed from: enough to fetch the same facts and recompute it. */
export interface LineEvidence {
  /** Usage days (service charges). */
  dates?: string[];
  /** Terms span of a service charge: its dates and the binding amendments. */
  termsFrom?: string;
  termsTo?: string;
  amendmentNumbers?: number[];
  contractMonth?: number;
  seatType?: string;
  incidentIds?: string[];
  inspectionIds?: string[];
  paymentIds?: string[];
  statementIds?: string[];
  availabilityPercent?: string;
  outageMinutes?: number;
  minutesInMonth?: number;
  daysLate?: number;
}

export interface StatementLine {
  /** 1-based, in statement order. */
  position: number;
  section: StatementSection;
  kind: StatementLineKind;
  description: string;
  quantity: Decimal | null;
  unitPrice: Decimal | null;
  /** Deductions: percent of S; fees: percent per day. */
  percent: Decimal | null;
  /** Signed: deductions are negative. Always 2 decimals, half-up at the line. */
  amount: Decimal;
  evidence: LineEvidence;
}

export interface StatementComputation {
  lines: StatementLine[];
  serviceCharges: Decimal;
  /** Negative or zero, never below −serviceCharges. */
  deductions: Decimal;
  subtotal: Decimal;
  vatRate: Decimal;
  vat: Decimal;
  /** Late-payment fees, outside VAT. */
  fees: Decimal;
  total: Decimal;
  /** Availability at or below the lowest floor (nothing payable): the vendor owes a written investigation report. */
  investigationReportRequired: boolean;
}

/** A line of a recorded statement that recompute does not reproduce to the cent. */
export interface LineDifference {
  position: number;
  kind: StatementLineKind;
  recorded: Decimal | null;
  recomputed: Decimal | null;
}
