/** What happened: an outage of the vendor's service, or a breach of the merchant's customers' data. */
export enum IncidentKind {
  OUTAGE = 'OUTAGE',
  DATA_BREACH = 'DATA_BREACH',
}

/**
 * Where an incident stands (INCIDENT_MACHINE). Outages: NOT_EXEMPT (they count against
 * availability), EXEMPTION_PROPOSED by the vendor (still counting), EXEMPT (the merchant decided;
 * ignored by availability) or EXEMPTION_REJECTED (counting, decided). Data breaches: REPORTED,
 * then VERIFIED (a deduction on the month's statement) or DISMISSED by the merchant.
 */
export enum IncidentStatus {
  NOT_EXEMPT = 'NOT_EXEMPT',
  EXEMPTION_PROPOSED = 'EXEMPTION_PROPOSED',
  EXEMPT = 'EXEMPT',
  EXEMPTION_REJECTED = 'EXEMPTION_REJECTED',
  REPORTED = 'REPORTED',
  VERIFIED = 'VERIFIED',
  DISMISSED = 'DISMISSED',
}

/** Why an outage does not count against the vendor (product.md §5). */
export enum ExemptionGrounds {
  /** Planned maintenance announced with notice. */
  PLANNED_WITH_NOTICE = 'PLANNED_WITH_NOTICE',
  /** Caused outside the vendor (the merchant's systems, a platform, a carrier, force majeure). */
  OUTSIDE_VENDOR = 'OUTSIDE_VENDOR',
}

/** An incident as a party reports it. */
export interface IncidentReportCommand {
  kind: IncidentKind;
  /** Outage: when it began (to the minute). Data breach: when it happened. */
  startedAt: Date;
  /** Outages only: when service was back (to the minute); open when missing. */
  endedAt?: Date | null;
  /** What caused it / what happened (personal data masked before it is stored). */
  cause: string;
  /** Outages only: the vendor proposes an exemption on these grounds; the merchant decides it at once. */
  exemptionGrounds?: ExemptionGrounds | null;
}

export interface OutageCloseCommand {
  endedAt: Date;
}

export interface OutageExemptionProposeCommand {
  grounds: ExemptionGrounds;
  note?: string | null;
}

export interface OutageExemptionDecideCommand {
  /** True: the outage is exempt; false: the vendor's proposal is rejected. */
  exempt: boolean;
  /** Needed when granting without a proposal (a proposal's grounds are taken otherwise). */
  grounds?: ExemptionGrounds | null;
  note?: string | null;
}

export interface DataBreachVerifyCommand {
  /** True: the merchant confirms the breach (VERIFIED); false: it was none (DISMISSED). */
  confirmed: boolean;
  note?: string | null;
}
