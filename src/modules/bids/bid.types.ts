import type { Decimal } from 'decimal.js';
import { fixed } from '../../core/decimal-scale.js';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar, DecimalScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { KpiMetric } from '../requirements/requirement.types.js';
import type { PricingTerms } from '../statements/billing/pricing-terms.js';
import { Bid, BidRevision, BidStatus, type KpiCommitment, type StaffingPlan } from './bid.entity.js';
import { loadPricing } from './pricing-mapping.js';
import type { TrackRecord } from './track-record.js';
import { BidOrder, PricingModelEnum } from './bid.model.js';

export { BidOrder, PricingModelEnum };

registerEnumType(PricingModelEnum, {
  name: 'PricingModel',
  description: 'How service is charged. Amounts exclude VAT, which the statement adds at the contract’s VAT rate.',
  valuesConfig: {
    PER_CONTACT: { description: '按量: a rate per qualified contact, with optional ramp-up factors by contract month.' },
    PER_SEAT_MONTH: { description: '坐席租赁: a monthly rate per seat type, prorated by seat-days.' },
    FIXED_MONTHLY: { description: 'A fixed fee per month, prorated in partial months.' },
    TIERED: { description: '阶梯价格: graduated volume bands per month.' },
  },
});
registerEnumType(BidStatus, {
  name: 'BidStatus',
  description: 'Where a bid stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Submitted: the vendor may revise or withdraw it until the deadline.' },
    WITHDRAWN: { description: 'Withdrawn by the vendor before the deadline.' },
    SHORTLISTED: { description: 'The merchant shortlisted it after the deadline; it may still be accepted or rejected.' },
    REJECTED: { description: 'Rejected by the merchant (see `rejectionReason`), also when another bid was accepted.' },
    ACCEPTED: { description: 'Accepted: the requirement is awarded and a contract created from it.' },
  },
});

registerEnumType(BidOrder, {
  name: 'BidOrder',
  description: 'Ordering of bids (available to the merchant once bids are unsealed).',
  valuesConfig: {
    SUBMITTED_FIRST: { description: 'In the order they were first submitted.' },
    PRICE_LOWEST: { description: 'Lowest total contract value first (then by submission).' },
  },
});

@ObjectType('StaffingPlan', { description: 'Who the vendor will put on the account.' })
export class StaffingPlanType {
  @Field(() => Int, { description: 'Agents.' }) agents!: number;
  @Field(() => Int, { description: 'Team leads.' }) teamLeads!: number;
  @Field(() => Int, { description: 'Quality staff.' }) qualityStaff!: number;
  @Field(() => Int, { description: 'Trainers.' }) trainers!: number;
  @Field(() => DecimalScalar, { description: 'Reserve ratio: extra staff beyond seats, as a fraction with 4 decimals ("0.2000" recommended).' })
  reserveRatio!: string;
  @Field(() => String, { nullable: true, description: 'Shift plan.' }) shifts!: string | null;
  @Field(() => [String], { description: 'Languages.' }) languages!: string[];
  @Field(() => String, { nullable: true, description: 'Training plan.' }) trainingPlan!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Committed maximum monthly attrition, as a fraction with 4 decimals ("0.1500" typical).' })
  maxMonthlyAttrition!: string | null;

  static of(staffing: StaffingPlan): StaffingPlanType {
    return Object.assign(new StaffingPlanType(), {
      ...staffing,
      reserveRatio: fixed(staffing.reserveRatio, 'FRACTION'),
      maxMonthlyAttrition: staffing.maxMonthlyAttrition != null ? fixed(staffing.maxMonthlyAttrition, 'FRACTION') : null,
    });
  }
}

@ObjectType('SeatRate', { description: 'A rate per seat type.' })
export class SeatRateType {
  @Field({ description: 'Seat type, e.g. "INBOUND".' }) seatType!: string;
  @Field(() => Money, { description: 'Per seat per month.' }) monthlyRate!: Money;
}

