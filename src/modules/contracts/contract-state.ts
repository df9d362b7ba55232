import { defineStateMachine, type Refusal } from '../../core/state-machine.js';
import { addDays } from '../calendar/china-holidays.js';
import { localDate } from '../calendar/working-days.js';
import { contractMonthStart } from '../statements/billing/contract-months.js';
import { AmendmentStatus, type Contract, ContractStatus } from './contract.entity.js';

export const CONTRACT_ACTIONS = [
  'sign',
  'activate',
  'amend',
  'scheduleTermination',
  'terminate',
  'optOutOfRenewal',
  'renew',
  'expire',
  'notifyBreach',
  'cureBreach',
] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

/** What the lifecycle rules read of a contract. */
export type ContractState = Pick<
  Contract,
  'status' | 'startDate' | 'termMonths' | 'renewedMonths' | 'merchantSignedAt' | 'vendorSignedAt' | 'terminationEffectiveOn' | 'renewalOptOutAt' | 'terms'
>;

/** Business dates of a contract are read in its time zone (the requirement's; Asia/Shanghai by default). */
export const DEFAULT_CONTRACT_TIME_ZONE = 'Asia/Shanghai';

export function contractTimeZone(contract: Pick<Contract, 'terms'>): string {
  return (contract.terms as Partial<Contract['terms']> | undefined)?.requirement?.timeZone ?? DEFAULT_CONTRACT_TIME_ZONE;
}

/** The contract's calendar date at an instant. */
export function contractToday(contract: Pick<Contract, 'terms'>, now: Date): string {
  return localDate(now, contractTimeZone(contract));
}

/** The last day of the current term: contract months by anniversary of the start, renewals included. */
export function contractEndDate(contract: Pick<Contract, 'startDate' | 'termMonths' | 'renewedMonths'>): string {
  return addDays(contractMonthStart(contract.startDate, contract.termMonths + contract.renewedMonths + 1), -1);
}

export function signedByBoth(contract: Pick<Contract, 'merchantSignedAt' | 'vendorSignedAt'>): boolean {
  return contract.merchantSignedAt !== null && contract.vendorSignedAt !== null;
}

/** Months an automatic renewal adds (0: the contract does not renew). */
export function autoRenewMonths(contract: Pick<Contract, 'terms'>): number {
  return (contract.terms as Partial<Contract['terms']> | undefined)?.rules?.termination?.autoRenewMonths ?? 0;
}

type DueAction = Extract<ContractAction, 'activate' | 'terminate' | 'renew' | 'expire'>;

/**
 * The transition the clock makes due on `today`, if any, in the order they happen: activation once
 * both have signed and the start date has come; termination on its effective date; at the end of the
 * term, renewal unless a party opted out (then expiry).
 */
export function nextDueAction(contract: ContractState, today: string): DueAction | null {
  const { status } = contract;
  if (status === ContractStatus.PENDING_SIGNATURE && signedByBoth(contract) && contract.startDate <= today) return 'activate';
  const live = status === ContractStatus.PENDING_SIGNATURE || status === ContractStatus.ACTIVE;
  if (live && contract.terminationEffectiveOn !== null && contract.terminationEffectiveOn <= today) return 'terminate';
  if (status === ContractStatus.ACTIVE && contractEndDate(contract) < today) {
    return contract.renewalOptOutAt === null && autoRenewMonths(contract) > 0 ? 'renew' : 'expire';
  }
  return null;
}

/** What a due action does to the stored state (the status itself moves through CONTRACT_MACHINE). */
export function applyDueEffect(contract: Pick<Contract, 'renewedMonths' | 'terms'>, action: DueAction): void {
  if (action === 'renew') contract.renewedMonths += autoRenewMonths(contract);
}

/** Far more renewals than any contract has (a guard against a loop, not a rule). */
const MAX_DUE_STEPS = 2_000;

/** The transitions the clock has made due but nobody has stored yet, in order: what the lifecycle job (or the next mutation) applies. */
export function dueActions(contract: ContractState, now: Date): DueAction[] {
  const today = contractToday(contract, now);
  const state = { ...contract };
  const actions: DueAction[] = [];
  for (let action = nextDueAction(state, today); action && actions.length < MAX_DUE_STEPS; action = nextDueAction(state, today)) {
    actions.push(action);
    state.status = CONTRACT_MACHINE.next(state.status, action)!;
    applyDueEffect(state, action);
  }
  return actions;
}

export interface EffectiveContractState {
  status: ContractStatus;
  renewedMonths: number;
  endDate: string;
}

/**
 * The contract as it stands at `now`, whether or not the lifecycle job has stored it: a signed
 * contract whose start date has come reads ACTIVE, one past its end reads renewed or EXPIRED, one
 * past its termination date TERMINATED. Reads show this; mutations first store it (catch-up).
 */
