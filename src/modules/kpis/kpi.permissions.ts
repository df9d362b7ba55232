import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

/**
 * KPI measurements are reported by the vendor's operations (people or a call-centre system's API key
 * with that role) and, for the metrics measured on the merchant's side, by its inspectors; owners
 * of either. Which party reports which metric is checked by the service (kpi.model.ts).
 */
export const KPI_PERMISSIONS = definePermissions({
  kpiMeasurementsReport: { roles: [MembershipRole.OPERATIONS, MembershipRole.INSPECTOR], kinds: [OrganizationKind.VENDOR, OrganizationKind.MERCHANT] },
});
