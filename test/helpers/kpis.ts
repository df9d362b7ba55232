import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql, type Caller } from './client.js';
import { createOrg } from './factories.js';
import type { TestApp } from './test-app.js';

/**
 * KPI tests run on contracts of test/helpers/usage.ts (start 2027-01-01, 3 months), whose terms
 * carry FIRST_RESPONSE_SECONDS AT_MOST 15 s (weight 2, vendor-reported) and SATISFACTION_RATE
 * AT_LEAST 95 % (weight 1, merchant-reported).
 */
export const KPI_REPORT = `mutation kpiReport($contractId: ID!, $input: KpiMeasurementsReportInput!) {
  kpiMeasurementsReport(contractId: $contractId, input: $input) {
    contract { id } noticesOpened noticesWithdrawn rightsGranted
    days { metric date value comparator target unit met }
    userErrors { code field message }
  }
}`;

export const CONTRACT_KPIS = `query contractKpis($id: ID!, $month: YearMonth!) {
  contract(id: $id) {
    id
    kpiMonth(month: $month) { month score kpis { metric comparator target unit weight daysMeasured daysMet attainment currentMissedStreak longestMissedStreak } }
    kpiNotices { id metric days openedAt withdrawnAt }
    terminationRights { rightId holder source evidence }
  }
}`;

export type Measurement = { metric: string; date: string; value: string };

export function reportKpis(app: TestApp, caller: Caller, contractId: string, measurements: Measurement[]) {
  return gql(app, KPI_REPORT, { contractId, input: { measurements } }, caller);
}

/** FIRST_RESPONSE_SECONDS on consecutive days from `first` ("2027-01-01"): each value as given. */
export function firstResponse(first: string, values: string[]): Measurement[] {
  const start = new Date(`${first}T00:00:00Z`).getTime();
  return values.map((value, i) => ({ metric: 'FIRST_RESPONSE_SECONDS', date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), value }));
}

export async function kpiParties(app: TestApp) {
  const merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.INSPECTOR, MembershipRole.FINANCE] });
  const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS, MembershipRole.SALES] });
  const otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS] });
  return { merchant, vendor, otherVendor };
}
