import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '../../db/base.js';
import type { ContractTerms } from './contract-terms.js';

export enum ContractStatus {
  PENDING_SIGNATURE = 'PENDING_SIGNATURE',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
}

/** Created when a bid is accepted, with a frozen copy of the accepted terms. */
@Entity({ tableName: 'contract' })
export class Contract {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  merchantId!: string;

  @Property({ type: 'uuid' })
  vendorId!: string;

  @Property({ type: 'uuid' })
  requirementId!: string;

  @Property({ type: 'uuid' })
  bidId!: string;

  @Enum({ items: () => ContractStatus })
  status: ContractStatus = ContractStatus.PENDING_SIGNATURE;

  @Property({ type: 'date' })
  startDate!: string;

  @Property({ type: 'integer' })
  termMonths!: number;

  @Property({ type: 'json' })
  terms!: ContractTerms;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
