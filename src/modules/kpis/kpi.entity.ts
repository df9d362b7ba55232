import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';

/**
 * One day's value of one KPI of a contract, with the definition it was judged against (the terms in
 * force on that day) and whether the day was met. Written set-based by the KPI service, never
 * through the unit of work; the entity is the read model's shape.
 */
@Entity({ tableName: 'kpi_measurement' })
export class KpiMeasurement {
  @PrimaryKey({ type: 'uuid' })
  contractId!: string;

  @PrimaryKey({ type: 'text' })
  metric!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  value!: string;

  @Property({ type: 'text' })
  comparator!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  target!: string;

  @Property({ type: 'text' })
  unit!: string;

  @Property({ type: 'decimal', precision: 10, scale: 4 })
  weight!: string;

  @Property({ type: 'boolean' })
  met!: boolean;

  @Property({ type: 'uuid' })
  reportedByOrganization!: string;

  @Property({ type: 'datetime' })
  reportedAt!: Date;
}

/** A rectification notice opened by a KPI's streak of missed days; withdrawn (never deleted) when its causing days are corrected. */
@Entity({ tableName: 'kpi_rectification_notice' })
export class KpiRectificationNotice {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'text' })
  metric!: string;

  /** The missed days that opened it, in order. */
  @Property({ type: 'text[]', columnType: 'date[]' })
  days!: string[];

  @Property({ type: 'datetime' })
  openedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  withdrawnAt: Date | null = null;
}
