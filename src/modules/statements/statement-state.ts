import { defineStateMachine } from '../../core/state-machine.js';
import { StatementStatus } from './statement.model.js';

export const STATEMENT_ACTIONS = ['regenerate', 'issue', 'confirm', 'deemConfirmed', 'dispute', 'supersede', 'recordPayment', 'settle'] as const;
export type StatementAction = (typeof STATEMENT_ACTIONS)[number];

const { DRAFT, ISSUED, CONFIRMED, DEEMED_CONFIRMED, DISPUTED, SUPERSEDED, PAID } = StatementStatus;

/**
 * A statement version's lifecycle as data (product.md §8). Generated DRAFT after the month ends and
 * regenerated while draft; ISSUED by the vendor's finance; then CONFIRMED by the merchant's finance,
 * DEEMED_CONFIRMED by the job at the end of the 5th working day after issuance, or DISPUTED (reasons
 * per line) — a disputed version becomes SUPERSEDED when the vendor issues its revision. Payments are
 * recorded on an issued or confirmed version (`recordPayment` keeps the status); the payment that
 * completes the total settles it: PAID. A payment does not answer a statement for the merchant: an
 * ISSUED version paid in full is PAID, and no longer open to dispute.
 */
export interface StatementState {
  status: StatementStatus;
  deemedConfirmationAt: Date | null;
}

/** The status a statement reads: an ISSUED one past its deemed-confirmation moment is DEEMED_CONFIRMED, stored by the job or not. */
export function effectiveStatementStatus(statement: StatementState, now: Date): StatementStatus {
  return statement.status === ISSUED && statement.deemedConfirmationAt !== null && statement.deemedConfirmationAt <= now ? DEEMED_CONFIRMED : statement.status;
}

export const STATEMENT_MACHINE = defineStateMachine<StatementStatus, StatementAction, StatementState>({
  name: 'statement',
  statusOf: effectiveStatementStatus,
  states: Object.values(StatementStatus),
  actions: STATEMENT_ACTIONS,
  transitions: {
    [DRAFT]: { regenerate: DRAFT, issue: ISSUED },
    [ISSUED]: { confirm: CONFIRMED, dispute: DISPUTED, recordPayment: ISSUED, settle: PAID },
    [CONFIRMED]: { recordPayment: CONFIRMED, settle: PAID },
    // Read DEEMED_CONFIRMED once its moment has passed; `deemConfirmed` stores it (the job, or the next change).
    [DEEMED_CONFIRMED]: { deemConfirmed: DEEMED_CONFIRMED, recordPayment: DEEMED_CONFIRMED, settle: PAID },
    [DISPUTED]: { supersede: SUPERSEDED },
    [SUPERSEDED]: {},
    [PAID]: {},
  },
  explainRefusal: (_statement, from, action) => {
    if (action === 'regenerate' || action === 'issue')
      return from === DRAFT
        ? null
        : { code: 'INVALID_STATE', message: `The statement is ${from}: an issued statement never changes; only a revision replaces it.` };
    if ((action === 'confirm' || action === 'dispute') && from === DEEMED_CONFIRMED)
      return { code: 'DEADLINE_PASSED', message: 'The statement was deemed confirmed at the end of the working days the merchant had to answer it.' };
    if (action === 'confirm' || action === 'dispute' || action === 'deemConfirmed')
      return { code: 'INVALID_STATE', message: `The statement is ${from}: only an ISSUED statement is confirmed or disputed.` };
    if (action === 'recordPayment' || action === 'settle')
      return { code: 'INVALID_STATE', message: `The statement is ${from}: payments are recorded on an issued or confirmed statement.` };
    return null;
  },
});
