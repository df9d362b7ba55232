import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import { ExemptionGrounds, IncidentKind, IncidentStatus } from './incident.model.js';

/**
 * An incident on a contract, recorded by either party: an OUTAGE (start, end — open until closed —
 * cause, and whether it is exempt: proposed by the vendor or decided by the merchant, who and when)
 * or a DATA_BREACH (reported, then verified or dismissed by the merchant, who and when). Free text is
 * stored with personal data masked.
 */
@Entity({ tableName: 'incident' })
export class Incident {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Enum({ items: () => IncidentKind })
  kind!: IncidentKind;

  @Enum({ items: () => IncidentStatus })
  status!: IncidentStatus;

  /** Outage: when it began. Data breach: when it happened. */
  @Property({ type: 'datetime' })
  startedAt!: Date;

  /** Outage: when service was back; null while open (and for breaches). */
  @Property({ type: 'datetime', nullable: true })
  endedAt: Date | null = null;

  /** What caused it / what happened, personal data masked. */
  @Property({ type: 'text' })
  cause!: string;

  @Property({ type: 'uuid' })
  reportedByOrganization!: string;

  /** The person who reported it; null for an API key (see reportedByApiKey). */
  @Property({ type: 'uuid', nullable: true })
  reportedByUser: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  reportedByApiKey: string | null = null;

  @Property({ type: 'datetime' })
  reportedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  closedByOrganization: string | null = null;

  /** Outage: the grounds of a proposed or granted exemption. */
  @Enum({ items: () => ExemptionGrounds, nullable: true })
  exemptionGrounds: ExemptionGrounds | null = null;

  @Property({ type: 'datetime', nullable: true })
  exemptionProposedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  exemptionProposedByUser: string | null = null;

  @Property({ type: 'text', nullable: true })
  exemptionProposalNote: string | null = null;

  /** The merchant's decision: on an outage's exemption, or verifying / dismissing a breach. */
  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedByUser: string | null = null;

  @Property({ type: 'text', nullable: true })
  decisionNote: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
