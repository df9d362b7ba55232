/**
 * The contract view of issue 9 point 9 (test/api/contract-view.test.ts): a party reads its contracts
 * with everything nested. Before it is measured, the API's answer for the merchant must show every
 * seeded contract with all of its evidence (bench/seed.ts, seedContracts).
 */
import { toGlobalId } from '../src/graphql/global-id.js';
import { NON_EXEMPT_OUTAGE_MINUTES, NOTICE_DAYS, type SeededContract } from './seed.js';

export const CONTRACT_VIEW = `query ContractView($first: Int!) { contracts(first: $first) { edges { node {
  id status startDate termMonths startsOn transitionEndsOn signedByBoth yourParty
  merchant { legalName } vendor { legalName }
  termsInForce(on: "2026-10-15") { on amendmentNumbers pricing { model baseRate } kpiTargets { metric comparator target } rules { termination { convenienceNoticeDays } } }
  signatures { party signedAt signedBy { id } }
  amendments { id number status effectiveFrom signatures { party signedAt } }
  renewal { renews endDate optOutDeadline }
  usage(month: "2026-10") { qualifiedContacts totalContacts recordCount days { date qualifiedContacts source } }
  kpiMonth(month: "2026-10") { score kpis { metric attainment daysMeasured daysMet currentMissedStreak } }
  kpiNotices { id metric days openedAt withdrawnAt }
  availability(month: "2026-10") { availabilityPercent nonExemptOutageMinutes outages { minutes exempt incident { id status } } }
  incidents(first: 5) { totalCount edges { node { id kind status cause contract { id } } } }
  inspectionScorecard { version passMark }
  inspections(first: 5) { totalCount edges { node { id status result score rectification { id status overdue dueAt } } } }
  terminationRights { holder source arisesAt }
  breachNotices { id }
  termination { kind effectiveOn }
} } } }`;

interface ViewNode {
  id: string;
  status: string;
  signedByBoth: boolean;
  yourParty: string | null;
  merchant: { legalName: string };
  vendor: { legalName: string };
  termsInForce: { amendmentNumbers: number[]; pricing: { baseRate: string | null }; kpiTargets: unknown[] };
  signatures: { party: string; signedAt: string; signedBy: { id: string } | null }[];
  amendments: { number: number; status: string }[];
  renewal: { renews: boolean };
  usage: { qualifiedContacts: number; totalContacts: number; days: unknown[] };
  kpiMonth: { score: string | null; kpis: { metric: string; daysMeasured: number; daysMet: number }[] };
  kpiNotices: { days: string[]; withdrawnAt: string | null }[];
  availability: { nonExemptOutageMinutes: number; outages: { exempt: boolean; incident: { id: string } }[] };
  incidents: { totalCount: number; edges: { node: { contract: { id: string } } }[] };
  inspectionScorecard: { version: number } | null;
  inspections: { totalCount: number; edges: { node: { result: string | null; rectification: { status: string } | null } }[] };
  terminationRights: unknown[];
  breachNotices: unknown[];
  termination: unknown;
}

export interface ContractViewAnswer {
  contracts: { edges: { node: ViewNode }[] };
}

/**
 * Every seeded contract, once, with its evidence as seeded; throws, naming what differs, otherwise.
 * Returns the number of contracts checked.
 */