@ObjectType('Tier', { description: 'A volume band: contacts up to `upTo` in the month at `rate`.' })
export class TierType {
  @Field(() => Int, { nullable: true, description: 'Upper bound (cumulative) of the band; null for the rest.' }) upTo!: number | null;
  @Field(() => DecimalScalar, { description: 'Rate per contact in the band, CNY to the cent (2 decimals).' }) rate!: string;
}

@ObjectType('Pricing', { description: 'Pricing terms; amounts exclude VAT.' })
export class PricingType {
  @Field(() => PricingModelEnum, { description: 'The model.' }) model!: PricingModelEnum;
  @Field(() => DecimalScalar, { nullable: true, description: 'PER_CONTACT: base rate per qualified contact, CNY to the cent (2 decimals).' }) baseRate!:
    string | null;
  @Field(() => [DecimalScalar], {
    nullable: true,
    description: 'PER_CONTACT: ramp-up factors (4 decimals); month n is charged base ÷ factor n (rounded half-up to the cent).',
  })
  rampFactors!: string[] | null;
  @Field(() => [SeatRateType], { nullable: true, description: 'PER_SEAT_MONTH: rates per seat type.' }) seatRates!: SeatRateType[] | null;
  @Field(() => Money, { nullable: true, description: 'FIXED_MONTHLY: the monthly fee.' }) monthlyFee!: Money | null;
  @Field(() => [TierType], { nullable: true, description: 'TIERED: graduated bands.' }) tiers!: TierType[] | null;
  @Field(() => DecimalScalar, { description: 'Statutory-holiday multiplier, 4 decimals (default "3.0000").' }) holidayMultiplier!: string;
  @Field(() => DecimalScalar, { description: 'VAT rate as a fraction, 4 decimals (default "0.0600").' }) vatRate!: string;

  /** From the engine's terms: stored pricing (a bid revision's, a contract's) is decoded by `loadPricing` first, the one decoder. */
  static of(terms: PricingTerms): PricingType {
    return Object.assign(new PricingType(), {
      model: terms.model,
      baseRate: terms.baseRate ? fixed(terms.baseRate, 'MONEY') : null,
      rampFactors: terms.rampFactors?.map((f) => fixed(f, 'FRACTION')) ?? null,
      seatRates: terms.seatRates?.map((s) => Object.assign(new SeatRateType(), { seatType: s.seatType, monthlyRate: Money.cny(s.monthlyRate) })) ?? null,
      monthlyFee: terms.monthlyFee ? Money.cny(terms.monthlyFee) : null,
      tiers: terms.tiers?.map((t) => Object.assign(new TierType(), { upTo: t.upTo, rate: fixed(t.rate, 'MONEY') })) ?? null,
      holidayMultiplier: fixed(terms.holidayMultiplier, 'FRACTION'),
      vatRate: fixed(terms.vatRate, 'FRACTION'),
    });
  }
}

@ObjectType('KpiCommitment', { description: 'A KPI value the vendor commits to.' })
export class KpiCommitmentType {
  @Field(() => KpiMetric, { description: 'The metric.' }) metric!: KpiMetric;
  @Field(() => DecimalScalar, { description: 'The committed value in the target’s unit, 2 decimals (may beat the target).' }) value!: string;

  static of(commitment: KpiCommitment): KpiCommitmentType {
    return Object.assign(new KpiCommitmentType(), { metric: commitment.metric, value: fixed(commitment.value, 'PERCENT') });
  }
}

@ObjectType('BidRevision', { description: 'One version of a bid; every revision is kept, the latest counts.' })
export class BidRevisionType {
  @Field(() => Int, { description: 'Revision number, from 1.' }) revision!: number;
  @Field(() => StaffingPlanType, { description: 'Staffing plan.' }) staffing!: StaffingPlanType;
  @Field(() => PricingType, { description: 'Pricing.' }) pricing!: PricingType;
  @Field(() => [KpiCommitmentType], { description: 'KPI commitments.' }) kpiCommitments!: KpiCommitmentType[];
  @Field(() => String, { nullable: true, description: 'Notes.' }) notes!: string | null;
  @Field(() => DateTimeScalar, { description: 'When this revision was submitted.' }) submittedAt!: Date;

