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

export type ContractRules = typeof DEFAULT_CONTRACT_RULES;

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
