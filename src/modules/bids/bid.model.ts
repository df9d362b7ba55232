import type { Decimal } from 'decimal.js';
import type { KpiMetric } from '../requirements/requirement.model.js';
import type { PricingDraft } from './pricing-mapping.js';

/*
 * The bids domain's values and commands: plain TypeScript, no GraphQL. The GraphQL layer
 * (bid.types.ts) registers these enums and declares input classes of the same shape.
 */

export enum PricingModelEnum {
  PER_CONTACT = 'PER_CONTACT',
  PER_SEAT_MONTH = 'PER_SEAT_MONTH',
  FIXED_MONTHLY = 'FIXED_MONTHLY',
  TIERED = 'TIERED',
}

export enum BidOrder {
  SUBMITTED_FIRST = 'SUBMITTED_FIRST',
  PRICE_LOWEST = 'PRICE_LOWEST',
}

/** The bounds of a bid's content. */
export const BID_LIMITS = {
  agents: { min: 1, max: 100_000 },
  otherStaff: 100_000,
  notesLength: 20_000,
} as const;

/** The content of a bid or of one of its revisions, as a vendor submits it. */
export interface BidDraft {
  staffing: {
    agents: number;
    teamLeads: number;
    qualityStaff: number;
    trainers: number;
    reserveRatio: Decimal;
    shifts?: string | null;
    languages?: string[] | null;
    trainingPlan?: string | null;
    maxMonthlyAttrition?: Decimal | null;
  };
  pricing: PricingDraft;
  kpiCommitments?: { metric: KpiMetric; value: Decimal }[] | null;
  notes?: string | null;
}
