import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

const { MERCHANT, VENDOR } = OrganizationKind;

/**
 * Incidents are recorded by either party: the vendor's operations (people, or a monitoring system's
 * OPERATIONS API key) and the merchant's procurement or inspectors (and the owners). Exemptions are
 * proposed by the vendor's operations; the merchant's decisions (exemptions, verifying a breach)
 * are taken by a person of its procurement (or the owner), recorded by name. Reads go with the
 * contract (`contractRead`).
 */
export const INCIDENT_PERMISSIONS = definePermissions({
  incidentReport: { roles: [MembershipRole.OPERATIONS, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR], kinds: [MERCHANT, VENDOR] },
  outageExemptionPropose: { roles: [MembershipRole.OPERATIONS], kinds: [VENDOR] },
  incidentDecide: { roles: [MembershipRole.PROCUREMENT], kinds: [MERCHANT], humansOnly: true },
});