  static of(entity: BidRevision): BidRevisionType {
    return Object.assign(new BidRevisionType(), {
      revision: entity.revision,
      staffing: StaffingPlanType.of(entity.staffing),
      pricing: PricingType.of(loadPricing(entity.pricing)),
      kpiCommitments: entity.kpiCommitments.map(KpiCommitmentType.of),
      notes: entity.notes ?? null,
      submittedAt: entity.createdAt,
    });
  }
}

export const BID_TYPE = 'Bid';

@ObjectType('Bid', {
  implements: Node,
  description:
    'A vendor’s offer on a requirement. Sealed: the merchant sees bids only after the deadline (never when the requirement was cancelled before it).',
})
export class BidNode extends Node {
  rawId!: string;
  requirementRawId!: string;
  vendorRawId!: string;

  @Field(() => BidStatus, { description: 'Status.' }) status!: BidStatus;
  @Field(() => Int, { description: 'Number of the latest revision.' }) revision!: number;
  @Field(() => Money, { description: 'Projected value over the whole term at the requirement’s expected volume (excl. VAT).' }) totalContractValue!: Money;
  @Field(() => DateTimeScalar, { description: 'When first submitted.' }) submittedAt!: Date;
  @Field(() => DateTimeScalar, { description: 'Last change.' }) updatedAt!: Date;
  @Field(() => String, {
    nullable: true,
    description:
      'REJECTED: the merchant’s reason, if it gave one ("Another bid was accepted." when it accepted another bid). Visible to the vendor and the merchant.',
  })
  rejectionReason!: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the merchant last decided on the bid (shortlisted, rejected or accepted); null before any decision.',
  })
  decidedAt!: Date | null;

  static of(entity: Bid): BidNode {
    return Object.assign(new BidNode(), {
      id: toGlobalId(BID_TYPE, entity.id),
      rawId: entity.id,
      requirementRawId: entity.requirementId,
      vendorRawId: entity.vendorId,
      status: entity.status,
      revision: entity.revision,
      totalContractValue: Money.cny(entity.totalContractValue),
      submittedAt: entity.submittedAt,
      updatedAt: entity.updatedAt,
      rejectionReason: entity.rejectionReason ?? null,
      decidedAt: entity.decidedAt ?? null,
    });
  }
}

export const BidConnection = ConnectionType(BidNode, 'Bid');

@InputType({ description: 'Which bids to list.' })
export class BidFilter {
  @Field(() => [BidStatus], { nullable: true, description: 'Only bids in these statuses.' }) statuses?: BidStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Only bids on this requirement.' }) requirementId?: string | null;
}

@InputType({ description: 'Who the vendor will put on the account.' })
export class StaffingPlanInput {
  @Field(() => Int, { description: 'Agents (≥ 1).' }) agents!: number;
  @Field(() => Int, { description: 'Team leads.' }) teamLeads!: number;
  @Field(() => Int, { description: 'Quality staff.' }) qualityStaff!: number;
  @Field(() => Int, { description: 'Trainers.' }) trainers!: number;
  @Field(() => DecimalScalar, { description: 'Reserve ratio 0–1, at most 4 decimals (0.2 recommended).' }) reserveRatio!: Decimal;
  @Field(() => String, { nullable: true, description: 'Shift plan.' }) shifts?: string | null;
  @Field(() => [String], { nullable: true, description: 'Languages.' }) languages?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Training plan.' }) trainingPlan?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Committed maximum monthly attrition 0–1, at most 4 decimals (0.15 typical).' })
  maxMonthlyAttrition?: Decimal | null;
}

@InputType({ description: 'A rate per seat type.' })
export class SeatRateInput {
  @Field({ description: 'Seat type, e.g. "INBOUND".' }) seatType!: string;
  @Field(() => DecimalScalar, { description: 'Per seat per month, CNY excl. VAT, at most 2 decimals.' }) monthlyRate!: Decimal;
}

