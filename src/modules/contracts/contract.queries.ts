import type { KeysetOrder, KeysetPage, KeysetWindow } from '../../core/page-window.js';
import type { RequestContext } from '../../core/request-context.js';
import { emptyKeysetPage, keysetPage } from '../../db/keyset.js';
import { joinSql, sql, type Sql } from '../../db/sql.js';
import { grantedContract } from '../audit-grants/audit-grant.sql.js';
import { OrganizationKind } from '../organizations/organization.entity.js';
import { Contract, type ContractStatus } from './contract.entity.js';

export interface ContractListFilter {
  statuses?: ContractStatus[] | null;
  /** Raw id of the other party; null when the client gave an id of another type (nothing matches). */
  counterpartyId?: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Newest first (ties in id order). */
export const CONTRACT_LIST_ORDER: KeysetOrder = {
  name: 'contract.NEWEST',
  keys: [
    { column: 'created_at', type: 'timestamptz', descending: true },
    { column: 'id', type: 'uuid' },
  ],
};

/**
 * Contracts the viewer's organization is a party to — for an audit firm, those its unrevoked grants
 * cover — newest first, optionally of some statuses or with one counterparty (an audit firm's: the
 * merchant or the vendor).
 */
export async function listContracts(ctx: RequestContext, filter: ContractListFilter, window: KeysetWindow): Promise<KeysetPage<Contract>> {
  const viewer = ctx.viewer;
  if (viewer.kind !== 'member') return emptyKeysetPage();
  const kind = viewer.organizationKind;
  const and: Sql[] = [
    kind === OrganizationKind.VENDOR
      ? sql`t.vendor_id = ${viewer.organizationId}`
      : kind === OrganizationKind.AUDIT_FIRM
        ? grantedContract(viewer.organizationId)
        : sql`t.merchant_id = ${viewer.organizationId}`,
  ];
  if (filter.statuses?.length) and.push(sql`t.status in (${[...filter.statuses]})`);
  if (filter.counterpartyId !== undefined) {
    const counterparty = filter.counterpartyId ?? NO_ID;
    and.push(
      kind === OrganizationKind.VENDOR
        ? sql`t.merchant_id = ${counterparty}`
        : kind === OrganizationKind.AUDIT_FIRM
          ? sql`(t.merchant_id = ${counterparty} or t.vendor_id = ${counterparty})`
          : sql`t.vendor_id = ${counterparty}`,
    );
  }
  return keysetPage(ctx.uow, Contract, 'contract', joinSql(and, ' and '), window);
}
