import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Active seats of one seat type on a day, as the vendor reported them. */
export interface SeatCount {
  seatType: string;
  seats: number;
}

/**
 * One contract day of usage (in the contract's time zone): the aggregate the vendor reported, kept
 * apart from what that day's contact records count. Written set-based by the usage service, never
 * through the unit of work; the entity is the read model's shape.
 */
@Entity({ tableName: 'usage_day' })
export class UsageDay {
  @PrimaryKey({ type: 'uuid' })
  contractId!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'integer', nullable: true })
  reportedQualifiedContacts?: number | null;

  @Property({ type: 'integer', nullable: true })
  reportedTotalContacts?: number | null;

  @Property({ type: 'json', nullable: true })
  seats?: SeatCount[] | null;

  @Property({ type: 'integer' })
  recordsQualifiedContacts: number = 0;

  @Property({ type: 'integer' })
  recordsTotalContacts: number = 0;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}

/** One contact (call, chat, …) the vendor reported; the table is partitioned by `month`. Readable by the vendor only. */
@Entity({ tableName: 'contact_record' })
export class ContactRecord {
  @PrimaryKey({ type: 'uuid' })
  contractId!: string;

  @PrimaryKey({ type: 'text' })
  externalId!: string;

  /** First day of the record's month, in the contract's time zone (the partition key). */
  @PrimaryKey({ type: 'date' })
  month!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  /** The record's day in the contract's time zone. */
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'text' })
  channel!: string;

  @Property({ type: 'text' })
  agentRef!: string;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'integer' })
  durationSeconds!: number;

  /** Lasted at least the contract's qualifying minimum. */
  @Property({ type: 'boolean' })
  qualified!: boolean;

  @Property({ type: 'datetime' })
  receivedAt!: Date;
}

/** A contract month whose statement is issued: its usage can no longer be corrected (written by statements). */
@Entity({ tableName: 'usage_locked_month' })
export class UsageLockedMonth {
  @PrimaryKey({ type: 'uuid' })
  contractId!: string;

  @PrimaryKey({ type: 'date' })
  month!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'datetime' })
  lockedAt: Date = new Date();
}