@InputType({ description: 'A volume band.' })
export class TierInput {
  @Field(() => Int, { nullable: true, description: 'Upper bound (cumulative); omit for the last band.' }) upTo?: number | null;
  @Field(() => DecimalScalar, { description: 'Rate per contact, CNY, at most 2 decimals.' }) rate!: Decimal;
}

@InputType({ description: 'Pricing terms: give the fields of the chosen model only.' })
export class PricingInput {
  @Field(() => PricingModelEnum, { description: 'The model.' }) model!: PricingModelEnum;
  @Field(() => DecimalScalar, { nullable: true, description: 'PER_CONTACT: base rate per qualified contact, CNY, at most 2 decimals.' })
  baseRate?: Decimal | null;
  @Field(() => [DecimalScalar], { nullable: true, description: 'PER_CONTACT: ramp-up factors, at most 4 decimals, e.g. ["0.8","0.9","1.0"].' }) rampFactors?:
    Decimal[] | null;
  @Field(() => [SeatRateInput], { nullable: true, description: 'PER_SEAT_MONTH: rates per seat type.' }) seatRates?: SeatRateInput[] | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'FIXED_MONTHLY: the monthly fee, CNY, at most 2 decimals.' }) monthlyFee?: Decimal | null;
  @Field(() => [TierInput], { nullable: true, description: 'TIERED: bands with increasing bounds; the last without.' }) tiers?: TierInput[] | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Statutory-holiday multiplier, at most 4 decimals (default 3).' })
  holidayMultiplier?: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'VAT rate as a fraction, at most 4 decimals (default 0.06).' }) vatRate?: Decimal | null;
}

@InputType({ description: 'A committed KPI value.' })
export class KpiCommitmentInput {
  @Field(() => KpiMetric, { description: 'A metric the requirement targets.' }) metric!: KpiMetric;
  @Field(() => DecimalScalar, { description: 'The committed value in the target’s unit, at most 2 decimals.' }) value!: Decimal;
}

@InputType({ description: 'The content of a bid (also of each revision).' })
export class BidInput {
  @Field(() => StaffingPlanInput, { description: 'Staffing plan.' }) staffing!: StaffingPlanInput;
  @Field(() => PricingInput, { description: 'Pricing.' }) pricing!: PricingInput;
  @Field(() => [KpiCommitmentInput], { nullable: true, description: 'KPI commitments.' }) kpiCommitments?: KpiCommitmentInput[] | null;
  @Field(() => String, { nullable: true, description: 'Notes.' }) notes?: string | null;
}

@ObjectType({ description: 'Result of a mutation that changes a bid.' })
export class BidPayload {
  @Field(() => BidNode, { nullable: true, description: 'The bid as changed.' }) bid!: BidNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}

@InputType({ description: 'Rejecting a bid.' })
export class BidRejectInput {
  @Field(() => String, {
    nullable: true,
    description: 'Why (at most 1,000 characters, trimmed; optional): shown to the vendor as the bid’s `rejectionReason`.',
  })
  reason?: string | null;
}

@InputType({ description: 'Weights of the bid comparison score (normalized; default price 0.5, KPI 0.3, track record 0.2).' })
export class ComparisonWeightsInput {
  @Field(() => DecimalScalar, { nullable: true, description: 'Weight of price.' }) price?: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Weight of KPI commitments.' }) kpi?: Decimal | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Weight of the vendor’s track record.' }) trackRecord?: Decimal | null;
}

@ObjectType('MonthlyProjection', { description: 'Projected charge of one contract month.' })
export class MonthlyProjectionType {
  @Field(() => Int, { description: 'Contract month, from 1.' }) contractMonth!: number;
  @Field({ description: 'First day (by anniversary of the start date).' }) from!: string;
  @Field({ description: 'Last day.' }) to!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'PER_CONTACT: the rate after ramp-up, CNY to the cent (2 decimals).' }) rate!: string | null;
  @Field(() => Money, { description: 'Projected service charges (excl. VAT).' }) amount!: Money;
}

