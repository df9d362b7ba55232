import { definePermissions } from '../../auth/permissions.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { MembershipRole } from '../../core/roles.js';

const { MERCHANT, VENDOR, AUDIT_FIRM } = OrganizationKind;
const { FINANCE, VIEWER, AUDITOR } = MembershipRole;

/**
 * Statements are money: the two parties' finance (and viewers, and the owners) read them, and so do
 * the auditors of a firm a merchant granted (row-level security shows them what the grant covers).
 * The vendor's finance drafts, issues and revises; the merchant's finance confirms or disputes, by
 * name (people only); either party's finance records payments.
 */
export const STATEMENT_PERMISSIONS = definePermissions({
  statementRead: { roles: [FINANCE, VIEWER, AUDITOR], kinds: [MERCHANT, VENDOR, AUDIT_FIRM] },
  statementDraft: { roles: [FINANCE], kinds: [VENDOR] },
  statementIssue: { roles: [FINANCE], kinds: [VENDOR], humansOnly: true },
  statementDecide: { roles: [FINANCE], kinds: [MERCHANT], humansOnly: true },
  statementPaymentRecord: { roles: [FINANCE], kinds: [MERCHANT, VENDOR] },
});
