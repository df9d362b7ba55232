import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { BidNode, KpiCommitmentType, PricingType, StaffingPlanType } from '../bids/bid.types.js';
import { loadPricing } from '../bids/pricing-mapping.js';
import { KpiTargetType } from '../requirements/requirement.types.js';
import { Money } from '../../graphql/money.js';
import { ContractRulesType } from './contract-rules.types.js';
import { ContractRenewalType, ContractSignatureType, ContractTerminationType, signaturesOf } from './contract-lifecycle.types.js';
import { autoRenewMonths, effectiveState, signedByBoth } from './contract-state.js';
import { Contract, ContractStatus } from './contract.entity.js';
import { ContractParty, TerminationKind } from './contract.model.js';
import { addDays } from '../calendar/china-holidays.js';

registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  description: 'PENDING_SIGNATURE → ACTIVE (both signed, start date reached) → EXPIRED | TERMINATED.',
  valuesConfig: {
    PENDING_SIGNATURE: { description: 'Created at the award, waiting for both parties to sign.' },
    ACTIVE: { description: 'Signed by both parties and started: service is delivered and billed.' },
    EXPIRED: { description: 'The term ended without renewal.' },
    TERMINATED: { description: 'Ended early under the termination rules.' },
  },
});

export const CONTRACT_TYPE = 'Contract';

@ObjectType('Contract', { implements: Node, description: 'An awarded bid turned into a contract, with a frozen copy of the accepted terms.' })
export class ContractNode extends Node {
  rawId!: string;
  merchantRawId!: string;
  vendorRawId!: string;
  requirementRawId!: string;
  bidRawId!: string;

