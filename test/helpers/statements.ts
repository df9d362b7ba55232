import type { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { datesBetween } from '../../src/modules/calendar/china-holidays.js';
import { gql, type Caller } from './client.js';
import { createOrg, type TestOrg } from './factories.js';
import { CONTRACT_AVAILABILITY, reportIncident } from './incidents.js';
import { INSPECTION_CREATE, INSPECTION_SCORE, SCORECARD, SCORECARD_SET, inspector, scoresFor } from './inspections.js';
import { BID_ACCEPT, publishedRequirement, submitBid } from './marketplace.js';
import type { TestApp } from './test-app.js';
import { contactRecords, report } from './usage.js';

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

/** Records `n` contacts of a day (one a minute from 09:00 Shanghai), each `seconds` long. */
function dayRecords(date: string, n: number, prefix: string, seconds = 60) {
  return contactRecords(n, { prefix, start: `${date}T09:00:00+08:00`, spacingSeconds: 1, duration: () => seconds });
}

async function failInspection(app: TestApp, merchant: TestOrg, contractId: string, week: string) {
  const created = expectNoErrors(
    await gql(app, INSPECTION_CREATE, { contractId, input: { week, seed: 7, sampleSize: 10 } }, inspector(merchant)),
    'inspectionCreate',
  );
  expectNoErrors(
    await gql(app, INSPECTION_SCORE, { id: created.inspection.id, input: scoresFor(created.inspection.sample, '50') }, inspector(merchant)),
    'inspectionScore',
  );
}

/**
 * The worked example of product.md §8 recorded through the API: the contract (PER_CONTACT 1.34 with
 * ramp-up 0.8 / 0.9 / 1.0, holidays × 3, VAT 6%, from 2026-09-20), two failed inspections, October's
 * usage and outages. Leaves the clock at 2026-11-02 10:00 Shanghai; October's statement is then
 * 163,716.00 / −3,274.32 / −16,371.60 / 144,070.08 / 8,644.20 / 152,714.28.
 */
export async function recordWorkedExampleFacts(app: TestApp, clock: ManualClock, merchant: TestOrg, vendor: TestOrg): Promise<{ id: string; rawId: string }> {
  const at = (instant: string) => clock.set(new Date(instant));
  // The worked example's contract: PER_CONTACT 1.34 with ramp-up 0.8 / 0.9 / 1.0, holidays × 3, VAT 6%, from 2026-09-20.
  const worked = await signedContract(app, clock, merchant, vendor, { termStart: '2026-09-20', termMonths: 3 });
  at('2026-10-08T12:00:00+08:00');
  expectNoErrors(await gql(app, SCORECARD_SET, { contractId: worked.id, input: SCORECARD }, inspector(merchant)), 'inspectionScorecardSet');
  // Week 2026-W39 (Sep 21–27) fails: the first failure, a rectification only. Week W40 (Sep 28 – Oct 4,
  // Thursday Oct 1) fails too: the second failure, deducted from October.
  expectNoErrors(
    await report(app, operations(vendor), worked.id, { records: [...dayRecords('2026-09-22', 20, 'w39-'), ...dayRecords('2026-09-29', 20, 'w40-')] }),
    'usageReport',
  );
  await failInspection(app, merchant, worked.id, '2026-W39');
  await failInspection(app, merchant, worked.id, '2026-W40');

  at('2026-11-02T10:00:00+08:00');
  // October: 3,000 contacts on the statutory holidays Oct 1–3, 51,200 on Oct 4–19 (month-1 rate), 42,000 on Oct 20–31 (month-2 rate).
  const days = [
    ...spreadDays('2026-10-01', '2026-10-03', 3_000),
    ...spreadDays('2026-10-04', '2026-10-19', 51_200),
    ...spreadDays('2026-10-20', '2026-10-31', 42_000),
  ];
  expectNoErrors(await report(app, operations(vendor), worked.id, { days: days.filter((d) => d.date !== '2026-10-25') }), 'usageReport');
  // Oct 25 comes as contact records: 3,500 qualified and 40 shorter than the 15-second minimum, not counted.
  const oct25 = days.find((d) => d.date === '2026-10-25')!.qualifiedContacts;
  if (oct25 !== 3_500) throw new Error(`Oct 25 should carry 3,500 contacts, not ${oct25}`);
  const records = [
    ...dayRecords('2026-10-25', oct25, 'oct25-', 40),
    ...contactRecords(40, { prefix: 'short-', start: '2026-10-25T20:00:00+08:00', duration: () => 10 }),
  ];
  expectNoErrors(await report(app, operations(vendor), worked.id, { records }), 'usageReport');
  // 2,000 non-exempt outage minutes (Oct 10 00:00 to Oct 11 09:20), and an exempt one that changes nothing.
  expectNoErrors(
    await reportIncident(app, operations(vendor), worked.id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-10T00:00:00+08:00',
      endedAt: '2026-10-11T09:20:00+08:00',
      cause: 'Carrier fibre cut at the Chengdu site.',
    }),
    'incidentReport',
  );
  expectNoErrors(
    await reportIncident(app, { token: merchant.member(MembershipRole.PROCUREMENT).token }, worked.id, {
      kind: 'OUTAGE',
      startedAt: '2026-10-20T02:00:00+08:00',
      endedAt: '2026-10-20T04:00:00+08:00',
      cause: 'Planned maintenance of the merchant’s ticketing system.',
      exemptionGrounds: 'OUTSIDE_VENDOR',
    }),
    'incidentReport',
  );
  const availability = await gql(app, CONTRACT_AVAILABILITY, { id: worked.id, month: '2026-10' }, { token: merchant.owner.token });
  const percent = availability.data?.contract.availability.availabilityPercent;
  if (percent !== '95.52') throw new Error(`October's availability should be 95.52%, not ${percent}`);
  return worked;
}