export function effectiveState(contract: ContractState, now: Date): EffectiveContractState {
  const state = { ...contract };
  for (const action of dueActions(contract, now)) {
    state.status = CONTRACT_MACHINE.next(state.status, action)!;
    applyDueEffect(state, action);
  }
  return { status: state.status, renewedMonths: state.renewedMonths, endDate: contractEndDate(state) };
}

function guardDue(action: DueAction, contract: ContractState, now: Date): Refusal | null {
  const today = contractToday(contract, now);
  if (action === 'activate') {
    if (!signedByBoth(contract)) return { code: 'INVALID_STATE', message: 'The contract becomes active once both parties have signed it.' };
    if (contract.startDate > today) return { code: 'INVALID_STATE', message: `Signed by both parties, the contract starts on ${contract.startDate}.` };
    return null;
  }
  if (action === 'terminate') {
    return contract.terminationEffectiveOn !== null && contract.terminationEffectiveOn <= today
      ? null
      : { code: 'INVALID_STATE', message: 'No termination of this contract takes effect yet.' };
  }
  const end = contractEndDate(contract);
  if (end >= today) return { code: 'INVALID_STATE', message: `The current term runs until ${end}.` };
  if (action === 'renew' && (contract.renewalOptOutAt !== null || autoRenewMonths(contract) <= 0))
    return { code: 'INVALID_STATE', message: 'A party gave notice that the contract does not renew.' };
  return null;
}

/**
 * A contract's lifecycle as data, read from its stored status. Awarding a bid creates it
 * PENDING_SIGNATURE; it becomes ACTIVE once both parties have signed and the start date is reached,
 * renews (or EXPIRES) at the end of its term, and is TERMINATED on the effective date of a
 * termination. Those four happen by the clock: `dueActions` lists what is due, reads apply it at once
 * (`effectiveState`), and the lifecycle job or the next mutation on the contract stores it through
 * `apply`, guarded so that each happens only when due. Self-loops (`sign`, `amend`, …) are what a
 * status allows without leaving it.
 */
export const CONTRACT_MACHINE = defineStateMachine<ContractStatus, ContractAction, ContractState>({
  name: 'contract',
  states: Object.values(ContractStatus),
  actions: CONTRACT_ACTIONS,
  transitions: {
    [ContractStatus.PENDING_SIGNATURE]: {
      sign: ContractStatus.PENDING_SIGNATURE,
      activate: ContractStatus.ACTIVE,
      amend: ContractStatus.PENDING_SIGNATURE,
      scheduleTermination: ContractStatus.PENDING_SIGNATURE,
      terminate: ContractStatus.TERMINATED,
      optOutOfRenewal: ContractStatus.PENDING_SIGNATURE,
    },
    [ContractStatus.ACTIVE]: {
      amend: ContractStatus.ACTIVE,
      scheduleTermination: ContractStatus.ACTIVE,
      terminate: ContractStatus.TERMINATED,
      optOutOfRenewal: ContractStatus.ACTIVE,
      renew: ContractStatus.ACTIVE,
      expire: ContractStatus.EXPIRED,
      notifyBreach: ContractStatus.ACTIVE,
      cureBreach: ContractStatus.ACTIVE,
    },
    [ContractStatus.EXPIRED]: {},
    [ContractStatus.TERMINATED]: {},
  },
  guards: {
    activate: (contract, now) => guardDue('activate', contract, now),
    terminate: (contract, now) => guardDue('terminate', contract, now),
    renew: (contract, now) => guardDue('renew', contract, now),
    expire: (contract, now) => guardDue('expire', contract, now),
  },
  explainRefusal: (_contract, from, action) => {
    if (action === 'sign' && from !== ContractStatus.PENDING_SIGNATURE)
      return { code: 'INVALID_STATE', message: `The contract is ${from}: nothing is left to sign.` };
    return null;
  },
});

/** The status every contract starts in, at award. */
export const CONTRACT_INITIAL_STATUS = ContractStatus.PENDING_SIGNATURE;

export const AMENDMENT_ACTIONS = ['sign', 'withdraw'] as const;
export type AmendmentAction = (typeof AMENDMENT_ACTIONS)[number];

/**
 * An amendment's lifecycle: PROPOSED by one party (who signs it by proposing), BINDING once the
 * other signs, or WITHDRAWN by its proposer before that. BINDING and WITHDRAWN are final (the
 * database refuses any change to them).
 */
export const AMENDMENT_MACHINE = defineStateMachine<AmendmentStatus, AmendmentAction, { status: AmendmentStatus }>({
  name: 'amendment',
  states: Object.values(AmendmentStatus),
  actions: AMENDMENT_ACTIONS,
  transitions: {
    [AmendmentStatus.PROPOSED]: { sign: AmendmentStatus.BINDING, withdraw: AmendmentStatus.WITHDRAWN },
    [AmendmentStatus.BINDING]: {},
    [AmendmentStatus.WITHDRAWN]: {},
  },
});
