import type { Decimal } from 'decimal.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { fixed } from '../../core/decimal-scale.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Money } from '../../graphql/money.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { KpiCommitmentType, PricingInput, PricingType } from '../bids/bid.types.js';
import { loadPricing } from '../bids/pricing-mapping.js';
import { KpiTargetInput, KpiTargetType } from '../requirements/requirement.types.js';
import { ContractRulesType } from './contract-rules.types.js';
import type { TermsChange } from './contract-terms.js';
import { AmendmentStatus, type ContractAmendment, type ContractBreachNotice, type ContractTerminationRight } from './contract.entity.js';
import { ContractParty, TerminationKind, TerminationRightSource } from './contract.model.js';
import type { TerminationQuote } from './contract-lifecycle.service.js';
import type { TermsInForce } from './terms-on.js';

registerEnumType(ContractParty, {
  name: 'ContractParty',
  description: 'A side of a contract.',
  valuesConfig: { MERCHANT: { description: 'The merchant (甲方), who buys the service.' }, VENDOR: { description: 'The vendor (乙方), who delivers it.' } },
});
registerEnumType(AmendmentStatus, {
  name: 'AmendmentStatus',
  description: 'PROPOSED → BINDING (the other party signed) | WITHDRAWN (by its proposer). Binding amendments never change.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed (and signed) by one party, waiting for the other’s signature.' },
    BINDING: { description: 'Signed by both parties: part of the terms from its effective date.' },
    WITHDRAWN: { description: 'Withdrawn by its proposer before the other party signed.' },
  },
});
registerEnumType(TerminationKind, {
  name: 'TerminationKind',
  description: 'Why a contract ends early.',
  valuesConfig: {
    CONVENIENCE: { description: 'By the merchant, with notice (compensation when the notice is short).' },
    FOR_CAUSE: { description: 'By a party holding a termination right (an uncured breach, KPI or inspection rules).' },
  },
});
registerEnumType(TerminationRightSource, {
  name: 'TerminationRightSource',
  description: 'Where a right to terminate for cause comes from.',
  valuesConfig: {
    KPI_STREAK: { description: 'A KPI missed on consecutive days (the KPI streak rules).' },
    INSPECTION_LADDER: { description: 'Repeated failed quality inspections (the escalation ladder).' },
    UNCURED_BREACH: { description: 'A breach notified and not cured within the cure period.' },
  },
});

@ObjectType('ContractSignature', { description: 'One party’s signature: who signed and when.' })
export class ContractSignatureType {
  signedByRawId!: string | null;
  @Field(() => ContractParty, { description: 'The party that signed.' }) party!: ContractParty;
  @Field(() => DateTimeScalar, { description: 'When.' }) signedAt!: Date;

  static of(party: ContractParty, signedAt: Date | null, signedBy: string | null): ContractSignatureType | null {
    return signedAt ? Object.assign(new ContractSignatureType(), { party, signedAt, signedByRawId: signedBy }) : null;
  }
}

/** Both parties' signatures of a row that has them, merchant first. */
export function signaturesOf(row: {
  merchantSignedAt: Date | null;
  merchantSignedBy: string | null;
  vendorSignedAt: Date | null;
  vendorSignedBy: string | null;
}): ContractSignatureType[] {
  return [
    ContractSignatureType.of(ContractParty.MERCHANT, row.merchantSignedAt, row.merchantSignedBy),
    ContractSignatureType.of(ContractParty.VENDOR, row.vendorSignedAt, row.vendorSignedBy),
  ].filter((s): s is ContractSignatureType => s !== null);
}

@ObjectType('ContractRenewal', { description: 'The current term’s end and what happens then.' })
export class ContractRenewalType {
  @Field(() => DateScalar, { description: 'Last day of the current term (renewals included), in the contract’s time zone.' }) endDate!: string;
  @Field(() => Int, { description: 'Months added by automatic renewals so far.' }) renewedMonths!: number;
  @Field(() => Boolean, { description: 'Whether the contract renews at the end date (false once a party gave notice not to renew).' }) renews!: boolean;
  @Field(() => Int, { description: 'Months each renewal adds (default 12).' }) renewalMonths!: number;
  @Field(() => DateScalar, { description: 'Last day on which a party may give notice not to renew (renewal notice days before the end).' })
  optOutDeadline!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a party gave notice not to renew.' }) optedOutAt!: Date | null;
}

