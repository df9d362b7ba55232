import type { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql, type Caller } from './client.js';
import { createOrg, type TestOrg } from './factories.js';
import { BID_ACCEPT, publishedRequirement, submitBid } from './marketplace.js';
import type { TestApp } from './test-app.js';

/** Contracts run from 2026-09-01 for 3 months (to 2026-11-30); incident tests run "on" 2026-11-10 in Shanghai. */
export const INCIDENTS_TODAY = '2026-11-10T12:00:00+08:00';

export const INCIDENT_FIELDS = `id kind status startedAt endedAt cause reportedBy reportedByApiKey closedAt exempt exemptionGrounds exemptionProposedAt exemptionProposalNote decidedAt decisionNote decidedBy { id } contract { id }`;

export const INCIDENT_REPORT = `mutation incidentReport($contractId: ID!, $input: IncidentReportInput!) {
  incidentReport(contractId: $contractId, input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { code field message } }
}`;
export const OUTAGE_CLOSE = `mutation($id: ID!, $input: OutageCloseInput!) { outageClose(id: $id, input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { code field message } } }`;
export const EXEMPTION_PROPOSE = `mutation($id: ID!, $input: OutageExemptionProposeInput!) { outageExemptionPropose(id: $id, input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { code field message } } }`;
export const EXEMPTION_DECIDE = `mutation($id: ID!, $input: OutageExemptionDecideInput!) { outageExemptionDecide(id: $id, input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { code field message } } }`;
export const BREACH_VERIFY = `mutation($id: ID!, $input: DataBreachVerifyInput!) { dataBreachVerify(id: $id, input: $input) { incident { ${INCIDENT_FIELDS} } userErrors { code field message } } }`;

export const CONTRACT_AVAILABILITY = `query($id: ID!, $month: YearMonth!) {
  contract(id: $id) { id availability(month: $month) { month minutesInMonth nonExemptOutageMinutes exemptOutageMinutes availabilityPercent outages { minutes exempt incident { id } } } }
}`;

/**
 * An ACTIVE contract from 2026-09-01 for 3 months between `merchant` and `vendor`, made through the
 * marketplace flow with the clock in July 2026 (activation set as the superuser, as test/helpers/usage.ts does).
 */
export async function autumnContract(app: TestApp, clock: ManualClock, merchant: TestOrg, vendor: TestOrg): Promise<{ id: string; rawId: string }> {
  const saved = clock.now();
  clock.set(new Date('2026-07-01T12:00:00+08:00'));
  try {
    const requirement = await publishedRequirement(app, merchant, { termStart: '2026-09-01', termMonths: 3, bidDeadline: '2026-07-02T12:00:00+08:00' });
    const bid = await submitBid(app, vendor, requirement);
    clock.set(new Date('2026-07-03T12:00:00+08:00'));
    const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token });
    if (accepted.errors || accepted.data!.bidAccept.userErrors.length) throw new Error(JSON.stringify(accepted.errors ?? accepted.data!.bidAccept.userErrors));
    const id = accepted.data!.bidAccept.contract.id as string;
    const rawId = Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
    await app.sql.query(`update contract set status = 'ACTIVE' where id = $1`, [rawId]);
    return { id, rawId };
  } finally {
    clock.set(saved);
  }
}

export function reportIncident(app: TestApp, caller: Caller, contractId: string, input: Record<string, unknown>) {
  return gql(app, INCIDENT_REPORT, { contractId, input }, caller);
}

export async function incidentParties(app: TestApp) {
  const merchant = await createOrg(app, {
    kind: OrganizationKind.MERCHANT,
    roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR, MembershipRole.FINANCE],
  });
  const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS, MembershipRole.SALES] });
  const otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS] });
  const otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
  return { merchant, vendor, otherVendor, otherMerchant };
}
