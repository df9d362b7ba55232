import { Field, Int, ObjectType } from 'type-graphql';
import { fixed } from '../../core/decimal-scale.js';
import { DecimalScalar } from '../../graphql/scalars.js';
import type { ContractRules } from './contract-terms.js';

/**
 * The rules a contract runs on, as frozen at the award, typed field by field. Percentages are
 * Decimal strings with 2 decimals ("98.00"), factors with 4 ("2.0000"); counts are Int.
 */

@ObjectType('TerminationRules', { description: 'How and when the contract may end early, renew or hand over.' })
export class TerminationRulesType {
  @Field(() => Int, { description: 'Days of written notice the merchant gives to terminate for convenience (default 60).' })
  convenienceNoticeDays!: number;

  @Field(() => DecimalScalar, {
    description:
      'Terminating for convenience with less notice, the merchant owes this many times the last month’s service charges: a factor, 4 decimals (default "2.0000").',
  })
  shortNoticeCompensationMonths!: string;

  @Field(() => Int, {
    description: 'Days after a notice of breach within which it must be cured; after that the other party may terminate for cause (default 30).',
  })
  curePeriodDays!: number;

  @Field(() => Int, { description: 'Days after any termination during which service continues at contract prices while data is handed over (default 90).' })
  transitionDays!: number;

  @Field(() => Int, { description: 'Months the contract renews for at its end unless either party gives notice (default 12).' })
  autoRenewMonths!: number;

  @Field(() => Int, { description: 'Days before the end by which a party must give notice to stop the renewal (default 30).' })
  renewalNoticeDays!: number;
}

@ObjectType('AvailabilityTier', { description: 'A floor of system availability below which only part of the month’s service charges is payable.' })
export class AvailabilityTierType {
  @Field(() => DecimalScalar, { description: 'Availability at or below this, in percent, 2 decimals (e.g. "90.00").' })
  atMostPercent!: string;

  @Field(() => DecimalScalar, {
    description:
      'Share of the month’s service charges still payable, in percent, 2 decimals ("80.00"; "0.00": nothing is payable and the vendor owes a written investigation report).',
  })
  payablePercent!: string;
}

@ObjectType('AvailabilityRules', {
  description:
    'Deductions for system availability below target. A month’s availability = (1 − non-exempt outage minutes ÷ minutes in the month) × 100, in percent.',
})
export class AvailabilityRulesType {
  @Field(() => DecimalScalar, { description: 'Monthly availability target, in percent, 2 decimals (default "98.00").' })
  targetPercent!: string;

  @Field(() => DecimalScalar, {
    description:
      'Deduction per full percentage point of availability below the target, in percent of the month’s service charges, 2 decimals (default "1.00").',
  })
  deductionPercentPerPoint!: string;

  @Field(() => [AvailabilityTierType], {
    description:
      'Floors, highest first: at or below a floor only its payable share is due (the lowest floor reached applies) instead of the per-point deduction.',
  })
  tiers!: AvailabilityTierType[];
}

@ObjectType('BreachRules', { description: 'Deductions for breaches of the contract.' })
export class BreachRulesType {
  @Field(() => DecimalScalar, {
    description: 'Deduction per data breach verified in the month, in percent of the month’s service charges, 2 decimals (default "20.00").',
  })
  dataBreachDeductionPercent!: string;
}

@ObjectType('KpiStreakRules', { description: 'What consecutive days of a missed KPI lead to.' })
export class KpiStreakRulesType {
  @Field(() => Int, { description: 'Consecutive days a KPI is missed before a rectification notice opens (default 3).' })
  rectificationAfterDays!: number;

  @Field(() => Int, { description: 'Consecutive days a KPI is missed that give the merchant the right to terminate for cause (default 7).' })
  terminationRightAfterDays!: number;
}

@ObjectType('InspectionRules', { description: 'Quality inspections (质检) of the vendor’s contacts, and the escalation of failures over the contract.' })
export class InspectionRulesType {
  @Field(() => Int, { description: 'Contacts the merchant inspects at least, each week (default 50).' })
  weeklySampleSize!: number;

  @Field(() => DecimalScalar, { description: 'Average score, 0–100 with 2 decimals, an inspection must reach to pass (default "80.00").' })
  passMark!: string;

  @Field(() => Int, { description: 'Hours the vendor has to answer the rectification of a failed inspection (default 48).' })
  rectificationHours!: number;

  @Field(() => DecimalScalar, {
    description:
      'Deduction for each second or later failed inspection of the contract, in percent of that month’s service charges, 2 decimals (default "10.00").',
  })
  repeatFailureDeductionPercent!: string;