  @Field(() => ContractStatus, {
    description:
      'Status at the time of the request, the clock applied: signed by both with the start date come reads ACTIVE, past the end EXPIRED (or renewed), past a termination’s effective date TERMINATED — whether or not the lifecycle job has stored it yet.',
  })
  status!: ContractStatus;
  @Field(() => ContractStatus, { description: 'Status as stored (the lifecycle job and mutations catch it up with the clock).' }) storedStatus!: ContractStatus;
  @Field(() => [ContractSignatureType], { description: 'The parties’ signatures so far (who and when), merchant first.' }) signatures!: ContractSignatureType[];
  @Field(() => Boolean, { description: 'Whether both parties have signed.' }) signedByBoth!: boolean;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Signed by both, waiting for its start date: the day it becomes ACTIVE ("signed, starts on …"). Null otherwise.',
  })
  startsOn!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the stored status became ACTIVE.' }) activatedAt!: Date | null;
  @Field(() => ContractRenewalType, { description: 'The current term’s end, renewal and the notice deadline.' }) renewal!: ContractRenewalType;
  @Field(() => ContractTerminationType, { nullable: true, description: 'The termination given, if any (effective on its date).' })
  termination!: ContractTerminationType | null;
  @Field(() => DateScalar, { nullable: true, description: 'Last day of the transition period after a termination (service continues at contract prices).' })
  transitionEndsOn!: string | null;
  @Field(() => DateScalar, { description: 'First day of service.' }) startDate!: string;
  @Field(() => Int, { description: 'Term in months.' }) termMonths!: number;
  @Field({ description: 'Title of the requirement it came from.' }) title!: string;
  @Field(() => Int, { description: 'Bid revision the terms were frozen from.' }) bidRevision!: number;
  @Field(() => PricingType, { description: 'Frozen pricing.' }) pricing!: PricingType;
  @Field(() => StaffingPlanType, { description: 'Frozen staffing commitments.' }) staffing!: StaffingPlanType;
  @Field(() => [KpiTargetType], { description: 'Frozen KPI targets.' }) kpiTargets!: KpiTargetType[];
  @Field(() => [KpiCommitmentType], { description: 'Frozen KPI commitments.' }) kpiCommitments!: KpiCommitmentType[];
  @Field(() => ContractRulesType, {
    description: 'Frozen contract rules: termination and renewal, availability, breaches, KPI streaks, quality inspections, usage and statements.',
  })
  rules!: ContractRulesType;
  @Field(() => DateTimeScalar, { description: 'When the contract was created.' }) createdAt!: Date;

  /** The contract as it stands at `now` (see `effectiveState`). */
  static of(entity: Contract, now: Date): ContractNode {
    const terms = entity.terms;
    const effective = effectiveState(entity, now);
    const both = signedByBoth(entity);
    return Object.assign(new ContractNode(), {
      storedStatus: entity.status,
      signatures: signaturesOf(entity),
      signedByBoth: both,
      startsOn: both && effective.status === ContractStatus.PENDING_SIGNATURE ? entity.startDate : null,
      activatedAt: entity.activatedAt,
      renewal: Object.assign(new ContractRenewalType(), {
        endDate: effective.endDate,
        renewedMonths: effective.renewedMonths,
        renews: entity.renewalOptOutAt === null && autoRenewMonths(entity) > 0,
        renewalMonths: autoRenewMonths(entity),
        optOutDeadline: addDays(effective.endDate, -terms.rules.termination.renewalNoticeDays),
        optedOutAt: entity.renewalOptOutAt,
      }),
      termination:
        entity.terminationKind && entity.terminationEffectiveOn
          ? Object.assign(new ContractTerminationType(), {
              kind: entity.terminationKind as TerminationKind,
              effectiveOn: entity.terminationEffectiveOn,
              givenAt: entity.terminationGivenAt,
              givenBy: entity.terminationByOrganization === entity.merchantId ? ContractParty.MERCHANT : ContractParty.VENDOR,
              reason: entity.terminationReason,
              noticeDays: entity.terminationNoticeDays,
              compensation: Money.cny(entity.terminationCompensation ?? '0'),
              transitionEndsOn: entity.transitionEndsOn,
            })
          : null,
      transitionEndsOn: entity.transitionEndsOn,
      id: toGlobalId(CONTRACT_TYPE, entity.id),
      rawId: entity.id,
      merchantRawId: entity.merchantId,
      vendorRawId: entity.vendorId,
      requirementRawId: entity.requirementId,
      bidRawId: entity.bidId,
      status: effective.status,
      startDate: entity.startDate,
      termMonths: entity.termMonths,
      title: terms.requirement.title,
      bidRevision: terms.bidRevision,
      pricing: PricingType.of(loadPricing(terms.pricing)),
      staffing: StaffingPlanType.of(terms.staffing),
      kpiTargets: terms.requirement.kpiTargets.map(KpiTargetType.of),
      kpiCommitments: terms.kpiCommitments.map(KpiCommitmentType.of),
      rules: ContractRulesType.of(terms.rules),
      createdAt: entity.createdAt,
    });
  }
}

export const ContractConnection = ConnectionType(ContractNode, 'Contract');

@InputType({ description: 'Which contracts to list.' })
export class ContractFilter {
  @Field(() => [ContractStatus], { nullable: true, description: 'Only contracts in these statuses.' }) statuses?: ContractStatus[] | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Only contracts with this other party (the vendor, for a merchant; the merchant, for a vendor; either, for an audit firm).',
  })
  counterpartyId?: string | null;
}

@ObjectType({ description: 'Result of bidAccept.' })
export class BidAcceptPayload {
  @Field(() => ContractNode, { nullable: true, description: 'The new contract, PENDING_SIGNATURE.' }) contract!: ContractNode | null;
  @Field(() => BidNode, { nullable: true, description: 'The accepted bid.' }) bid!: BidNode | null;
  @Field(() => [UserError], { description: 'Why nothing was awarded, if so (CONFLICT when another bid won).' }) userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a contract lifecycle mutation.' })
export class ContractPayload {
  @Field(() => ContractNode, { nullable: true, description: 'The contract, as it stands after the change.' }) contract!: ContractNode | null;
  @Field(() => [UserError], { description: 'Why nothing changed, if so.' }) userErrors!: UserError[];
}
