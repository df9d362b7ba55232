import type { Decimal } from 'decimal.js';
import type { RequirementStatus, RequirementVisibility } from './requirement.entity.js';

/*
 * The requirements domain's values and commands: plain TypeScript, no GraphQL. The GraphQL layer
 * (requirement.types.ts) registers these enums and declares input classes of the same shape.
 */

export enum ServiceScope {
  PRE_SALES = 'PRE_SALES',
  AFTER_SALES = 'AFTER_SALES',
  COMPLAINTS = 'COMPLAINTS',
  REVIEW_APPEALS = 'REVIEW_APPEALS',
  PROMOTION_SUPPORT = 'PROMOTION_SUPPORT',
  HOTLINE = 'HOTLINE',
  OUTBOUND = 'OUTBOUND',
  ORDER_PROCESSING = 'ORDER_PROCESSING',
}

export enum Channel {
  PHONE = 'PHONE',
  ONLINE_CHAT = 'ONLINE_CHAT',
  EMAIL = 'EMAIL',
  SOCIAL = 'SOCIAL',
  TICKET = 'TICKET',
}

export enum KpiMetric {
  FIRST_RESPONSE_SECONDS = 'FIRST_RESPONSE_SECONDS',
  AVG_HANDLE_SECONDS = 'AVG_HANDLE_SECONDS',
  RESOLUTION_RATE = 'RESOLUTION_RATE',
  SATISFACTION_RATE = 'SATISFACTION_RATE',
  CONVERSION_RATE = 'CONVERSION_RATE',
  ANSWER_RATE = 'ANSWER_RATE',
  MONTHLY_ATTRITION_RATE = 'MONTHLY_ATTRITION_RATE',
  QUALITY_SCORE = 'QUALITY_SCORE',
}

export enum KpiComparatorEnum {
  AT_MOST = 'AT_MOST',
  AT_LEAST = 'AT_LEAST',
}

export enum RequirementOrder {
  NEWEST = 'NEWEST',
  DEADLINE_SOONEST = 'DEADLINE_SOONEST',
  SEATS_MOST = 'SEATS_MOST',
  BUDGET_HIGHEST = 'BUDGET_HIGHEST',
}

/** The bounds of a requirement's terms: far beyond real tenders, short of what storage or arithmetic would choke on. */
export const REQUIREMENT_LIMITS = {
  titleLength: { min: 3, max: 200 },
  descriptionLength: 20_000,
  seats: { min: 1, max: 100_000 },
  monthlyVolume: 1_000_000_000,
  peakStaffingMultiplier: 20,
  kpiWeight: 100,
  termMonths: { min: 1, max: 120 },
  questionLength: { min: 3, max: 2_000 },
  answerLength: { min: 1, max: 5_000 },
} as const;

/** How the API writes a bound in a message: "100,000". */
export const formatBound = (value: number): string => value.toLocaleString('en-US');

/** A requirement's terms, as a merchant drafts them (requirementCreate / requirementUpdate). */
export interface RequirementDraft {
  title: string;
  description?: string | null;
  serviceScopes: ServiceScope[];
  channels: Channel[];
  serviceHours: { daysOfWeek: number[]; startTime?: string | null; endTime?: string | null; timeZone?: string | null };
  seatsRequired: number;
  expectedMonthlyVolume: number;
  peakPlans?: { from: string; to: string; staffingMultiplier: Decimal; note?: string | null }[] | null;
  kpiTargets?: { metric: KpiMetric; comparator: KpiComparatorEnum; target: Decimal; unit: string; weight?: Decimal | null }[] | null;
  termStart: string;
  termMonths: number;
  budgetMin?: Decimal | null;
  budgetMax?: Decimal | null;
  requiredCertifications?: string[] | null;
  bidDeadline: Date;
  visibility: RequirementVisibility;
}

/** Which requirements a list shows. */
export interface RequirementListFilter {
  statuses?: RequirementStatus[] | null;
  serviceScope?: ServiceScope | null;
  channel?: Channel | null;
  minSeats?: number | null;
  maxSeats?: number | null;
  minBudget?: Decimal | null;
  deadlineAfter?: Date | null;
  deadlineBefore?: Date | null;
  termStartFrom?: string | null;
  certificationsHeld?: string[] | null;
  biddableOnly?: boolean | null;
}
