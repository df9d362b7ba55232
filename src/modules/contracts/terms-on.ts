import { AmendmentStatus, type Contract, type ContractAmendment } from './contract.entity.js';
import type { ContractTerms } from './contract-terms.js';

/** What termsOn reads of an amendment. */
export type AmendmentTerms = Pick<ContractAmendment, 'number' | 'status' | 'effectiveFrom' | 'changes' | 'boundAt'>;

export interface TermsInForce {
  /** The day the terms apply to (a date in the contract's time zone). */
  on: string;
  terms: ContractTerms;
  /** The binding amendments applied, in the order applied (amendment numbers). */
  amendmentNumbers: number[];
}

/**
 * The terms that apply on `date`: the terms frozen at the award, then every BINDING amendment
 * effective on or before that day, in order of effective date (amendments effective the same day in
 * the order they became binding): the latest wins, part by part (pricing, KPI targets, each
 * termination rule). Proposed and withdrawn amendments change nothing. Pure: the billing engine
 * calls it for each day it charges.
 */
export function termsOn(contract: Pick<Contract, 'terms'>, amendments: readonly AmendmentTerms[], date: string): TermsInForce {
  const applying = amendments
    .filter((a) => a.status === AmendmentStatus.BINDING && a.effectiveFrom <= date)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || (a.boundAt?.getTime() ?? 0) - (b.boundAt?.getTime() ?? 0) || a.number - b.number);
  const base = contract.terms;
  let terms: ContractTerms = base;
  for (const { changes } of applying) {
    terms = {
      ...terms,
      pricing: changes.pricing ?? terms.pricing,
      requirement: changes.kpiTargets ? { ...terms.requirement, kpiTargets: changes.kpiTargets } : terms.requirement,
      rules: changes.termination ? { ...terms.rules, termination: { ...terms.rules.termination, ...changes.termination } } : terms.rules,
    };
  }
  return { on: date, terms, amendmentNumbers: applying.map((a) => a.number) };
}
