import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import { MembershipRole } from '../../core/roles.js';

@Entity({ tableName: 'membership' })
export class Membership {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Enum({ items: () => MembershipRole })
  role!: MembershipRole;

  /** SHA-256 of the one-time invitation token; null once accepted (or for members added directly). */
  @Property({ type: 'text', nullable: true, hidden: true })
  invitationTokenHash?: string | null;

  @Property({ type: 'datetime', nullable: true })
  invitationExpiresAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
