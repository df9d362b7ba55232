import { TransitionRefused } from '../../src/core/state-machine.js';
import { STATEMENT_MACHINE, effectiveStatementStatus, type StatementState } from '../../src/modules/statements/statement-state.js';
import { StatementStatus } from '../../src/modules/statements/statement.model.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The spec: every transition a statement version allows (product.md §8). Everything else is refused. */
const ALLOWED = [
  'DRAFT --regenerate--> DRAFT',
  'DRAFT --issue--> ISSUED',
  'ISSUED --confirm--> CONFIRMED',
  'ISSUED --dispute--> DISPUTED',
  'ISSUED --recordPayment--> ISSUED',
  'ISSUED --settle--> PAID',
  'CONFIRMED --recordPayment--> CONFIRMED',
  'CONFIRMED --settle--> PAID',
  'DEEMED_CONFIRMED --deemConfirmed--> DEEMED_CONFIRMED',
  'DEEMED_CONFIRMED --recordPayment--> DEEMED_CONFIRMED',
  'DEEMED_CONFIRMED --settle--> PAID',
  'DISPUTED --supersede--> SUPERSEDED',
];

describeMachine(STATEMENT_MACHINE, ALLOWED, (status): StatementState => ({ status, deemedConfirmationAt: null }));

const MOMENT = new Date('2026-10-13T16:00:00Z');
const issued = (): StatementState => ({ status: StatementStatus.ISSUED, deemedConfirmationAt: MOMENT });

test('an ISSUED statement reads DEEMED_CONFIRMED from its moment on, not a millisecond before', () => {
  expect(effectiveStatementStatus(issued(), new Date(MOMENT.getTime() - 1))).toBe(StatementStatus.ISSUED);
  expect(effectiveStatementStatus(issued(), MOMENT)).toBe(StatementStatus.DEEMED_CONFIRMED);
  expect(effectiveStatementStatus({ status: StatementStatus.CONFIRMED, deemedConfirmationAt: MOMENT }, MOMENT)).toBe(StatementStatus.CONFIRMED);
  expect(effectiveStatementStatus({ status: StatementStatus.ISSUED, deemedConfirmationAt: null }, MOMENT)).toBe(StatementStatus.ISSUED);
});

test('past its moment it can no longer be confirmed or disputed (DEADLINE_PASSED); deemConfirmed stores it', () => {
  for (const action of ['confirm', 'dispute'] as const) {
    const statement = issued();
    expect(() => STATEMENT_MACHINE.apply(statement, action, MOMENT)).toThrow(
      expect.objectContaining({ code: 'DEADLINE_PASSED' }) as unknown as TransitionRefused,
    );
    expect(statement.status).toBe(StatementStatus.ISSUED);
  }
  const statement = issued();
  expect(() => STATEMENT_MACHINE.apply(statement, 'deemConfirmed', new Date(MOMENT.getTime() - 1))).toThrow(TransitionRefused);
  expect(STATEMENT_MACHINE.apply(statement, 'deemConfirmed', MOMENT)).toEqual({ from: StatementStatus.ISSUED, to: StatementStatus.DEEMED_CONFIRMED });
});

test('an issued statement is never regenerated or issued again: the refusal says a revision replaces it', () => {
  for (const status of [StatementStatus.ISSUED, StatementStatus.CONFIRMED, StatementStatus.PAID, StatementStatus.SUPERSEDED]) {
    expect(() => STATEMENT_MACHINE.apply({ status, deemedConfirmationAt: null }, 'regenerate', MOMENT)).toThrow(/only a revision replaces it/);
  }
});
