import { defineStateMachine } from '../../core/state-machine.js';
import { ContractStatus } from './contract.entity.js';

export const CONTRACT_ACTIONS = ['activate', 'expire', 'terminate'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

/**
 * A contract's lifecycle as data. Awarding a bid creates it PENDING_SIGNATURE (the entity's
 * initial status); it becomes ACTIVE once both parties have signed and the start date is reached,
 * EXPIRED at the end of its term, and TERMINATED early — before it starts or while it runs. Only
 * creation has a use case today: signing, activation, expiry and termination come with the
 * contract lifecycle (issue 9), through `CONTRACT_MACHINE.apply`.
 */
export const CONTRACT_MACHINE = defineStateMachine<ContractStatus, ContractAction, { status: ContractStatus }>({
  name: 'contract',
  states: Object.values(ContractStatus),
  actions: CONTRACT_ACTIONS,
  transitions: {
    [ContractStatus.PENDING_SIGNATURE]: {
      activate: ContractStatus.ACTIVE,
      terminate: ContractStatus.TERMINATED,
    },
    [ContractStatus.ACTIVE]: {
      expire: ContractStatus.EXPIRED,
      terminate: ContractStatus.TERMINATED,
    },
    [ContractStatus.EXPIRED]: {},
    [ContractStatus.TERMINATED]: {},
  },
});

/** The status every contract starts in, at award. */
export const CONTRACT_INITIAL_STATUS = ContractStatus.PENDING_SIGNATURE;
