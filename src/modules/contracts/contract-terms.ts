import type { KpiCommitment, StaffingPlan, StoredPricing } from '../bids/bid.entity.js';
import type { KpiTarget, ServiceHours } from '../requirements/requirement.entity.js';

/** The default rules of product.md §4–§8, frozen into every contract unless the parties agree otherwise. */
export const DEFAULT_CONTRACT_RULES = {
  termination: {
    convenienceNoticeDays: 60,
    shortNoticeCompensationMonths: '2',
    curePeriodDays: 30,
    transitionDays: 90,
    autoRenewMonths: 12,
    renewalNoticeDays: 30,
  },
  availability: {
    targetPercent: '98',
    deductionPercentPerPoint: '1',
    tiers: [
      { atMostPercent: '90', payablePercent: '80' },
      { atMostPercent: '80', payablePercent: '50' },
      { atMostPercent: '65', payablePercent: '0' },
    ],
  },
  breaches: { dataBreachDeductionPercent: '20' },
  kpiStreaks: { rectificationAfterDays: 3, terminationRightAfterDays: 7 },
  inspections: {
    weeklySampleSize: 50,
    passMark: '80',
    rectificationHours: 48,
    repeatFailureDeductionPercent: '10',
    terminationRightAtFailure: 3,
    autoTerminateAtThirdFailure: false,
  },
  usage: { qualifyingMinimumSeconds: 15 },
  statements: { issueByDayOfNextMonth: 5, deemedConfirmedAfterWorkingDays: 5, paymentDueDayOfFollowingMonth: 20, lateFeePercentPerDay: '0.05' },
} as const;

/** Literal types of the defaults widened to their kinds: amendments change values. */
type Widened<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : { readonly [K in keyof T]: Widened<T[K]> };

export type ContractRules = Widened<typeof DEFAULT_CONTRACT_RULES>;

/** Everything a contract runs on, copied at award so that later changes to the bid or requirement cannot alter it. */
export interface ContractTerms {
  requirement: {
    title: string;
    serviceScopes: string[];
    channels: string[];
    serviceHours: ServiceHours;
    seatsRequired: number;
    expectedMonthlyVolume: number;
    kpiTargets: KpiTarget[];
    timeZone: string;
  };
  bidRevision: number;
  pricing: StoredPricing;
  staffing: StaffingPlan;
  kpiCommitments: KpiCommitment[];
  rules: ContractRules;
}

/** The termination rules an amendment may change (renewal rules stay as awarded: the lifecycle reads them from the contract). */
export const AMENDABLE_TERMINATION_RULES = ['convenienceNoticeDays', 'shortNoticeCompensationMonths', 'curePeriodDays', 'transitionDays'] as const;
export type AmendableTerminationRule = (typeof AMENDABLE_TERMINATION_RULES)[number];

/** What an amendment changes, as stored (each part replaces the one in force; absent parts stay). */
export interface TermsChange {
  pricing?: StoredPricing;
  kpiTargets?: KpiTarget[];
  termination?: Partial<Pick<ContractRules['termination'], AmendableTerminationRule>>;
}
