import type { FilterQuery } from '@mikro-orm/core';
import type { PageWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Contract, type ContractStatus } from './contract.entity.js';

export interface ContractListFilter {
  statuses?: ContractStatus[] | null;
  /** Raw id of the other party; null when the client gave an id of another type (nothing matches). */
  counterpartyId?: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Contracts the viewer's organization is a party to, newest first, optionally of some statuses or with one counterparty. */
export async function listContracts(ctx: RequestContext, filter: ContractListFilter, window: PageWindow) {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return { rows: [], total: 0 };
  const asVendor = viewer.organizationKind === OrganizationKind.VENDOR;
  const where: FilterQuery<Contract> = asVendor ? { vendorId: viewer.organizationId } : { merchantId: viewer.organizationId };
  if (filter.statuses?.length) where.status = { $in: filter.statuses };
  if (filter.counterpartyId !== undefined) {
    if (asVendor) where.merchantId = filter.counterpartyId ?? NO_ID;
    else where.vendorId = filter.counterpartyId ?? NO_ID;
  }
  const [rows, total] = await ctx.uow.em.findAndCount(Contract, where, {
    orderBy: { createdAt: 'desc', id: 'asc' },
    offset: window.offset,
    limit: window.limit + 1,
  });
  return { rows, total };
}
