import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { BidNode, KpiCommitmentType, PricingType, StaffingPlanType } from '../bids/bid.types.js';
import { loadPricing } from '../bids/pricing-mapping.js';
import { KpiTargetType } from '../requirements/requirement.types.js';
import { ContractRulesType } from './contract-rules.types.js';
import { Contract, ContractStatus } from './contract.entity.js';

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

  @Field(() => ContractStatus, { description: 'Status.' }) status!: ContractStatus;
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

  static of(entity: Contract): ContractNode {
    const terms = entity.terms;
    return Object.assign(new ContractNode(), {
      id: toGlobalId(CONTRACT_TYPE, entity.id),
      rawId: entity.id,
      merchantRawId: entity.merchantId,
      vendorRawId: entity.vendorId,
      requirementRawId: entity.requirementId,
      bidRawId: entity.bidId,
      status: entity.status,
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
  @Field(() => ID, { nullable: true, description: 'Only contracts with this other party (the vendor, for a merchant; the merchant, for a vendor).' })
  counterpartyId?: string | null;
}

@ObjectType({ description: 'Result of bidAccept.' })
export class BidAcceptPayload {
  @Field(() => ContractNode, { nullable: true, description: 'The new contract, PENDING_SIGNATURE.' }) contract!: ContractNode | null;
  @Field(() => BidNode, { nullable: true, description: 'The accepted bid.' }) bid!: BidNode | null;
  @Field(() => [UserError], { description: 'Why nothing was awarded, if so (CONFLICT when another bid won).' }) userErrors!: UserError[];
}
