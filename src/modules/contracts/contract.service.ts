import { OrganizationKind } from '../../core/organization-kind.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { grantsHeldByViewer } from '../audit-grants/audit-grant.loaders.js';
import { anyGrantCovers } from '../audit-grants/audit-grant.rules.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Bid, BidRevision } from '../bids/bid.entity.js';
import type { Requirement } from '../requirements/requirement.entity.js';
import { CONTRACT_INITIAL_STATUS } from './contract-state.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from './contract-terms.js';
import { Contract } from './contract.entity.js';
import { contractById } from './contract.loaders.js';

/** What an award hands over: the requirement awarded, the accepted bid and the revision that counts. */
export interface Award {
  requirement: Requirement;
  bid: Bid;
  revision: BidRevision;
}

/** The terms a contract runs on, copied from the requirement and the accepted revision. */
export function freezeTerms({ requirement, revision }: Award): ContractTerms {
  return {
    requirement: {
      title: requirement.title,
      serviceScopes: requirement.serviceScopes,
      channels: requirement.channels,
      serviceHours: requirement.serviceHours,
      seatsRequired: requirement.seatsRequired,
      expectedMonthlyVolume: requirement.expectedMonthlyVolume,
      kpiTargets: requirement.kpiTargets,
      timeZone: requirement.timeZone,
    },
    bidRevision: revision.revision,
    pricing: revision.pricing,
    staffing: revision.staffing,
    kpiCommitments: revision.kpiCommitments,
    rules: DEFAULT_CONTRACT_RULES,
  };
}

/**
 * The contract of an award, PENDING_SIGNATURE, with a frozen copy of the accepted terms (later
 * changes to the bid or the requirement cannot alter it; the database refuses changes to them).
 * Called by the award itself (bids' `acceptBid`), inside its transaction and after its checks.
 */
export function createContractFromAward(ctx: RequestContext, award: Award): Contract {
  const { requirement, bid } = award;
  const contract = Object.assign(new Contract(), {
    merchantId: requirement.merchantId,
    vendorId: bid.vendorId,
    requirementId: requirement.id,
    bidId: bid.id,
    status: CONTRACT_INITIAL_STATUS,
    startDate: requirement.termStart,
    termMonths: requirement.termMonths,
    terms: freezeTerms(award),
  });
  ctx.uow.em.persist(contract);
  recordAudit(ctx, {
    action: 'contract.create',
    entityType: 'Contract',
    entityId: contract.id,
    contractId: contract.id,
    after: { bidId: bid.id, vendorId: bid.vendorId, status: contract.status, startDate: contract.startDate, termMonths: contract.termMonths },
  });
  return contract;
}

/**
 * Whether the viewer may read a contract: a member of either party, or of an audit firm holding an
 * unrevoked grant that covers it. Row-level security decides first; this is the services' check.
 */
export async function mayReadContract(ctx: RequestContext, contract: Pick<Contract, 'id' | 'merchantId' | 'vendorId'>): Promise<boolean> {
  const viewer = ctx.viewer;
  const organizationId = actingOrganizationId(viewer);
  if (organizationId !== null && (organizationId === contract.merchantId || organizationId === contract.vendorId)) return true;
  if (viewer.kind !== 'member' || viewer.organizationKind !== OrganizationKind.AUDIT_FIRM) return false;
  return anyGrantCovers(await grantsHeldByViewer(ctx), viewer.organizationId, contract, null);
}

/** A contract by raw id, if the viewer may read it (mayReadContract); null otherwise, as if it did not exist. */
export async function readableContract(ctx: RequestContext, contractId: string | null): Promise<Contract | null> {
  const contract = contractId ? await contractById(ctx).load(contractId) : null;
  return contract && (await mayReadContract(ctx, contract)) ? contract : null;
}
