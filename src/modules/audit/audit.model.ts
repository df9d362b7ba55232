/**
 * Every action the audit log records, as data: a typo in a service is a compile error, and auditors
 * and clients get one list of what can appear in `AuditEvent.action`.
 */
export const AUDIT_ACTIONS = [
  'organization.register',
  'organization.verify',
  'organization.contact.update',
  'vendorProfile.update',
  'session.login',
  'session.logout',
  'membership.invite',
  'membership.create',
  'membership.accept',
  'membership.role.change',
  'membership.remove',
  'apiKey.create',
  'apiKey.revoke',
  'requirement.create',
  'requirement.update',
  'requirement.publish',
  'requirement.extendDeadline',
  'requirement.cancel',
  'requirement.invite',
  'requirement.closeBidding',
  'requirement.award',
  'requirement.question.ask',
  'requirement.question.answer',
  'bid.submit',
  'bid.revise',
  'bid.withdraw',
  'bid.shortlist',
  'bid.reject',
  'bid.accept',
  'contract.create',
  'contract.sign',
  'contract.activate',
  'contract.renew',
  'contract.expire',
  'contract.renewal.optOut',
  'contract.termination.give',
  'contract.terminate',
  'contract.amendment.propose',
  'contract.amendment.sign',
  'contract.amendment.withdraw',
  'contract.breach.notify',
  'contract.breach.cure',
  'contract.terminationRight.arise',
  'usage.report',
  'kpi.measurements.report',
  'kpi.notice.open',
  'kpi.notice.withdraw',
  'incident.report',
  'incident.outage.close',
  'incident.exemption.propose',
  'incident.exemption.decide',
  'incident.breach.verify',
  'inspection.scorecard.set',
  'inspection.create',
  'inspection.score',
  'inspection.rectification.open',
  'inspection.rectification.answer',
  'inspection.rectification.accept',
  'inspection.rectification.reject',
  'inspection.rectification.overdue',
  'statement.generate',
  'statement.regenerate',
  'statement.revise',
  'statement.issue',
  'statement.confirm',
  'statement.deemConfirmed',
  'statement.dispute',
  'statement.supersede',
  'statement.payment.record',
  'calendar.notice.record',
  'calendar.notice.replace',
  'auditGrant.create',
  'auditGrant.revoke',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The domains whose every action is about one contract. */
export const CONTRACT_SCOPED_DOMAINS = ['contract', 'usage', 'kpi', 'incident', 'inspection', 'statement'] as const;

/**
 * Actions about one contract: their events carry the contract (`audit_event.contract_id`), and an
 * audit firm with a grant covering the contract reads them. `recordAudit` requires the contract for
 * these (a compile error otherwise).
 */
export type ContractAuditAction = Extract<AuditAction, `${(typeof CONTRACT_SCOPED_DOMAINS)[number]}.${string}`>;

export function isContractAuditAction(action: AuditAction): action is ContractAuditAction {
  return (CONTRACT_SCOPED_DOMAINS as readonly string[]).includes(action.slice(0, action.indexOf('.')));
}

/** The kinds of object an audit event may be about. */
export const AUDIT_ENTITY_TYPES = [
  'Organization',
  'VendorProfile',
  'User',
  'Membership',
  'ApiKey',
  'Requirement',
  'RequirementQuestion',
  'Bid',
  'Contract',
  'ContractAmendment',
  'ContractBreachNotice',
  'ContractTerminationRight',
  'KpiRectificationNotice',
  'CalendarNotice',
  'Incident',
  'InspectionScorecard',
  'Inspection',
  'InspectionRectification',
  'Statement',
  'AuditGrant',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** Which audit log a reader lists. */
export enum AuditLogScope {
  /** The organization's own log: what its members, keys and jobs did. */
  OWN = 'OWN',
  /** An audit firm's: the events of the contracts merchants' unrevoked grants cover, on the grants' days. */
  GRANTED = 'GRANTED',
}
