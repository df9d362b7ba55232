import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';

export enum RequirementStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  EVALUATING = 'EVALUATING',
  AWARDED = 'AWARDED',
  CANCELLED = 'CANCELLED',
}

export enum RequirementVisibility {
  PUBLIC = 'PUBLIC',
  INVITED = 'INVITED',
}

export interface ServiceHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  daysOfWeek: number[];
  /** "09:00"; both null for round the clock. */
  startTime: string | null;
  endTime: string | null;
  timeZone: string;
}

export interface PeakPlan {
  from: string;
  to: string;
  /** Decimal string, e.g. "3" for ×3 staffing on 11.11. */
  staffingMultiplier: string;
  note?: string | null;
}

export type KpiComparator = 'AT_MOST' | 'AT_LEAST';

export interface KpiTarget {
  metric: string;
  comparator: KpiComparator;
  /** Decimal string. */
  target: string;
  unit: string;
  /** Decimal string; weights of a requirement need not sum to anything, they are normalized. */
  weight: string;
}

/** What a merchant needs (product.md §2); its terms freeze when published. */
@Entity({ tableName: 'requirement' })
export class Requirement {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Enum({ items: () => RequirementStatus })
  status: RequirementStatus = RequirementStatus.DRAFT;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  description: string = '';

  @Property({ type: 'text[]' })
  serviceScopes!: string[];

  @Property({ type: 'text[]' })
  channels!: string[];

  @Property({ type: 'json' })
  serviceHours!: ServiceHours;

  @Property({ type: 'integer' })
  seatsRequired!: number;

  @Property({ type: 'integer' })
  expectedMonthlyVolume!: number;

  @Property({ type: 'json' })
  peakPlans: PeakPlan[] = [];

  @Property({ type: 'json' })
  kpiTargets: KpiTarget[] = [];

  @Property({ type: 'date' })
  termStart!: string;

  @Property({ type: 'integer' })
  termMonths!: number;

  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  budgetMin?: string | null;

  @Property({ type: 'decimal', precision: 18, scale: 2, nullable: true })
  budgetMax?: string | null;

  @Property({ type: 'text[]' })
  requiredCertifications: string[] = [];

  @Property({ type: 'datetime' })
  bidDeadline!: Date;

  @Enum({ items: () => RequirementVisibility })
  visibility!: RequirementVisibility;

  @Property({ type: 'text' })
  timeZone: string = 'Asia/Shanghai';

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  cancelReason?: string | null;

  @Property({ type: 'datetime', nullable: true })
  awardedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  createdByUserId?: string | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

@Entity({ tableName: 'requirement_invitation' })
export class RequirementInvitation {
  @PrimaryKey({ type: 'uuid' })
  requirementId!: string;

  @PrimaryKey({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'requirement_question' })
export class RequirementQuestion {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  requirementId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'text' })
  question!: string;

  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/**
 * Who asked a question: its own table, which row-level security lets only the asking vendor read
 * (the merchant and other vendors never learn who asked).
 */
@Entity({ tableName: 'requirement_question_asker' })
export class RequirementQuestionAsker {
  @PrimaryKey({ type: 'uuid' })
  questionId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;
}
