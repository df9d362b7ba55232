import type { Decimal } from 'decimal.js';
import { fixed } from '../../core/decimal-scale.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar, TimeZoneScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { Requirement, RequirementStatus, RequirementVisibility, type KpiTarget, type PeakPlan } from './requirement.entity.js';
import { effectiveStatus } from './requirement-state.js';

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
registerEnumType(ServiceScope, {
  name: 'ServiceScope',
  description: 'What the outsourced team does.',
  valuesConfig: {
    PRE_SALES: { description: '售前接待: pre-sales reception.' },
    AFTER_SALES: { description: '售后处理: after-sales handling.' },
    COMPLAINTS: { description: '投诉处理: complaint handling.' },
    REVIEW_APPEALS: { description: '差评申诉: appeals against bad reviews.' },
    PROMOTION_SUPPORT: { description: '大促支持: promotion peaks (11.11, 618).' },
    HOTLINE: { description: 'Inbound hotline.' },
    OUTBOUND: { description: 'Outbound calls.' },
    ORDER_PROCESSING: { description: 'Order processing.' },
  },
});

export enum Channel {
  PHONE = 'PHONE',
  ONLINE_CHAT = 'ONLINE_CHAT',
  EMAIL = 'EMAIL',
  SOCIAL = 'SOCIAL',
  TICKET = 'TICKET',
}
registerEnumType(Channel, { name: 'Channel', description: 'A contact channel.' });

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
registerEnumType(KpiMetric, { name: 'KpiMetric', description: 'A measured service level.' });

export enum KpiComparatorEnum {
  AT_MOST = 'AT_MOST',
  AT_LEAST = 'AT_LEAST',
}
registerEnumType(KpiComparatorEnum, { name: 'KpiComparator', description: 'Whether the target is a ceiling or a floor.' });
registerEnumType(RequirementStatus, {
  name: 'RequirementStatus',
  description: 'DRAFT → OPEN (bidding until the deadline) → EVALUATING (bids unsealed) → AWARDED | CANCELLED.',
});
registerEnumType(RequirementVisibility, { name: 'RequirementVisibility', description: 'PUBLIC: every vendor may bid; INVITED: only invited vendors.' });

export enum RequirementOrder {
  NEWEST = 'NEWEST',
  DEADLINE_SOONEST = 'DEADLINE_SOONEST',
  SEATS_MOST = 'SEATS_MOST',
  BUDGET_HIGHEST = 'BUDGET_HIGHEST',
}
registerEnumType(RequirementOrder, { name: 'RequirementOrder', description: 'Ordering of requirement lists.' });

@ObjectType({ description: 'When service is needed.' })
export class ServiceHoursType {
  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' })
  daysOfWeek!: number[];

  @Field(() => String, { nullable: true, description: 'Daily start "HH:MM"; null for round the clock.' })
  startTime!: string | null;

  @Field(() => String, { nullable: true, description: 'Daily end "HH:MM"; null for round the clock.' })
  endTime!: string | null;

  @Field(() => TimeZoneScalar, { description: 'Time zone of the window.' })
  timeZone!: string;
}

