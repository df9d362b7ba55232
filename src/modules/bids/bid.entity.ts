import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';

export enum BidStatus {
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
  SHORTLISTED = 'SHORTLISTED',
  REJECTED = 'REJECTED',
  ACCEPTED = 'ACCEPTED',
}

export interface StaffingPlan {
  agents: number;
  teamLeads: number;
  qualityStaff: number;
  trainers: number;
  /** Decimal string, fraction of extra staff beyond seats (0.2 recommended). */
  reserveRatio: string;
  shifts: string | null;
  languages: string[];
  trainingPlan: string | null;
  /** Decimal string, committed maximum monthly attrition (0.15 typical). */
  maxMonthlyAttrition: string | null;
}

/** Pricing terms as stored: decimals as strings (see billing/pricing-terms.ts for the engine's form). */
export interface StoredPricing {
  model: string;
  baseRate?: string | null;
  rampFactors?: string[] | null;
  seatRates?: { seatType: string; monthlyRate: string }[] | null;
  monthlyFee?: string | null;
  tiers?: { upTo: number | null; rate: string }[] | null;
  holidayMultiplier: string;
  vatRate: string;
}

export interface KpiCommitment {
  metric: string;
  /** Decimal string. */
  value: string;
}

/** A vendor's bid on a requirement; the latest revision counts. */
@Entity({ tableName: 'bid' })
export class Bid {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  requirementId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Enum({ items: () => BidStatus })
  status: BidStatus = BidStatus.SUBMITTED;

  @Property({ type: 'integer' })
  revision: number = 1;

  /** Projected total over the term at the requirement's expected volume (for ordering by price). */
  @Property({ type: 'decimal', precision: 18, scale: 2 })
  totalContractValue!: string;

  @Property({ type: 'datetime' })
  submittedAt: Date = new Date();

  /** Why the merchant rejected it (shown to the vendor); automatic when another bid was accepted. */
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string | null;

  /** When the merchant last decided on it (shortlisted, rejected or accepted). */
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** Every revision of a bid is kept. */
@Entity({ tableName: 'bid_revision' })
export class BidRevision {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  bidId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'integer' })
  revision!: number;

  @Property({ type: 'json' })
  staffing!: StaffingPlan;

  @Property({ type: 'json' })
  pricing!: StoredPricing;

  @Property({ type: 'json' })
  kpiCommitments: KpiCommitment[] = [];

  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Property({ type: 'uuid', nullable: true })
  createdByUserId?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
