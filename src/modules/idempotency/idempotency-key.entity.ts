import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** The first response of a mutation under a client’s Idempotency-Key (kept a week; at least 24 hours). */
@Entity({ tableName: 'idempotency_key' })
export class IdempotencyKey {
  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text' })
  requestHash!: string;

  @Property({ type: 'json', nullable: true })
  result?: unknown;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
