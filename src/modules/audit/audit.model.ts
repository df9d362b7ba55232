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
  'calendar.notice.record',
  'calendar.notice.replace',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

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
  'CalendarNotice',
] as const;

export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
