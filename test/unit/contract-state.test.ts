import { CONTRACT_INITIAL_STATUS, CONTRACT_MACHINE } from '../../src/modules/contracts/contract-state.js';
import { ContractStatus } from '../../src/modules/contracts/contract.entity.js';
import { describeMachine } from '../helpers/state-machines.js';

/** The spec: every transition a contract allows (only creation has a use case yet). Everything else is refused. */
const ALLOWED = [
  'PENDING_SIGNATURE --activate--> ACTIVE',
  'PENDING_SIGNATURE --terminate--> TERMINATED',
  'ACTIVE --expire--> EXPIRED',
  'ACTIVE --terminate--> TERMINATED',
];

describeMachine(CONTRACT_MACHINE, ALLOWED, (status) => ({ status }));

test('a contract starts PENDING_SIGNATURE; EXPIRED and TERMINATED are final', () => {
  expect(CONTRACT_INITIAL_STATUS).toBe(ContractStatus.PENDING_SIGNATURE);
  for (const final of [ContractStatus.EXPIRED, ContractStatus.TERMINATED]) {
    expect(CONTRACT_MACHINE.actions.filter((action) => CONTRACT_MACHINE.can(final, action))).toEqual([]);
  }
});
