import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import type { ContractTerms, TermsChange } from './contract-terms.js';

export enum ContractStatus {
  PENDING_SIGNATURE = 'PENDING_SIGNATURE',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}

/** Created when a bid is accepted, with a frozen copy of the accepted terms. */
@Entity({ tableName: 'contract' })
export class Contract {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'uuid' })
  requirementId!: string;

  @Property({ type: 'uuid' })
  bidId!: string;

  @Enum({ items: () => ContractStatus })
  status: ContractStatus = ContractStatus.PENDING_SIGNATURE;

  @Property({ type: 'date' })
  startDate!: string;

  @Property({ type: 'integer' })
  termMonths!: number;

  @Property({ type: 'json' })
  terms!: ContractTerms;

  /** The merchant's signature: when, and which of its people signed (never changed once given). */
  @Property({ type: 'datetime', nullable: true })
  merchantSignedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  merchantSignedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  vendorSignedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  vendorSignedBy: string | null = null;

  /** When the stored status became ACTIVE (by a party's action or the lifecycle job). */
  @Property({ type: 'datetime', nullable: true })
  activatedAt: Date | null = null;

  /** Months added to the term by automatic renewals so far (the term ends after termMonths + renewedMonths contract months). */
  @Property({ type: 'integer' })
  renewedMonths: number = 0;

  /** A party's notice that the contract must not renew at the end of its current term. */
  @Property({ type: 'datetime', nullable: true })
  renewalOptOutAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  renewalOptOutByOrganization: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  renewalOptOutByUser: string | null = null;

  /** Termination, once given (never changed): CONVENIENCE or FOR_CAUSE, effective on a date in the contract's time zone. */
  @Property({ type: 'text', nullable: true })
  terminationKind: string | null = null;

  @Property({ type: 'date', nullable: true })
  terminationEffectiveOn: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  terminationGivenAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  terminationByOrganization: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  terminationByUser: string | null = null;

  @Property({ type: 'text', nullable: true })
  terminationReason: string | null = null;

  @Property({ type: 'integer', nullable: true })
  terminationNoticeDays: number | null = null;

  /** Compensation owed for short notice, CNY (0.00 with enough notice or for cause). */
  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  terminationCompensation: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  terminationRightId: string | null = null;

  /** Last day of the transition period after termination (service at contract prices while data is handed over). */
  @Property({ type: 'date', nullable: true })
  transitionEndsOn: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export enum AmendmentStatus {
  PROPOSED = 'PROPOSED',
  BINDING = 'BINDING',
  WITHDRAWN = 'WITHDRAWN',
}

/** A change to the terms (补充协议) proposed by one party, binding once the other signs; immutable once binding. */
@Entity({ tableName: 'contract_amendment' })
export class ContractAmendment {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  /** 1, 2, … per contract. */
  @Property({ type: 'integer' })
  number!: number;

  @Enum({ items: () => AmendmentStatus })
  status: AmendmentStatus = AmendmentStatus.PROPOSED;

  @Property({ type: 'date' })
  effectiveFrom!: string;

  @Property({ type: 'json' })
  changes!: TermsChange;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'uuid' })
  proposedByOrganization!: string;

  @Property({ type: 'uuid', nullable: true })
  proposedByUser: string | null = null;

  @Property({ type: 'datetime' })
  proposedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  merchantSignedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  merchantSignedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  vendorSignedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  vendorSignedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  boundAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** A party's written notice that the other is in breach; uncured after the cure period, it gives the notifying party a right to terminate for cause. */
@Entity({ tableName: 'contract_breach_notice' })
export class ContractBreachNotice {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'uuid' })
  notifiedByOrganization!: string;

  @Property({ type: 'uuid', nullable: true })
  notifiedByUser: string | null = null;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'datetime' })
  notifiedAt!: Date;

  /** notifiedAt + the cure period: uncured by then, the notifying party may terminate for cause. */
  @Property({ type: 'datetime' })
  cureDueAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  curedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  curedByUser: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/** A party's right to terminate for cause, with where it comes from and the evidence. */
@Entity({ tableName: 'contract_termination_right' })
export class ContractTerminationRight {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  /** The organization that may terminate. */
  @Property({ type: 'uuid' })
  holderOrganization!: string;

  /** KPI_STREAK, INSPECTION_LADDER or UNCURED_BREACH. */
  @Property({ type: 'text' })
  source!: string;

  /** When the right arose (an uncured breach: the end of its cure period). */
  @Property({ type: 'datetime' })
  arisesAt!: Date;

  @Property({ type: 'json' })
  evidence!: Record<string, unknown>;

  @Property({ type: 'uuid', nullable: true })
  breachNoticeId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
