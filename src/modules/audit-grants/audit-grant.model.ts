/** What a merchant grants (raw ids: null where the client gave an id of another type or a malformed one). */
export interface AuditGrantCreateCommand {
  auditFirmId: string | null;
  /** Omitted or null: every contract of the merchant. */
  contractIds?: readonly (string | null)[] | null;
  validFrom?: string | null;
  validTo?: string | null;
}

/** The most contracts one grant lists (grant them all, or give several grants, beyond). */
export const MAX_GRANT_CONTRACTS = 100;
