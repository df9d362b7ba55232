import type { Decimal } from 'decimal.js';
import { fixed } from '../../core/decimal-scale.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar, TimeZoneScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { Requirement, RequirementQuestion, RequirementStatus, RequirementVisibility, type KpiTarget, type PeakPlan } from './requirement.entity.js';
import { effectiveStatus } from './requirement-state.js';
import { Channel, KpiComparatorEnum, KpiMetric, RequirementOrder, ServiceScope } from './requirement.model.js';

export { Channel, KpiComparatorEnum, KpiMetric, RequirementOrder, ServiceScope };

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

registerEnumType(Channel, {
  name: 'Channel',
  description: 'A contact channel.',
  valuesConfig: {
    PHONE: { description: 'Voice calls (hotline, inbound and outbound).' },
    ONLINE_CHAT: { description: 'Chat on a shop or platform (e.g. Tmall, JD, Douyin stores).' },
    EMAIL: { description: 'E-mail.' },
    SOCIAL: { description: 'Social media (WeChat, Weibo, Xiaohongshu, …).' },
    TICKET: { description: 'Tickets or web forms, answered asynchronously.' },
  },
});

registerEnumType(KpiMetric, {
  name: 'KpiMetric',
  description: 'A measured service level. The unit of each target is given with it (`unit`).',
  valuesConfig: {
    FIRST_RESPONSE_SECONDS: { description: 'Time to the first answer to a contact, in seconds (a ceiling).' },
    AVG_HANDLE_SECONDS: { description: 'Average handling time of a contact, in seconds.' },
    RESOLUTION_RATE: { description: 'Share of contacts resolved, in percent.' },
    SATISFACTION_RATE: { description: 'Share of satisfied customers in surveys, in percent.' },
    CONVERSION_RATE: { description: 'Pre-sales: share of contacts that lead to an order, in percent.' },
    ANSWER_RATE: { description: 'Share of incoming contacts answered, in percent.' },
    MONTHLY_ATTRITION_RATE: { description: 'Share of the vendor’s staff on the account leaving per month, in percent (a ceiling).' },
    QUALITY_SCORE: { description: 'Average quality-inspection score, 0–100.' },
  },
});

registerEnumType(KpiComparatorEnum, {
  name: 'KpiComparator',
  description: 'Whether the target is a ceiling or a floor.',
  valuesConfig: {
    AT_MOST: { description: 'A ceiling: the measured value must not exceed the target (response times, attrition).' },
    AT_LEAST: { description: 'A floor: the measured value must reach the target (rates, scores).' },
  },
});
registerEnumType(RequirementStatus, {
  name: 'RequirementStatus',
  description: 'DRAFT → OPEN (bidding until the deadline) → EVALUATING (bids unsealed) → AWARDED | CANCELLED.',
  valuesConfig: {
    DRAFT: { description: 'Being written: only the merchant sees it, and may edit it freely.' },
    OPEN: { description: 'Published: vendors that may see it bid until the deadline; its terms are frozen and bids sealed.' },
    EVALUATING: { description: 'The deadline has passed: bids are unsealed for the merchant, who compares, shortlists, rejects and accepts.' },
    AWARDED: { description: 'A bid was accepted and a contract created.' },
    CANCELLED: { description: 'Cancelled by the merchant (see `cancelReason`); cancelled before its deadline, its bids stay sealed for good.' },
  },
});
registerEnumType(RequirementVisibility, {
  name: 'RequirementVisibility',
  description: 'Which vendors may see a published requirement and bid on it.',
  valuesConfig: {
    PUBLIC: { description: 'Every vendor on the marketplace.' },
    INVITED: { description: 'Only the vendors the merchant invited.' },
  },
});

registerEnumType(RequirementOrder, {
  name: 'RequirementOrder',
  description: 'Ordering of requirement lists.',
  valuesConfig: {
    NEWEST: { description: 'Most recently created first.' },
    DEADLINE_SOONEST: { description: 'Earliest bid deadline first.' },
    SEATS_MOST: { description: 'Most seats required first.' },
    BUDGET_HIGHEST: { description: 'Highest monthly budget (`budgetMax`) first; requirements without a budget last.' },
  },
});

@ObjectType('ServiceHours', { description: 'When service is needed.' })
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

@ObjectType('PeakPlan', { description: 'A period of extra staffing, e.g. ×3 for 11.11.' })
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

  static of(entity: Requirement, now: Date): RequirementNode {
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
      peakPlans: entity.peakPlans.map((p: PeakPlan) =>
        Object.assign(new PeakPlanType(), { ...p, note: p.note ?? null, staffingMultiplier: fixed(p.staffingMultiplier, 'FRACTION') }),
      ),
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

export const QUESTION_TYPE = 'RequirementQuestion';

@ObjectType('RequirementQuestion', {
  implements: Node,
  description: 'A vendor’s question and the merchant’s answer, visible to the merchant and to every vendor that may see the requirement (never who asked).',
})
export class RequirementQuestionNode extends Node {
  rawId!: string;
  requirementRawId!: string;

  @Field({ description: 'The question.' })
  question!: string;

  @Field(() => String, { nullable: true, description: 'The merchant’s answer.' })
  answer!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was asked.' })
  askedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was answered.' })
  answeredAt!: Date | null;

  // requirement, askedByYou: RequirementQuestionResolver (per-request DataLoaders).

  static of(entity: RequirementQuestion): RequirementQuestionNode {
    return Object.assign(new RequirementQuestionNode(), {
      id: toGlobalId(QUESTION_TYPE, entity.id),
      rawId: entity.id,
      requirementRawId: entity.requirementId,
      question: entity.question,
      answer: entity.answer ?? null,
      askedAt: entity.createdAt,
      answeredAt: entity.answeredAt ?? null,
    });
  }
}

@ObjectType({ description: 'Result of a question mutation.' })
export class RequirementQuestionPayload {
  @Field(() => RequirementQuestionNode, { nullable: true, description: 'The question as changed.' })
  question!: RequirementQuestionNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