@ObjectType('ContractTermination', { description: 'A termination given: effective on a date, then a transition period.' })
export class ContractTerminationType {
  @Field(() => TerminationKind, { description: 'Convenience or for cause.' }) kind!: TerminationKind;
  @Field(() => DateScalar, { description: 'First day without the contract (TERMINATED from that day, in the contract’s time zone).' }) effectiveOn!: string;
  @Field(() => DateTimeScalar, { description: 'When the notice was given.' }) givenAt!: Date;
  @Field(() => ContractParty, { description: 'The party that terminated.' }) givenBy!: ContractParty;
  @Field({ description: 'The reason given.' }) reason!: string;
  @Field(() => Int, { description: 'Days of notice given.' }) noticeDays!: number;
  @Field(() => Money, { description: 'Compensation owed by the merchant for short notice (0.00 with enough notice or for cause).' }) compensation!: Money;
  @Field(() => DateScalar, { description: 'Last day of the transition period (service at contract prices while data is handed over).' })
  transitionEndsOn!: string;
}

@ObjectType('TerminationRulesChange', { description: 'Termination rules an amendment changes (absent: unchanged).' })
export class TerminationRulesChangeType {
  @Field(() => Int, { nullable: true, description: 'Days of notice for termination for convenience.' }) convenienceNoticeDays?: number | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Months of service charges owed for short notice, 4 decimals.' })
  shortNoticeCompensationMonths?: string | null;
  @Field(() => Int, { nullable: true, description: 'Days to cure a notified breach.' }) curePeriodDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Days of transition after termination.' }) transitionDays?: number | null;
}

@ObjectType('TermsChange', { description: 'What an amendment changes: each part given replaces the one in force.' })
export class TermsChangeType {
  @Field(() => PricingType, { nullable: true, description: 'New pricing.' }) pricing!: PricingType | null;
  @Field(() => [KpiTargetType], { nullable: true, description: 'New KPI targets (the whole list).' }) kpiTargets!: KpiTargetType[] | null;
  @Field(() => TerminationRulesChangeType, { nullable: true, description: 'Changed termination rules.' }) termination!: TerminationRulesChangeType | null;

  static of(change: TermsChange): TermsChangeType {
    const t = change.termination;
    return Object.assign(new TermsChangeType(), {
      pricing: change.pricing ? PricingType.of(loadPricing(change.pricing)) : null,
      kpiTargets: change.kpiTargets?.map(KpiTargetType.of) ?? null,
      termination: t
        ? Object.assign(new TerminationRulesChangeType(), {
            ...t,
            shortNoticeCompensationMonths: t.shortNoticeCompensationMonths != null ? fixed(t.shortNoticeCompensationMonths, 'FRACTION') : null,
          })
        : null,
    });
  }
}

export const AMENDMENT_TYPE = 'ContractAmendment';

@ObjectType('ContractAmendment', {
  implements: Node,
  description: 'A change to a contract’s terms (补充协议), effective from a date, binding once both parties sign.',
})
export class ContractAmendmentNode extends Node {
  rawId!: string;
  contractRawId!: string;
  merchantRawId!: string;
  @Field(() => Int, { description: '1, 2, … in the order proposed.' }) number!: number;
  @Field(() => AmendmentStatus, { description: 'Status.' }) status!: AmendmentStatus;
  @Field(() => DateScalar, { description: 'First day the change applies (in the contract’s time zone).' }) effectiveFrom!: string;
  @Field({ description: 'Why the change.' }) reason!: string;
  @Field(() => TermsChangeType, { description: 'What changes.' }) changes!: TermsChangeType;
  @Field(() => ContractParty, { description: 'The party that proposed it (and signed it by proposing).' }) proposedBy!: ContractParty;
  @Field(() => DateTimeScalar, { description: 'When it was proposed.' }) proposedAt!: Date;
  @Field(() => [ContractSignatureType], { description: 'Signatures given so far.' }) signatures!: ContractSignatureType[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it became binding.' }) boundAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its proposer withdrew it.' }) withdrawnAt!: Date | null;

  static of(entity: ContractAmendment): ContractAmendmentNode {
    return Object.assign(new ContractAmendmentNode(), {
      id: toGlobalId(AMENDMENT_TYPE, entity.id),
      rawId: entity.id,
      contractRawId: entity.contractId,
      merchantRawId: entity.merchantId,
      number: entity.number,
      status: entity.status,
      effectiveFrom: entity.effectiveFrom,
      reason: entity.reason,
      changes: TermsChangeType.of(entity.changes),
      proposedBy: entity.proposedByOrganization === entity.merchantId ? ContractParty.MERCHANT : ContractParty.VENDOR,
      proposedAt: entity.proposedAt,
      signatures: signaturesOf(entity),
      boundAt: entity.boundAt,
      withdrawnAt: entity.withdrawnAt,
    });
  }
}

