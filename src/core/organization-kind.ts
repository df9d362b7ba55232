/** What an organization is on the marketplace; every layer reasons about it, so it lives in core. */
export enum OrganizationKind {
  MERCHANT = 'MERCHANT',
  VENDOR = 'VENDOR',
  AUDIT_FIRM = 'AUDIT_FIRM',
}