  @Field(() => Int, { description: 'From this failed inspection on (counted over the contract), the merchant may terminate for cause (default 3).' })
  terminationRightAtFailure!: number;

  @Field({ description: 'Whether the contract ends by itself at that failure, instead of giving the merchant the right to terminate (default false).' })
  autoTerminateAtThirdFailure!: boolean;
}

@ObjectType('UsageRules', { description: 'Which contacts count in the vendor’s usage.' })
export class UsageRulesType {
  @Field(() => Int, { description: 'A call or chat is a qualified contact when it lasts at least this many seconds (default 15).' })
  qualifyingMinimumSeconds!: number;
}

@ObjectType('StatementRules', { description: 'Deadlines of the monthly statements and late payment.' })
export class StatementRulesType {
  @Field(() => Int, { description: 'The vendor issues a month’s statement by this day of the next month (default 5); later issuance is recorded as late.' })
  issueByDayOfNextMonth!: number;

  @Field(() => Int, {
    description:
      'An issued statement the merchant neither confirms nor disputes is deemed confirmed at the end of this many working days after issuance (PRC working days, make-up working days included; default 5).',
  })
  deemedConfirmedAfterWorkingDays!: number;

  @Field(() => Int, { description: 'Payment is due by this day of the month after the statement’s month (default 20).' })
  paymentDueDayOfFollowingMonth!: number;

  @Field(() => DecimalScalar, {
    description: 'Late-payment fee per day late, in percent of the unpaid amount, 2 decimals (default "0.05"); it is charged outside VAT.',
  })
  lateFeePercentPerDay!: string;
}

@ObjectType('ContractRules', { description: 'The rules frozen into the contract at the award (the platform’s defaults unless the parties agreed otherwise).' })
export class ContractRulesType {
  @Field(() => TerminationRulesType, { description: 'Termination for convenience or cause, renewal and hand-over.' })
  termination!: TerminationRulesType;

  @Field(() => AvailabilityRulesType, { description: 'System availability target and deductions.' })
  availability!: AvailabilityRulesType;

  @Field(() => BreachRulesType, { description: 'Deductions for breaches.' })
  breaches!: BreachRulesType;

  @Field(() => KpiStreakRulesType, { description: 'Consequences of KPIs missed several days in a row.' })
  kpiStreaks!: KpiStreakRulesType;

  @Field(() => InspectionRulesType, { description: 'Quality inspections and the escalation of failures.' })
  inspections!: InspectionRulesType;

  @Field(() => UsageRulesType, { description: 'What counts as a qualified contact.' })
  usage!: UsageRulesType;

  @Field(() => StatementRulesType, { description: 'Statement and payment deadlines, late-payment fee.' })
  statements!: StatementRulesType;

  /** The stored rules with every decimal written at the scale of its kind. */
  static of(rules: ContractRules): ContractRulesType {
    const { termination, availability, breaches, kpiStreaks, inspections, usage, statements } = rules;
    return Object.assign(new ContractRulesType(), {
      termination: Object.assign(new TerminationRulesType(), {
        ...termination,
        shortNoticeCompensationMonths: fixed(termination.shortNoticeCompensationMonths, 'FRACTION'),
      }),
      availability: Object.assign(new AvailabilityRulesType(), {
        targetPercent: fixed(availability.targetPercent, 'PERCENT'),
        deductionPercentPerPoint: fixed(availability.deductionPercentPerPoint, 'PERCENT'),
        tiers: availability.tiers.map((tier) =>
          Object.assign(new AvailabilityTierType(), {
            atMostPercent: fixed(tier.atMostPercent, 'PERCENT'),
            payablePercent: fixed(tier.payablePercent, 'PERCENT'),
          }),
        ),
      }),
      breaches: Object.assign(new BreachRulesType(), { dataBreachDeductionPercent: fixed(breaches.dataBreachDeductionPercent, 'PERCENT') }),
      kpiStreaks: Object.assign(new KpiStreakRulesType(), { ...kpiStreaks }),
      inspections: Object.assign(new InspectionRulesType(), {
        ...inspections,
        passMark: fixed(inspections.passMark, 'PERCENT'),
        repeatFailureDeductionPercent: fixed(inspections.repeatFailureDeductionPercent, 'PERCENT'),
      }),
      usage: Object.assign(new UsageRulesType(), { ...usage }),
      statements: Object.assign(new StatementRulesType(), { ...statements, lateFeePercentPerDay: fixed(statements.lateFeePercentPerDay, 'PERCENT') }),
    });
  }
}
