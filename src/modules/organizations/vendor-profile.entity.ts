import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** What a vendor offers: public to every signed-in organization. */
@Entity({ tableName: 'vendor_profile' })
export class VendorProfile {
  @PrimaryKey({ type: 'uuid' })
  organizationId!: string;

  @Property({ type: 'integer' })
  seatCapacity: number = 0;

  @Property({ type: 'text[]' })
  channels: string[] = [];

  @Property({ type: 'text[]' })
  languages: string[] = [];

  @Property({ type: 'text[]' })
  certifications: string[] = [];

  @Property({ type: 'text[]' })
  serviceRegions: string[] = [];

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
