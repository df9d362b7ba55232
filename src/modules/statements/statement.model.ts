/** A version of a contract's monthly statement moves through these (product.md §8). */
export enum StatementStatus {
  DRAFT = 'DRAFT',
  ISSUED = 'ISSUED',
  CONFIRMED = 'CONFIRMED',
  DEEMED_CONFIRMED = 'DEEMED_CONFIRMED',
  DISPUTED = 'DISPUTED',
  SUPERSEDED = 'SUPERSEDED',
  PAID = 'PAID',
}

export interface StatementDisputeCommand {
  lines: { position: number; reason: string }[];
}

export interface PaymentRecordCommand {
  paidOn: string;
  amount: string;
  reference?: string | null;
}

export const STATEMENT_LIMITS = {
  disputeReason: { min: 3, max: 2_000 },
  paymentReference: { min: 1, max: 200 },
  /** Months back a vendor may generate a statement for (older months are settled). */
  generateMonthsBack: 24,
} as const;
