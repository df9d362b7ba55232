import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import type { ScorecardCriterion, ContactScore } from './inspection.model.js';

export enum InspectionStatus {
  DRAFT = 'DRAFT',
  SCORED = 'SCORED',
}

export enum InspectionResult {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
}

export enum RectificationStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  ACCEPTED = 'ACCEPTED',
}

/** The scorecard as copied into an inspection (the version in force when it was created). */
export interface ScorecardSnapshot {
  version: number | null;
  criteria: ScorecardCriterion[];
  passMark: string;
  weeklySampleSize: number;
}

/** One version of a contract's scorecard; the latest is in force. Never changed: a new version replaces it. */
@Entity({ tableName: 'inspection_scorecard' })
export class InspectionScorecard {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'json' })
  criteria!: ScorecardCriterion[];

  @Property({ type: 'decimal', precision: 5, scale: 2 })
  passMark!: string;

  @Property({ type: 'integer' })
  weeklySampleSize!: number;

  @Property({ type: 'uuid', nullable: true })
  createdByUser: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** The merchant's inspection of one ISO week of the vendor's contacts. */
@Entity({ tableName: 'inspection' })
export class Inspection {
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

  /** ISO week, e.g. "2027-W02", in the contract's time zone. */
  @Property({ type: 'text' })
  week!: string;

  @Property({ type: 'date' })
  weekStart!: string;

  @Property({ type: 'date' })
  weekEnd!: string;

  @Property({ type: 'text' })
  status: InspectionStatus = InspectionStatus.DRAFT;

  @Property({ type: 'text', nullable: true })
  result: InspectionResult | null = null;

  @Property({ type: 'json' })
  scorecard!: ScorecardSnapshot;

  /** RANDOM (drawn with `seed` by `algorithm` from `population` records) or ENTERED by the inspector. */
  @Property({ type: 'text' })
  sampleMethod!: string;

  @Property({ type: 'integer', nullable: true })
  seed: number | null = null;

  @Property({ type: 'text', nullable: true })
  algorithm: string | null = null;

  @Property({ type: 'integer', nullable: true })
  population: number | null = null;

  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  score: string | null = null;

  /** Its place among the contract's failed inspections (1st, 2nd, …): the escalation ladder. */
  @Property({ type: 'integer', nullable: true })
  failureNumber: number | null = null;

  /** The deduction of `deductionMonth`'s service charges this failure marks (2nd failure and later). Statements read it. */
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  deductionPercent: string | null = null;

  @Property({ type: 'date', nullable: true })
  deductionMonth: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  terminationRightId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdByUser: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  scoredAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  scoredByUser: string | null = null;
}

/** One sampled contact of an inspection (no agent reference) and its scores. */
@Entity({ tableName: 'inspection_sample' })
export class InspectionSample {
  @PrimaryKey({ type: 'uuid' })
  inspectionId!: string;

  /** 1, 2, … in the order drawn (or entered). */
  @PrimaryKey({ type: 'integer' })
  position!: number;

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'text' })
  externalId!: string;

  /** Its 1-based position among the week's records ordered by (start, external id). */
  @Property({ type: 'integer', nullable: true })
  populationPosition: number | null = null;

  @Property({ type: 'text' })
  channel!: string;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'integer' })
  durationSeconds!: number;

  @Property({ type: 'json', nullable: true })
  scores: ContactScore[] | null = null;

  @Property({ type: 'boolean', nullable: true })
  criticalViolation: boolean | null = null;

  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true })
  score: string | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}

/** A past round of a rectification: the answer the merchant rejected. */
export interface RectificationRound {
  round: number;
  dueAt: string;
  answer: string;
  answeredAt: string;
  rejectedAt: string;
  reason: string;
}

/** What a failed inspection asks of the vendor: an answer within the rectification period, accepted or rejected by the merchant. */
@Entity({ tableName: 'inspection_rectification' })
export class InspectionRectification {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  inspectionId!: string;

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'text' })
  status: RectificationStatus = RectificationStatus.OPEN;

  @Property({ type: 'integer' })
  round: number = 1;

  @Property({ type: 'datetime' })
  openedAt!: Date;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  /** When the overdue job flagged the current round (reads show `overdue` from the clock anyway). */
  @Property({ type: 'datetime', nullable: true })
  overdueFlaggedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  answer: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  answeredByUser: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedByUser: string | null = null;

  @Property({ type: 'json' })
  history: RectificationRound[] = [];
}
