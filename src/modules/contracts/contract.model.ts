import type { Decimal } from 'decimal.js';
import type { PricingDraft } from '../bids/pricing-mapping.js';
import type { KpiComparatorEnum, KpiMetric } from '../requirements/requirement.model.js';

/*
 * The contract lifecycle's values and commands: plain TypeScript, no GraphQL. The GraphQL layer
 * (contract-lifecycle.types.ts) registers these enums and declares input classes of the same shape.
 */

/** Which side of the contract. */
export enum ContractParty {
  MERCHANT = 'MERCHANT',
  VENDOR = 'VENDOR',
}

export enum TerminationKind {
  /** By the merchant, with notice (compensation when short). */
  CONVENIENCE = 'CONVENIENCE',
  /** By a party holding a termination right. */
  FOR_CAUSE = 'FOR_CAUSE',
}

export enum TerminationRightSource {
  KPI_STREAK = 'KPI_STREAK',
  INSPECTION_LADDER = 'INSPECTION_LADDER',
  UNCURED_BREACH = 'UNCURED_BREACH',
}

/** Bounds of free text in the lifecycle (reasons of amendments, terminations and breaches). */
export const LIFECYCLE_LIMITS = { reasonLength: { min: 3, max: 2_000 } } as const;

/** A proposed change to the terms, effective from a date (contractAmendmentPropose). */
export interface AmendmentProposal {
  effectiveFrom: string;
  reason: string;
  pricing?: PricingDraft | null;
  kpiTargets?: { metric: KpiMetric; comparator: KpiComparatorEnum; target: Decimal; unit: string; weight?: Decimal | null }[] | null;
  termination?: {
    convenienceNoticeDays?: number | null;
    shortNoticeCompensationMonths?: Decimal | null;
    curePeriodDays?: number | null;
    transitionDays?: number | null;
  } | null;
}

/** Ending the contract early (contractTerminate). */
export interface TerminationCommand {
  kind: TerminationKind;
  effectiveOn: string;
  reason: string;
  /** Convenience with short notice: the merchant accepts the compensation quoted. */
  acceptCompensation?: boolean | null;
  /** For cause: the right relied on (the oldest usable one when omitted). Raw id, null when of another type. */
  rightId?: string | null;
}
