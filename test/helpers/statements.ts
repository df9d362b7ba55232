import type { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { datesBetween } from '../../src/modules/calendar/china-holidays.js';
import { gql, type Caller } from './client.js';
import { createOrg, type TestOrg } from './factories.js';
import { BID_ACCEPT, publishedRequirement, submitBid } from './marketplace.js';
import type { TestApp } from './test-app.js';

export const LINE_FIELDS = `position section kind description quantity unitPrice { amount } percent amount { amount }
  evidence { dates termsFrom termsTo amendmentNumbers contractMonth seatType incidentIds inspectionIds paymentIds statementIds availabilityPercent outageMinutes minutesInMonth daysLate }`;
export const STATEMENT_FIELDS = `id month version status serviceCharges { amount } deductions { amount } subtotal { amount } vatRate vat { amount } fees { amount } total { amount }
  amountPaid { amount } amountDue { amount } investigationReportRequired chargedFrom chargedTo termsSpans { from to amendmentNumbers pricingModel }
  issueDeadline dueDate issuedAt issuedLate deemedConfirmationOn deemedConfirmationAt deemedConfirmationNote confirmedAt disputedAt supersededAt paidAt
  lines { ${LINE_FIELDS} } disputes { position reason } payments { paidOn amount { amount } daysLate feeStatementId } contract { id }`;

export const STATEMENTS = `query($filter: StatementFilter, $first: Int) { statements(filter: $filter, first: $first) { totalCount edges { node { ${STATEMENT_FIELDS} } } } }`;
export const STATEMENT_NODE = `query($id: ID!) { node(id: $id) { ... on Statement { ${STATEMENT_FIELDS} versions { id version status } revisionOf { id } } } }`;
export const STATEMENT_GENERATE = `mutation($contractId: ID!, $month: YearMonth!) { statementGenerate(contractId: $contractId, month: $month) { outcome statement { ${STATEMENT_FIELDS} } userErrors { code field message } } }`;
export const STATEMENT_ISSUE = `mutation($id: ID!) { statementIssue(id: $id) { statement { ${STATEMENT_FIELDS} } userErrors { code field message } } }`;
export const STATEMENT_CONFIRM = `mutation($id: ID!) { statementConfirm(id: $id) { statement { id status confirmedAt } userErrors { code field message } } }`;
export const STATEMENT_DISPUTE = `mutation($id: ID!, $input: StatementDisputeInput!) { statementDispute(id: $id, input: $input) { statement { id status disputes { position reason } } userErrors { code field message } } }`;
export const STATEMENT_REVISE = `mutation($id: ID!) { statementRevise(id: $id) { outcome statement { id version status revisionOf { id } } userErrors { code field message } } }`;
export const STATEMENT_PAY = `mutation($id: ID!, $input: StatementPaymentInput!) { statementPaymentRecord(id: $id, input: $input) { statement { id status amountPaid { amount } amountDue { amount } paidAt payments { paidOn amount { amount } daysLate } } userErrors { code field message } } }`;
export const STATEMENT_RECOMPUTE = `query($id: ID!) { statementRecompute(id: $id) { matches recomputedTotal { amount } differences { position kind recorded { amount } recomputed { amount } } statement { id } } }`;
export const CONTRACT_SIGN = `mutation($id: ID!) { contractSign(id: $id) { contract { id status } userErrors { code message } } }`;

export async function statementParties(app: TestApp) {
  const merchant = await createOrg(app, {
    kind: OrganizationKind.MERCHANT,
    roles: [MembershipRole.OWNER, MembershipRole.FINANCE, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR],
  });
  const vendor = await createOrg(app, {
    kind: OrganizationKind.VENDOR,
    roles: [MembershipRole.OWNER, MembershipRole.FINANCE, MembershipRole.OPERATIONS, MembershipRole.SALES],
  });
  const otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  const otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  return { merchant, vendor, otherMerchant, otherVendor };
}

export const finance = (org: TestOrg): Caller => ({ token: org.member(MembershipRole.FINANCE).token });
export const operations = (org: TestOrg): Caller => ({ token: org.member(MembershipRole.OPERATIONS).token });

/**
 * A contract signed by both parties through the API, starting `termStart`: awarded with the clock a
 * month and a half before (bidding closes the next day), then the clock is put back.
 */
export async function signedContract(
  app: TestApp,
  clock: ManualClock,
  merchant: TestOrg,
  vendor: TestOrg,
  options: { termStart: string; termMonths?: number; pricing?: Record<string, unknown> },
): Promise<{ id: string; rawId: string }> {
  const saved = clock.now();
  const awardDay = new Date(Date.parse(`${options.termStart}T12:00:00+08:00`) - 45 * 86_400_000);
  clock.set(awardDay);
  try {
    const requirement = await publishedRequirement(app, merchant, {
      termStart: options.termStart,
      termMonths: options.termMonths ?? 3,
      bidDeadline: new Date(awardDay.getTime() + 86_400_000).toISOString(),
    });
    const bid = await submitBid(app, vendor, requirement, options.pricing ? { pricing: options.pricing } : {});
    clock.set(new Date(awardDay.getTime() + 2 * 86_400_000));
    const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token });
    if (accepted.errors || accepted.data!.bidAccept.userErrors.length) throw new Error(JSON.stringify(accepted.errors ?? accepted.data!.bidAccept.userErrors));
    const id = accepted.data!.bidAccept.contract.id as string;
    for (const party of [merchant, vendor]) {
      const signed = await gql(app, CONTRACT_SIGN, { id }, { token: party.owner.token });
      if (signed.errors || signed.data!.contractSign.userErrors.length) throw new Error(JSON.stringify(signed.errors ?? signed.data!.contractSign.userErrors));
    }
    return { id, rawId: Buffer.from(id, 'base64url').toString('utf8').split(':')[1]! };
  } finally {
    clock.set(saved);
  }
}

/** Daily aggregates spreading `total` qualified contacts evenly over from..to (the remainder on the last day). */
export function spreadDays(from: string, to: string, total: number) {
  const dates = datesBetween(from, to);
  const each = Math.floor(total / dates.length);
  return dates.map((date, i) => {
    const qualifiedContacts = i === dates.length - 1 ? total - each * (dates.length - 1) : each;
    return { date, qualifiedContacts, totalContacts: qualifiedContacts };
  });
}

export function expectNoErrors(response: { errors?: unknown; data?: Record<string, any> | null }, field: string) {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  const errors = response.data![field].userErrors;
  if (errors?.length) throw new Error(`${field}: ${JSON.stringify(errors)}`);
  return response.data![field];
}
