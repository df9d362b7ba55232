import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** One append-only entry of the audit log; the database refuses UPDATE and DELETE. */
@Entity({ tableName: 'audit_event' })
export class AuditEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' })
  occurredAt?: Date;

  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorUserId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  actorApiKeyId?: string | null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'text' })
  entityId!: string;

  /** The contract the event is about (contract-scoped actions): auditors with a grant covering it read the event. */
  @Property({ type: 'uuid', nullable: true })
  contractId?: string | null;

  @Property({ type: 'json' })
  changes: Record<string, FieldChange> = {};

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}