@ObjectType({ description: 'A period of extra staffing, e.g. ×3 for 11.11.' })
export class PeakPlanType {
  @Field(() => DateScalar, { description: 'First day.' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day.' })
  to!: string;

  @Field(() => DecimalScalar, { description: 'Staffing multiplier, 4 decimals.' })
  staffingMultiplier!: string;

  @Field(() => String, { nullable: true, description: 'What the peak is.' })
  note!: string | null;
}

@ObjectType('KpiTarget', { description: 'A service level the merchant requires.' })
export class KpiTargetType {
  @Field(() => KpiMetric, { description: 'What is measured.' })
  metric!: KpiMetric;

  @Field(() => KpiComparatorEnum, { description: 'Ceiling or floor.' })
  comparator!: KpiComparatorEnum;

  @Field(() => DecimalScalar, { description: 'The target value in its unit, 2 decimals.' })
  target!: string;

  @Field({ description: 'Unit, e.g. "s" or "%".' })
  unit!: string;

  @Field(() => DecimalScalar, { description: 'Relative weight in the KPI score, 4 decimals.' })
  weight!: string;

  static of(target: KpiTarget): KpiTargetType {
    return Object.assign(new KpiTargetType(), { ...target, target: fixed(target.target, 'PERCENT'), weight: fixed(target.weight, 'FRACTION') });
  }
}

export const REQUIREMENT_TYPE = 'Requirement';

@ObjectType('Requirement', { implements: Node, description: 'What a merchant needs, open to bids until its deadline.' })
export class RequirementNode extends Node {
  rawId!: string;
  merchantRawId!: string;

  @Field(() => RequirementStatus, { description: 'Lifecycle status; OPEN with a passed deadline reads as EVALUATING.' })
  status!: RequirementStatus;

  @Field({ description: 'Short title.' })
  title!: string;

  @Field({ description: 'Full description.' })
  description!: string;

  @Field(() => [ServiceScope], { description: 'What the team does.' })
  serviceScopes!: ServiceScope[];

  @Field(() => [Channel], { description: 'Channels served.' })
  channels!: Channel[];

  @Field(() => ServiceHoursType, { description: 'When service is needed.' })
  serviceHours!: ServiceHoursType;

  @Field(() => Int, { description: 'Seats required.' })
  seatsRequired!: number;

  @Field(() => Int, { description: 'Expected qualified contacts per month.' })
  expectedMonthlyVolume!: number;

  @Field(() => [PeakPlanType], { description: 'Peak staffing plans.' })
  peakPlans!: PeakPlanType[];

  @Field(() => [KpiTargetType], { description: 'Required service levels.' })
  kpiTargets!: KpiTargetType[];

  @Field(() => DateScalar, { description: 'First day of service.' })
  termStart!: string;

  @Field(() => Int, { description: 'Term in months.' })
  termMonths!: number;

  @Field(() => Money, { nullable: true, description: 'Lowest monthly budget (excl. VAT).' })
  budgetMin!: Money | null;

  @Field(() => Money, { nullable: true, description: 'Highest monthly budget (excl. VAT).' })
  budgetMax!: Money | null;

  @Field(() => [String], { description: 'Certifications a bidder must hold.' })
  requiredCertifications!: string[];

  @Field(() => DateTimeScalar, { description: 'Bids are accepted until this instant.' })
  bidDeadline!: Date;

  @Field(() => RequirementVisibility, { description: 'Who may bid.' })
  visibility!: RequirementVisibility;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published.' })
  publishedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the merchant cancelled it; null unless CANCELLED.' })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the merchant cancelled it, as given to bidders; null unless CANCELLED.' })
  cancelReason!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  static of(entity: Requirement, now = new Date()): RequirementNode {
    return Object.assign(new RequirementNode(), {
      id: toGlobalId(REQUIREMENT_TYPE, entity.id),
      rawId: entity.id,
      merchantRawId: entity.merchantId,
      status: effectiveStatus(entity, now),
      title: entity.title,
      description: entity.description,
      serviceScopes: entity.serviceScopes,
      channels: entity.channels,
      serviceHours: Object.assign(new ServiceHoursType(), entity.serviceHours),
      seatsRequired: entity.seatsRequired,
      expectedMonthlyVolume: entity.expectedMonthlyVolume,
      peakPlans: entity.peakPlans.map((p: PeakPlan) => Object.assign(new PeakPlanType(), { ...p, note: p.note ?? null, staffingMultiplier: fixed(p.staffingMultiplier, 'FRACTION') })),
      kpiTargets: entity.kpiTargets.map(KpiTargetType.of),
      termStart: entity.termStart,
      termMonths: entity.termMonths,
      budgetMin: entity.budgetMin != null ? Money.cny(entity.budgetMin) : null,
      budgetMax: entity.budgetMax != null ? Money.cny(entity.budgetMax) : null,
      requiredCertifications: entity.requiredCertifications,
      bidDeadline: entity.bidDeadline,
      visibility: entity.visibility,
      publishedAt: entity.publishedAt ?? null,
      cancelledAt: entity.cancelledAt ?? null,
      cancelReason: entity.cancelReason ?? null,
      createdAt: entity.createdAt,
    });
  }
}

export const RequirementConnection = ConnectionType(RequirementNode, 'Requirement');

@InputType({ description: 'When service is needed.' })
export class ServiceHoursInput {
  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' })
  daysOfWeek!: number[];

  @Field(() => String, { nullable: true, description: 'Daily start "HH:MM"; omit both times for round the clock.' })
  startTime?: string | null;

  @Field(() => String, { nullable: true, description: 'Daily end "HH:MM".' })
  endTime?: string | null;

  @Field(() => TimeZoneScalar, { nullable: true, description: 'Default Asia/Shanghai.' })
  timeZone?: string | null;
}