export function checkContractView(answer: ContractViewAnswer, seeded: Map<string, SeededContract>, names: { merchant: string; vendor: string }): number {
  const nodes = answer.contracts.edges.map((e) => e.node);
  const expected = new Map([...seeded].map(([rawId, contract]) => [toGlobalId('Contract', rawId), contract]));
  const problems: string[] = [];
  if (nodes.length !== expected.size) problems.push(`${nodes.length} contracts, seeded ${expected.size}`);
  const seen = new Set<string>();
  for (const node of nodes) {
    const contract = expected.get(node.id);
    const problem = (what: string, actual: unknown) => problems.push(`${contract?.title ?? node.id}: ${what} (got ${JSON.stringify(actual)})`);
    if (!contract || seen.has(node.id)) {
      problem('not seeded, or listed twice', node.id);
      continue;
    }
    seen.add(node.id);
    if (node.status !== 'ACTIVE') problem('status ACTIVE', node.status);
    if (node.yourParty !== 'MERCHANT') problem('yourParty MERCHANT', node.yourParty);
    if (node.merchant.legalName !== names.merchant || node.vendor.legalName !== names.vendor) problem('the two parties', [node.merchant, node.vendor]);
    if (!node.signedByBoth || node.signatures.length !== 2) problem('signed by both', node.signatures);
    // The merchant sees who signed for it, not who signed for the vendor.
    if (!node.signatures.find((s) => s.party === 'MERCHANT')?.signedBy || node.signatures.find((s) => s.party === 'VENDOR')?.signedBy !== null)
      problem('signedBy of its own side only', node.signatures);
    if (node.amendments.length !== 1 || node.amendments[0]!.status !== 'BINDING') problem('one BINDING amendment', node.amendments);
    if (node.termsInForce.amendmentNumbers.join() !== '1' || Number(node.termsInForce.pricing.baseRate) !== Number(contract.amendedBaseRate))
      problem(`terms of 2026-10-15 with amendment 1 (base rate ${contract.amendedBaseRate})`, node.termsInForce);
    if (node.termsInForce.kpiTargets.length !== 2) problem('2 KPI targets', node.termsInForce.kpiTargets);
    if (!node.renewal.renews) problem('renews', node.renewal);
    if (node.usage.days.length !== 31 || node.usage.qualifiedContacts !== contract.qualifiedContacts || node.usage.totalContacts !== contract.totalContacts)
      problem(`31 days of usage, ${contract.qualifiedContacts} of ${contract.totalContacts} contacts qualified`, {
        ...node.usage,
        days: node.usage.days.length,
      });
    const measured = node.kpiMonth.kpis.map((k) => `${k.metric}:${k.daysMeasured}/${k.daysMet}`).sort();
    if (measured.join() !== 'FIRST_RESPONSE_SECONDS:10/7,SATISFACTION_RATE:10/10' || node.kpiMonth.score === null)
      problem('20 KPI measurements', node.kpiMonth);
    if (node.kpiNotices.length !== 1 || node.kpiNotices[0]!.days.join() !== NOTICE_DAYS.join() || node.kpiNotices[0]!.withdrawnAt !== null)
      problem(`one notice for ${NOTICE_DAYS.join(', ')}`, node.kpiNotices);
    const { availability } = node;
    if (availability.nonExemptOutageMinutes !== NON_EXEMPT_OUTAGE_MINUTES || availability.outages.length !== 2 || !availability.outages.some((o) => o.exempt))
      problem(`2 outages, ${NON_EXEMPT_OUTAGE_MINUTES} non-exempt minutes`, availability);
    if (node.incidents.totalCount !== 2 || node.incidents.edges.some((e) => e.node.contract.id !== node.id)) problem('2 incidents', node.incidents);
    if (node.inspectionScorecard?.version !== 1) problem('scorecard version 1', node.inspectionScorecard);
    const results = node.inspections.edges.map((e) => `${e.node.result}:${e.node.rectification?.status ?? '-'}`).join();
    if (node.inspections.totalCount !== 2 || results !== 'FAILED:ACCEPTED,PASSED:-')
      problem('2 inspections, the failed one with its rectification', node.inspections);
    if (node.terminationRights.length || node.breachNotices.length || node.termination !== null)
      problem('no termination right, breach notice or termination', [node.terminationRights, node.breachNotices, node.termination]);
  }
  if (problems.length) throw new Error(`contract-view: the API's answer is not the seeded contracts:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return nodes.length;
}