@ObjectType('ContractTermsInForce', {
  description: 'The terms that apply on a day: the awarded terms and every binding amendment effective by then (the latest wins).',
})
export class ContractTermsInForceType {
  @Field(() => DateScalar, { description: 'The day.' }) on!: string;
  @Field(() => PricingType, { description: 'Pricing in force.' }) pricing!: PricingType;
  @Field(() => [KpiTargetType], { description: 'KPI targets in force.' }) kpiTargets!: KpiTargetType[];
  @Field(() => [KpiCommitmentType], { description: 'The vendor’s KPI commitments (as awarded).' }) kpiCommitments!: KpiCommitmentType[];
  @Field(() => ContractRulesType, { description: 'Rules in force.' }) rules!: ContractRulesType;
  @Field(() => [Int], { description: 'Numbers of the binding amendments applied, in the order applied.' }) amendmentNumbers!: number[];

  static of(inForce: TermsInForce): ContractTermsInForceType {
    const { terms } = inForce;
    return Object.assign(new ContractTermsInForceType(), {
      on: inForce.on,
      pricing: PricingType.of(loadPricing(terms.pricing)),
      kpiTargets: terms.requirement.kpiTargets.map(KpiTargetType.of),
      kpiCommitments: terms.kpiCommitments.map(KpiCommitmentType.of),
      rules: ContractRulesType.of(terms.rules),
      amendmentNumbers: inForce.amendmentNumbers,
    });
  }
}

@ObjectType('ContractTerminationQuote', {
  description:
    'What terminating for convenience on a date would mean if notice were given today. The last month’s service charges are, until monthly statements exist, the contract’s pricing projected at its expected volume for the contract month holding the last day of service; once statements exist they will be the last statement’s service charges.',
})
export class ContractTerminationQuoteType {
  @Field(() => DateScalar, { description: 'First day without the contract.' }) effectiveOn!: string;
  @Field(() => Int, { description: 'Days of notice (from today, in the contract’s time zone, to the effective date).' }) noticeDays!: number;
  @Field(() => Int, { description: 'Days of notice the terms in force require (default 60).' }) requiredNoticeDays!: number;
  @Field(() => Boolean, { description: 'Whether the notice is shorter than required (compensation is owed).' }) shortNotice!: boolean;
  @Field(() => Int, { description: 'The contract month the last month’s service charges are counted from.' }) contractMonth!: number;
  @Field(() => Money, { description: 'The last month’s service charges (projected today; the last statement’s once statements exist).' })
  lastMonthServiceCharges!: Money;
  @Field(() => DecimalScalar, { description: 'Months of service charges owed for short notice, 4 decimals (default "2.0000").' }) compensationFactor!: string;
  @Field(() => Money, { description: 'Compensation owed: factor × the last month’s service charges when the notice is short, else 0.00.' })
  compensation!: Money;
  @Field(() => DateScalar, { description: 'Last day of the transition period that would follow.' }) transitionEndsOn!: string;

  static of(quote: TerminationQuote): ContractTerminationQuoteType {
    return Object.assign(new ContractTerminationQuoteType(), {
      effectiveOn: quote.effectiveOn,
      noticeDays: quote.noticeDays,
      requiredNoticeDays: quote.requiredNoticeDays,
      shortNotice: quote.shortNotice,
      contractMonth: quote.contractMonth,
      lastMonthServiceCharges: Money.cny(quote.lastMonthCharges),
      compensationFactor: fixed(quote.compensationFactor, 'FRACTION'),
      compensation: Money.cny(quote.compensation),
      transitionEndsOn: quote.transitionEndsOn,
    });
  }
}

export const BREACH_NOTICE_TYPE = 'ContractBreachNotice';

@ObjectType('ContractBreachNotice', {
  implements: Node,
  description: 'A party’s written notice of the other’s breach; uncured within the cure period, it gives the notifying party a right to terminate for cause.',
})
export class ContractBreachNoticeNode extends Node {
  rawId!: string;
  contractRawId!: string;
  @Field(() => ContractParty, { description: 'The party that gave notice.' }) notifiedBy!: ContractParty;
  @Field({ description: 'What the breach is.' }) reason!: string;
  @Field(() => DateTimeScalar, { description: 'When notice was given.' }) notifiedAt!: Date;
  @Field(() => DateTimeScalar, { description: 'End of the cure period.' }) cureDueAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the notifying party recorded the breach cured.' }) curedAt!: Date | null;