@InputType({ description: 'A period of extra staffing.' })
export class PeakPlanInput {
  @Field(() => DateScalar, { description: 'First day.' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day.' })
  to!: string;

  @Field(() => DecimalScalar, { description: 'Staffing multiplier, at most 4 decimals, e.g. "3".' })
  staffingMultiplier!: Decimal;

  @Field(() => String, { nullable: true, description: 'What the peak is.' })
  note?: string | null;
}

@InputType({ description: 'A required service level.' })
export class KpiTargetInput {
  @Field(() => KpiMetric, { description: 'What is measured.' })
  metric!: KpiMetric;

  @Field(() => KpiComparatorEnum, { description: 'Ceiling or floor.' })
  comparator!: KpiComparatorEnum;

  @Field(() => DecimalScalar, { description: 'Target value in its unit, at most 2 decimals.' })
  target!: Decimal;

  @Field({ description: 'Unit, e.g. "s" or "%".' })
  unit!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Relative weight, at most 4 decimals (default 1).' })
  weight?: Decimal | null;
}

@InputType({ description: 'The terms of a requirement. Drafts may be edited freely; published terms are frozen.' })
export class RequirementInput {
  @Field({ description: 'Short title.' })
  title!: string;

  @Field({ nullable: true, description: 'Full description.' })
  description?: string;

  @Field(() => [ServiceScope], { description: 'At least one scope.' })
  serviceScopes!: ServiceScope[];

  @Field(() => [Channel], { description: 'At least one channel.' })
  channels!: Channel[];

  @Field(() => ServiceHoursInput, { description: 'When service is needed.' })
  serviceHours!: ServiceHoursInput;

  @Field(() => Int, { description: 'Seats required (> 0).' })
  seatsRequired!: number;

  @Field(() => Int, { description: 'Expected qualified contacts per month.' })
  expectedMonthlyVolume!: number;

  @Field(() => [PeakPlanInput], { nullable: true, description: 'Peak staffing plans.' })
  peakPlans?: PeakPlanInput[] | null;

  @Field(() => [KpiTargetInput], { nullable: true, description: 'Required service levels (one per metric).' })
  kpiTargets?: KpiTargetInput[] | null;

  @Field(() => DateScalar, { description: 'First day of service.' })
  termStart!: string;

  @Field(() => Int, { description: 'Term in months (1–120).' })
  termMonths!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Lowest monthly budget, CNY excl. VAT.' })
  budgetMin?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Highest monthly budget, CNY excl. VAT.' })
  budgetMax?: Decimal | null;

  @Field(() => [String], { nullable: true, description: 'Certifications a bidder must hold, e.g. "ISO 27001".' })
  requiredCertifications?: string[] | null;

  @Field(() => DateTimeScalar, { description: 'Bids are accepted until this instant (must be in the future when published).' })
  bidDeadline!: Date;

  @Field(() => RequirementVisibility, { description: 'PUBLIC or INVITED.' })
  visibility!: RequirementVisibility;
}

@InputType({ description: 'Filters of requirement lists.' })
export class RequirementFilter {
  @Field(() => [RequirementStatus], { nullable: true, description: 'Only these statuses (as read: a passed deadline reads EVALUATING).' })
  statuses?: RequirementStatus[] | null;

  @Field(() => ServiceScope, { nullable: true, description: 'Only requirements including this scope.' })
  serviceScope?: ServiceScope | null;

  @Field(() => Channel, { nullable: true, description: 'Only requirements including this channel.' })
  channel?: Channel | null;

  @Field(() => Int, { nullable: true, description: 'At least this many seats.' })
  minSeats?: number | null;

  @Field(() => Int, { nullable: true, description: 'At most this many seats.' })
  maxSeats?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Monthly budget reaching at least this amount.' })
  minBudget?: Decimal | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Deadline at or after this instant.' })
  deadlineAfter?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Deadline before this instant.' })
  deadlineBefore?: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'Term starting on or after this date.' })
  termStartFrom?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only requirements whose required certifications are all among these (e.g. the ones you hold).' })
  certificationsHeld?: string[] | null;

  @Field({ nullable: true, description: 'Vendors: only requirements you are still allowed to bid on (open, deadline ahead).' })
  biddableOnly?: boolean;
}

@ObjectType({ description: 'Result of a mutation that changes a requirement.' })
export class RequirementPayload {
  @Field(() => RequirementNode, { nullable: true, description: 'The requirement as changed.' })
  requirement!: RequirementNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

@InputType({ description: 'Cancelling a requirement.' })
export class RequirementCancelInput {
  @Field({ description: 'Why (1–1,000 characters, trimmed): shown to the vendors that may see the requirement, bidders included, as `cancelReason`.' })
  reason!: string;
}

@InputType({ description: 'Vendors to invite to an INVITED requirement.' })
export class RequirementInviteInput {
  @Field(() => [ID], { description: 'Vendor organization IDs.' })
  vendorIds!: string[];
}

@ObjectType('RequirementQuestion', {
  description: 'A vendor’s question and the merchant’s answer, visible to the merchant and to every vendor that may see the requirement (never who asked).',
})
export class RequirementQuestionType {
  rawId!: string;

  @Field(() => ID, { description: 'Opaque ID.' })
  id!: string;

  @Field({ description: 'The question.' })
  question!: string;

  @Field(() => String, { nullable: true, description: 'The merchant’s answer.' })
  answer!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was asked.' })
  askedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was answered.' })
  answeredAt!: Date | null;

  // askedByYou: RequirementQuestionResolver (per-request DataLoader).
}

@ObjectType({ description: 'Result of a question mutation.' })
export class RequirementQuestionPayload {
  @Field(() => RequirementQuestionType, { nullable: true, description: 'The question as changed.' })
  question!: RequirementQuestionType | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