@ObjectType('KpiComparison', { description: 'A committed KPI against the requirement’s target.' })
export class KpiComparisonType {
  @Field(() => KpiMetric, { description: 'Metric.' }) metric!: KpiMetric;
  @Field(() => DecimalScalar, { description: 'Target, 2 decimals.' }) target!: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Commitment, 2 decimals; null when the bid commits nothing.' }) committed!: string | null;
  @Field({ description: 'Whether the commitment meets or beats the target.' }) meetsTarget!: boolean;
}

@ObjectType('TrackRecord', {
  description:
    'The vendor’s track record: aggregates of its finished months — calendar months in Asia/Shanghai that ended before the current one — on all its contracts signed by both parties, with any merchant. Only counts and rates: no contract, merchant, date or amount of another merchant. KPI days and statement periods count in the month of their date, an inspection in the month of its ISO week’s Thursday, an incident in the month it started. Rates are percentages 0–100 to 2 decimals; the comparison uses them exactly. Track-record score (`BidComparisonEntry.trackRecordScore`) = the average of the known rates among kpiAttainment, inspectionPassRate, incidentFreeMonthsRate and statementsOnTime (a null rate is left out, not counted as 0).',
})
export class TrackRecordType {
  @Field(() => Int, { description: 'Contracts with at least one finished month in service.' }) contracts!: number;
  @Field(() => Int, {
    description:
      'Finished contract-months: for each contract, the finished calendar months from the month of its start date to the month of its last day of service (the end of the transition after a termination, else the day before the termination takes effect, else the end of the term with its renewals; a running contract counts up to the last finished month), summed.',
  })
  contractMonths!: number;
  @Field(() => Int, { description: 'KPI days measured: one per contract, KPI and measured day.' }) kpiDaysMeasured!: number;
  @Field(() => Int, { description: 'KPI days measured that met their target.' }) kpiDaysMet!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'KPI attainment = kpiDaysMet ÷ kpiDaysMeasured × 100, %, 2 decimals; null when nothing was measured.',
  })
  kpiAttainment!: string | null;
  @Field(() => Int, { description: 'Scored quality inspections.' }) inspectionsScored!: number;
  @Field(() => Int, { description: 'Scored quality inspections that passed.' }) inspectionsPassed!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Inspection pass rate = inspectionsPassed ÷ inspectionsScored × 100, %, 2 decimals; null without a scored inspection.',
  })
  inspectionPassRate!: string | null;
  @Field(() => Int, { description: 'Outages that count against availability (all but those decided exempt).' }) nonExemptOutages!: number;
  @Field(() => Int, { description: 'Data breaches verified by the merchant.' }) verifiedDataBreaches!: number;
  @Field(() => Int, { description: 'Incidents = nonExemptOutages + verifiedDataBreaches.' }) incidents!: number;
  @Field(() => Int, { description: 'Finished contract-months with at least one non-exempt outage or verified data breach.' }) monthsWithIncident!: number;
  @Field(() => DecimalScalar, {
    description: 'Incident-free months = (contractMonths − monthsWithIncident) ÷ contractMonths × 100, %, 2 decimals.',
  })
  incidentFreeMonthsRate!: string;
  @Field(() => Int, { description: 'Finished contract-months whose statement was issued.' }) statementsIssued!: number;
  @Field(() => Int, {
    description: 'Of those, the statements whose first issued version was not late (a revision after a dispute is not a new issuance).',
  })
  statementsIssuedOnTime!: number;
  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Statements issued on time = statementsIssuedOnTime ÷ statementsIssued × 100, %, 2 decimals; null without an issued statement.',
  })
  statementsOnTime!: string | null;

  static of(record: TrackRecord): TrackRecordType {
    const percent = (rate: Decimal | null) => (rate === null ? null : fixed(rate, 'PERCENT'));
    return Object.assign(new TrackRecordType(), {
      contracts: record.contracts,
      contractMonths: record.contractMonths,
      kpiDaysMeasured: record.kpiDaysMeasured,
      kpiDaysMet: record.kpiDaysMet,
      kpiAttainment: percent(record.kpiAttainment),
      inspectionsScored: record.inspectionsScored,
      inspectionsPassed: record.inspectionsPassed,
      inspectionPassRate: percent(record.inspectionPassRate),
      nonExemptOutages: record.nonExemptOutages,
      verifiedDataBreaches: record.verifiedDataBreaches,
      incidents: record.incidents,
      monthsWithIncident: record.monthsWithIncident,
      incidentFreeMonthsRate: fixed(record.incidentFreeMonthsRate, 'PERCENT'),
      statementsIssued: record.statementsIssued,
      statementsIssuedOnTime: record.statementsIssuedOnTime,
      statementsOnTime: percent(record.statementsOnTime),
    });
  }
}

