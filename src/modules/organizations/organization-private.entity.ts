import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Contact details only the organization itself (and the platform administrator verifying it) may read. */
@Entity({ tableName: 'organization_private' })
export class OrganizationPrivate {
  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'text', nullable: true })
  contactName?: string | null;

  @Property({ type: 'text', nullable: true })
  contactEmail?: string | null;

  @Property({ type: 'text', nullable: true })
  contactPhone?: string | null;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
