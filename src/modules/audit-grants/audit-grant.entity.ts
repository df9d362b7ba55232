import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';

/**
 * A merchant's grant of read access to an audit firm: every contract of the merchant (contractIds
 * null, contracts made later included) or the ones listed, for the days between validFrom and validTo
 * (inclusive; null bounds are open). Never changed or deleted: only revoked, once (the database
 * refuses anything else).
 */
@Entity({ tableName: 'audit_grant' })
export class AuditGrant {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  auditFirmId!: string;

  /** The contracts granted; null: all of the merchant's. */
  @Property({ type: 'text[]', columnType: 'uuid[]', nullable: true })
  contractIds: string[] | null = null;

  @Property({ type: 'date', nullable: true })
  validFrom: string | null = null;

  @Property({ type: 'date', nullable: true })
  validTo: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** The merchant's person who granted it. */
  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  revokedBy: string | null = null;
}
