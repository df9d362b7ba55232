import { TransitionRefused } from '../../src/core/state-machine.js';
import {
  AMENDMENT_MACHINE,
  CONTRACT_INITIAL_STATUS,
  CONTRACT_MACHINE,
  type ContractState,
  dueActions,
  effectiveState,
} from '../../src/modules/contracts/contract-state.js';
import { DEFAULT_CONTRACT_RULES, type ContractTerms } from '../../src/modules/contracts/contract-terms.js';
import { AmendmentStatus, ContractStatus } from '../../src/modules/contracts/contract.entity.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The spec: every transition a contract allows from its stored status. Everything else is refused. */
const ALLOWED = [
  'PENDING_SIGNATURE --sign--> PENDING_SIGNATURE',
  'PENDING_SIGNATURE --activate--> ACTIVE',
  'PENDING_SIGNATURE --amend--> PENDING_SIGNATURE',
  'PENDING_SIGNATURE --scheduleTermination--> PENDING_SIGNATURE',
  'PENDING_SIGNATURE --terminate--> TERMINATED',
  'PENDING_SIGNATURE --optOutOfRenewal--> PENDING_SIGNATURE',
  'ACTIVE --amend--> ACTIVE',
  'ACTIVE --scheduleTermination--> ACTIVE',
  'ACTIVE --terminate--> TERMINATED',
  'ACTIVE --optOutOfRenewal--> ACTIVE',
  'ACTIVE --renew--> ACTIVE',
  'ACTIVE --expire--> EXPIRED',
  'ACTIVE --notifyBreach--> ACTIVE',
  'ACTIVE --cureBreach--> ACTIVE',
];

const terms = { requirement: { timeZone: 'Asia/Shanghai' }, rules: DEFAULT_CONTRACT_RULES } as unknown as ContractTerms;

/** A contract as the clock's transitions find it: both signed, started, its termination date and its end passed (so every guard lets it through). */
const dueContract = (status: ContractStatus, overrides: Partial<ContractState> = {}): ContractState => ({
  status,
  startDate: '2020-01-01',
  termMonths: 1,
  renewedMonths: 0,
  merchantSignedAt: new Date('2019-12-01T00:00:00Z'),
  vendorSignedAt: new Date('2019-12-02T00:00:00Z'),
  terminationEffectiveOn: '2020-01-20',
  renewalOptOutAt: null,
  terms,
  ...overrides,
});

describeMachine(CONTRACT_MACHINE, ALLOWED, (status) => dueContract(status));
describeMachine(AMENDMENT_MACHINE, ['PROPOSED --sign--> BINDING', 'PROPOSED --withdraw--> WITHDRAWN'], (status) => ({ status }));

test('a contract starts PENDING_SIGNATURE; EXPIRED and TERMINATED are final, as are BINDING and WITHDRAWN amendments', () => {
  expect(CONTRACT_INITIAL_STATUS).toBe(ContractStatus.PENDING_SIGNATURE);
  for (const final of [ContractStatus.EXPIRED, ContractStatus.TERMINATED]) {
    expect(CONTRACT_MACHINE.actions.filter((action) => CONTRACT_MACHINE.can(final, action))).toEqual([]);
  }
  for (const final of [AmendmentStatus.BINDING, AmendmentStatus.WITHDRAWN]) {
    expect(AMENDMENT_MACHINE.actions.filter((action) => AMENDMENT_MACHINE.can(final, action))).toEqual([]);
  }
});

const at = (local: string) => new Date(`${local}+08:00`);
const fresh = (overrides: Partial<ContractState> = {}) =>
  dueContract(ContractStatus.PENDING_SIGNATURE, { startDate: '2027-01-01', termMonths: 3, terminationEffectiveOn: null, ...overrides });

test('the clock’s transitions are guarded: activation needs both signatures and the start date (in Shanghai)', () => {
  const refusal = (contract: ContractState, now: Date) => {
    try {
      CONTRACT_MACHINE.apply(contract, 'activate', now);
      return null;
    } catch (error) {
      return (error as TransitionRefused).message;
    }
  };
  expect(refusal(fresh({ vendorSignedAt: null }), at('2027-02-01T00:00:00'))).toMatch(/both parties/);
  expect(refusal(fresh(), at('2026-12-31T23:59:59'))).toMatch(/starts on 2027-01-01/);
  expect(refusal(fresh(), at('2027-01-01T00:00:00'))).toBeNull();
});

test('due transitions in order, and the status reads apply: activation, renewals, expiry after an opt-out, termination first', () => {
  expect(dueActions(fresh(), at('2026-12-31T23:00:00'))).toEqual([]);
  expect(dueActions(fresh(), at('2027-01-01T08:00:00'))).toEqual(['activate']);
  // Two renewals late: 2027-03-31 → 2028-03-31 → 2029-03-31.
  expect(dueActions(fresh(), at('2028-04-02T08:00:00'))).toEqual(['activate', 'renew', 'renew']);
  expect(effectiveState(fresh(), at('2028-04-02T08:00:00'))).toEqual({ status: ContractStatus.ACTIVE, renewedMonths: 24, endDate: '2029-03-31' });
  const optedOut = fresh({ renewalOptOutAt: new Date('2027-02-01T00:00:00Z') });
  expect(effectiveState(optedOut, at('2027-03-31T23:59:59'))).toMatchObject({ status: ContractStatus.ACTIVE, endDate: '2027-03-31' });
  expect(effectiveState(optedOut, at('2027-04-01T00:00:00'))).toMatchObject({ status: ContractStatus.EXPIRED, endDate: '2027-03-31' });
  const terminating = fresh({ terminationEffectiveOn: '2027-03-15' });
  expect(dueActions(terminating, at('2027-06-01T00:00:00'))).toEqual(['activate', 'terminate']);
  expect(effectiveState(terminating, at('2027-03-14T23:59:59')).status).toBe(ContractStatus.ACTIVE);
  expect(effectiveState(dueContract(ContractStatus.EXPIRED), at('2030-01-01T00:00:00')).status).toBe(ContractStatus.EXPIRED);
});