  static of(entity: ContractBreachNotice): ContractBreachNoticeNode {
    return Object.assign(new ContractBreachNoticeNode(), {
      id: toGlobalId(BREACH_NOTICE_TYPE, entity.id),
      rawId: entity.id,
      contractRawId: entity.contractId,
      notifiedBy: entity.notifiedByOrganization === entity.merchantId ? ContractParty.MERCHANT : ContractParty.VENDOR,
      reason: entity.reason,
      notifiedAt: entity.notifiedAt,
      cureDueAt: entity.cureDueAt,
      curedAt: entity.curedAt,
    });
  }
}

export const TERMINATION_RIGHT_TYPE = 'ContractTerminationRight';

@ObjectType('ContractTerminationRight', { description: 'A party’s right to terminate the contract for cause, with its source and evidence.' })
export class ContractTerminationRightType {
  @Field(() => ID, {
    nullable: true,
    description: 'Global ID to name it in contractTerminate; null until the lifecycle job has stored a right computed from the clock.',
  })
  rightId!: string | null;
  @Field(() => ContractParty, { description: 'The party that may terminate.' }) holder!: ContractParty;
  @Field(() => TerminationRightSource, { description: 'Where the right comes from.' }) source!: TerminationRightSource;
  @Field(() => DateTimeScalar, { description: 'When the right arose.' }) arisesAt!: Date;
  @Field({ description: 'The evidence, as JSON (e.g. the breach notice, its reason and cure period).' }) evidence!: string;

  static of(right: Omit<ContractTerminationRight, 'id' | 'createdAt'> & { id?: string }): ContractTerminationRightType {
    return Object.assign(new ContractTerminationRightType(), {
      rightId: right.id ? toGlobalId(TERMINATION_RIGHT_TYPE, right.id) : null,
      holder: right.holderOrganization === right.merchantId ? ContractParty.MERCHANT : ContractParty.VENDOR,
      source: right.source as TerminationRightSource,
      arisesAt: right.arisesAt,
      evidence: JSON.stringify(right.evidence),
    });
  }
}

@InputType({ description: 'Termination rules to change (leave out what stays).' })
export class TerminationRulesChangeInput {
  @Field(() => Int, { nullable: true, description: 'Days of notice for termination for convenience (0–365).' }) convenienceNoticeDays?: number | null;
  @Field(() => DecimalScalar, { nullable: true, description: 'Months of service charges owed for short notice (0–12, at most 4 decimals).' })
  shortNoticeCompensationMonths?: Decimal | null;
  @Field(() => Int, { nullable: true, description: 'Days to cure a notified breach (1–365).' }) curePeriodDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Days of transition after termination (0–365).' }) transitionDays?: number | null;
}

@InputType({ description: 'A proposed change of terms: give at least one of pricing, KPI targets or termination rules.' })
export class ContractAmendmentInput {
  @Field(() => DateScalar, { description: 'First day the change applies (today or later, by the end of the current term; contract’s time zone).' })
  effectiveFrom!: string;
  @Field({ description: 'Why (3–2,000 characters).' }) reason!: string;
  @Field(() => PricingInput, { nullable: true, description: 'New pricing (replaces the pricing in force).' }) pricing?: PricingInput | null;
  @Field(() => [KpiTargetInput], { nullable: true, description: 'New KPI targets (replace the whole list in force).' }) kpiTargets?: KpiTargetInput[] | null;
  @Field(() => TerminationRulesChangeInput, { nullable: true, description: 'Changed termination rules.' }) termination?: TerminationRulesChangeInput | null;
}

@InputType({ description: 'Ending a contract early.' })
export class ContractTerminateInput {
  @Field(() => TerminationKind, { description: 'CONVENIENCE (the merchant, with notice) or FOR_CAUSE (with a right).' }) kind!: TerminationKind;
  @Field(() => DateScalar, { description: 'First day without the contract (today or later, by the end of the current term).' }) effectiveOn!: string;
  @Field({ description: 'Why (3–2,000 characters).' }) reason!: string;
  @Field(() => Boolean, { nullable: true, description: 'CONVENIENCE with short notice: accept the compensation shown by contractTerminationQuote.' })
  acceptCompensation?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'FOR_CAUSE: the right relied on (the oldest you hold when omitted).' }) rightId?: string | null;
}

@InputType({ description: 'A notice of breach.' })
export class ContractBreachNotifyInput {
  @Field({ description: 'What the breach is (3–2,000 characters).' }) reason!: string;
}

@ObjectType({ description: 'Result of an amendment mutation.' })
export class ContractAmendmentPayload {
  @Field(() => ContractAmendmentNode, { nullable: true, description: 'The amendment.' }) amendment!: ContractAmendmentNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a breach notice mutation.' })
export class ContractBreachNoticePayload {
  @Field(() => ContractBreachNoticeNode, { nullable: true, description: 'The breach notice.' }) breachNotice!: ContractBreachNoticeNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}