@ObjectType({ description: 'One bid in the comparison.' })
export class BidComparisonEntry {
  bidRawId!: string;
  @Field(() => Int, { description: 'Rank by score, from 1.' }) rank!: number;
  @Field(() => DecimalScalar, {
    description:
      'Weighted score 0–100, 2 decimals: priceWeight × priceScore + kpiWeight × kpiScore + trackRecordWeight × trackRecordScore, from the exact parts, rounded once.',
  })
  score!: string;
  @Field(() => DecimalScalar, { description: 'Price score 0–100, 2 decimals (lowest total = 100).' }) priceScore!: string;
  @Field(() => DecimalScalar, { description: 'KPI score 0–100, 2 decimals (weighted share of targets met).' }) kpiScore!: string;
  @Field(() => DecimalScalar, {
    description:
      'Track-record score 0–100, 2 decimals: the average of the known rates of `trackRecord` (KPI attainment, inspection pass rate, incident-free months, statements on time); 50, neutral, without a finished month (`trackRecord` null).',
  })
  trackRecordScore!: string;
  @Field(() => [MonthlyProjectionType], { description: 'Projected charge of every month of the term at the expected volume (ramp-up applied).' })
  monthlyProjection!: MonthlyProjectionType[];
  @Field(() => Money, { description: 'Total contract value (excl. VAT).' }) totalContractValue!: Money;
  @Field(() => Float, { description: 'Agents ÷ seats required.' }) staffingCoverage!: number;
  @Field(() => Float, { description: 'Agents × (1 + reserve ratio) ÷ seats required.' }) coverageWithReserve!: number;
  @Field(() => DecimalScalar, { description: 'The bid’s reserve ratio, 4 decimals.' }) reserveRatio!: string;
  @Field(() => [KpiComparisonType], { description: 'Committed KPIs against targets.' }) kpis!: KpiComparisonType[];
  @Field(() => TrackRecordType, { nullable: true, description: 'The vendor’s track record from its finished months; null without a finished contract-month.' })
  trackRecord!: TrackRecordType | null;
}

@ObjectType('BidComparison', { description: 'Side-by-side evaluation of a requirement’s bids, ranked by weighted score.' })
export class BidComparisonType {
  @Field(() => DecimalScalar, { description: 'Normalized price weight used, 4 decimals.' }) priceWeight!: string;
  @Field(() => DecimalScalar, { description: 'Normalized KPI weight used, 4 decimals.' }) kpiWeight!: string;
  @Field(() => DecimalScalar, { description: 'Normalized track-record weight used, 4 decimals.' }) trackRecordWeight!: string;
  @Field(() => [BidComparisonEntry], { description: 'Bids, best first.' }) entries!: BidComparisonEntry[];
  @Field(() => [Int], {
    description:
      'Years of the term whose State Council holiday notice (调休: moved rest days, make-up working days) is not recorded yet. Statutory holidays, and so the projected amounts, follow the rule in every year; working days of these years may still change when the notice is recorded.',
  })
  calendarNoticeMissingYears!: number[];
}
