import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { OrganizationKind } from '../../core/organization-kind.js';
import { newId } from '../../db/base.js';

export { OrganizationKind };

export enum VerificationStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}

/** A tenant: a merchant, a vendor or an audit firm. Its public columns form the marketplace directory. */
@Entity({ tableName: 'organization' })
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Enum({ items: () => OrganizationKind })
  kind!: OrganizationKind;

  @Property({ type: 'text' })
  legalName!: string;

  @Property({ type: 'text' })
  creditCode!: string;

  @Enum({ items: () => VerificationStatus })
  verificationStatus: VerificationStatus = VerificationStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  verificationNote?: string | null;

  @Property({ type: 'datetime', nullable: true })
  verifiedAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
