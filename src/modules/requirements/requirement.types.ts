import type { Decimal } from 'decimal.js';
import { fixed } from '../../core/decimal-scale.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import type { NodeReads } from '../../graphql/selection.js';
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

  static of(this: void, target: KpiTarget): KpiTargetType {
    const type = new KpiTargetType();
    type.metric = target.metric as KpiMetric;
    type.comparator = target.comparator as KpiComparatorEnum;
    type.target = fixed(target.target, 'PERCENT');
    type.unit = target.unit;
    type.weight = fixed(target.weight, 'FRACTION');
    return type;
  }
}

export const REQUIREMENT_TYPE = 'Requirement';

/**
 * A requirement as the API shows it. Its fields are read from the entity when a client selects
 * them: a browse of 50 requirements asks for a handful of the 25 fields, and building the others
 * (money, KPI targets, peak plans, service hours) would be work and garbage on every request.
 */
@ObjectType('Requirement', { implements: Node, description: 'What a merchant needs, open to bids until its deadline.' })
export class RequirementNode extends Node {
  rawId!: string;
  merchantRawId!: string;
  private entity!: Requirement;
  private now!: Date;
  // Values built from the entity, kept once built: a compiled plan may read a field more than once.
  private builtServiceHours?: ServiceHoursType;
  private builtPeakPlans?: PeakPlanType[];
  private builtKpiTargets?: KpiTargetType[];
  private builtBudgetMin?: Money | null;
  private builtBudgetMax?: Money | null;

  @Field(() => RequirementStatus, { description: 'Lifecycle status; OPEN with a passed deadline reads as EVALUATING.' })
  get status(): RequirementStatus {
    return effectiveStatus(this.entity, this.now);
  }

  @Field({ description: 'Short title.' })
  get title(): string {
    return this.entity.title;
  }

  @Field({ description: 'Full description.' })
  get description(): string {
    return this.entity.description;
  }

  @Field(() => [ServiceScope], { description: 'What the team does.' })
  get serviceScopes(): ServiceScope[] {
    return this.entity.serviceScopes as ServiceScope[];
  }

  @Field(() => [Channel], { description: 'Channels served.' })
  get channels(): Channel[] {
    return this.entity.channels as Channel[];
  }

  @Field(() => ServiceHoursType, { description: 'When service is needed.' })
  get serviceHours(): ServiceHoursType {
    return (this.builtServiceHours ??= Object.assign(new ServiceHoursType(), this.entity.serviceHours));
  }

  @Field(() => Int, { description: 'Seats required.' })
  get seatsRequired(): number {
    return this.entity.seatsRequired;
  }

  @Field(() => Int, { description: 'Expected qualified contacts per month.' })
  get expectedMonthlyVolume(): number {
    return this.entity.expectedMonthlyVolume;
  }

  @Field(() => [PeakPlanType], { description: 'Peak staffing plans.' })
  get peakPlans(): PeakPlanType[] {
    return (this.builtPeakPlans ??= this.entity.peakPlans.map((p: PeakPlan) =>
      Object.assign(new PeakPlanType(), { ...p, note: p.note ?? null, staffingMultiplier: fixed(p.staffingMultiplier, 'FRACTION') }),
    ));
  }

  @Field(() => [KpiTargetType], { description: 'Required service levels.' })
  get kpiTargets(): KpiTargetType[] {
    return (this.builtKpiTargets ??= this.entity.kpiTargets.map(KpiTargetType.of));
  }

  @Field(() => DateScalar, { description: 'First day of service.' })
  get termStart(): string {
    return this.entity.termStart;
  }

  @Field(() => Int, { description: 'Term in months.' })
  get termMonths(): number {
    return this.entity.termMonths;
  }

  @Field(() => Money, { nullable: true, description: 'Lowest monthly budget (excl. VAT).' })
  get budgetMin(): Money | null {
    if (this.builtBudgetMin === undefined) this.builtBudgetMin = this.entity.budgetMin != null ? Money.cny(this.entity.budgetMin) : null;
    return this.builtBudgetMin;
  }

  @Field(() => Money, { nullable: true, description: 'Highest monthly budget (excl. VAT).' })
  get budgetMax(): Money | null {
    if (this.builtBudgetMax === undefined) this.builtBudgetMax = this.entity.budgetMax != null ? Money.cny(this.entity.budgetMax) : null;
    return this.builtBudgetMax;
  }

  @Field(() => [String], { description: 'Certifications a bidder must hold.' })
  get requiredCertifications(): string[] {
    return this.entity.requiredCertifications;
  }

  @Field(() => DateTimeScalar, { description: 'Bids are accepted until this instant.' })
  get bidDeadline(): Date {
    return this.entity.bidDeadline;
  }

  @Field(() => RequirementVisibility, { description: 'Who may bid.' })
  get visibility(): RequirementVisibility {
    return this.entity.visibility;
  }

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published.' })
  get publishedAt(): Date | null {
    return this.entity.publishedAt ?? null;
  }

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the merchant cancelled it; null unless CANCELLED.' })
  get cancelledAt(): Date | null {
    return this.entity.cancelledAt ?? null;
  }

  @Field(() => String, { nullable: true, description: 'Why the merchant cancelled it, as given to bidders; null unless CANCELLED.' })
  get cancelReason(): string | null {
    return this.entity.cancelReason ?? null;
  }

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  get createdAt(): Date {
    return this.entity.createdAt;
  }

  /** The requirement as read at `now` (the request's clock: an OPEN one past its deadline reads EVALUATING). */
  static of(entity: Requirement, now: Date): RequirementNode {
    const node = new RequirementNode();
    node.id = toGlobalId(REQUIREMENT_TYPE, entity.id);
    node.rawId = entity.id;
    node.merchantRawId = entity.merchantId;
    node.entity = entity;
    node.now = now;
    return node;
  }
}

export const RequirementConnection = ConnectionType(RequirementNode, 'Requirement');

/**
 * What each field of RequirementNode reads of its row, so that a list reads only the columns its
 * client selects. Every node reads its id and its merchant (field resolvers check who the viewer
 * is); fields resolved by a loader read nothing more. A field missing here makes lists read whole
 * rows; test/api/requirement-columns.test.ts checks every field against a whole row.
 */
export const REQUIREMENT_NODE_READS: NodeReads<Requirement> = {
  always: ['id', 'merchantId'],
  fields: {
    id: [],
    status: ['status', 'bidDeadline'],
    title: ['title'],
    description: ['description'],
    serviceScopes: ['serviceScopes'],
    channels: ['channels'],
    serviceHours: ['serviceHours'],
    seatsRequired: ['seatsRequired'],
    expectedMonthlyVolume: ['expectedMonthlyVolume'],
    peakPlans: ['peakPlans'],
    kpiTargets: ['kpiTargets'],
    termStart: ['termStart'],
    termMonths: ['termMonths'],
    budgetMin: ['budgetMin'],
    budgetMax: ['budgetMax'],
    requiredCertifications: ['requiredCertifications'],
    bidDeadline: ['bidDeadline'],
    visibility: ['visibility'],
    publishedAt: ['publishedAt'],
    cancelledAt: ['cancelledAt'],
    cancelReason: ['cancelReason'],
    createdAt: ['createdAt'],
    merchant: [],
    bidCount: [],
    invitedVendors: [],
    questions: [],
    bids: [],
    bidComparison: [],
    // RequirementContractResolver: only an AWARDED requirement has a contract.
    contract: ['status', 'bidDeadline'],
  },
};

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
