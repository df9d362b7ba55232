import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql, type Caller } from './client.js';
import { createOrg, type TestOrg } from './factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, submitBid } from './marketplace.js';
import type { TestApp } from './test-app.js';

/** Contracts start 2027-01-01 for 3 months; usage tests run "on" 2027-02-20 in Shanghai. */
export const USAGE_TODAY = '2027-02-20T12:00:00+08:00';

export const USAGE_REPORT = `mutation usageReport($contractId: ID!, $input: UsageReportInput!) {
  usageReport(contractId: $contractId, input: $input) {
    contract { id } recordsWritten daysReported
    days { date qualifiedContacts totalContacts source recordCount seats { seatType seats } }
    userErrors { code field message }
  }
}`;

export const CONTRACT_USAGE = `query contractUsage($id: ID!, $month: YearMonth!) {
  contract(id: $id) { id usage(month: $month) { month qualifiedContacts totalContacts recordCount days { date qualifiedContacts totalContacts source recordCount seats { seatType seats } } } }
}`;

/** An ACTIVE contract between `merchant` and `vendor`, made through the marketplace flow (activation set as the superuser: signing is built elsewhere). */
export async function activeContract(
  app: TestApp,
  clock: ManualClock,
  merchant: TestOrg,
  vendor: TestOrg,
  status = 'ACTIVE',
): Promise<{ id: string; rawId: string }> {
  const saved = clock.now();
  clock.set(new Date());
  try {
    const requirement = await publishedRequirement(app, merchant, { termStart: '2027-01-01', termMonths: 3 });
    const bid = await submitBid(app, vendor, requirement);
    await passDeadline(app, requirement);
    // The deadline is now a second before the database's clock: move the request clock past it too
    // (publishing and bidding may take longer than that second on a busy machine).
    clock.set(new Date());
    const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token });
    if (accepted.errors || accepted.data!.bidAccept.userErrors.length) throw new Error(JSON.stringify(accepted.errors ?? accepted.data!.bidAccept.userErrors));
    const id = accepted.data!.bidAccept.contract.id as string;
    const rawId = Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
    await app.sql.query('update contract set status = $2 where id = $1', [rawId, status]);
    return { id, rawId };
  } finally {
    clock.set(saved);
  }
}

export interface RecordOptions {
  prefix?: string;
  /** First start; each next record starts `spacingSeconds` later. */
  start?: string;
  spacingSeconds?: number;
  duration?: (i: number) => number;
  channel?: string;
}

/** `n` contact records with external ids `${prefix}${i}`. */
export function contactRecords(n: number, options: RecordOptions = {}) {
  const start = new Date(options.start ?? '2027-01-10T09:00:00+08:00').getTime();
  const spacing = (options.spacingSeconds ?? 1) * 1000;
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${options.prefix ?? 'c-'}${i}`,
    channel: options.channel ?? 'PHONE',
    agentRef: `agent-${i % 40}`,
    startedAt: new Date(start + i * spacing).toISOString(),
    durationSeconds: options.duration ? options.duration(i) : 60,
  }));
}

export function report(app: TestApp, caller: Caller, contractId: string, input: Record<string, unknown>) {
  return gql(app, USAGE_REPORT, { contractId, input }, caller);
}

/** Creates an organization API key with a role (as its owner); returns the secret. */
export async function apiKey(app: TestApp, org: TestOrg, role: MembershipRole): Promise<string> {
  const created = await gql(
    app,
    `mutation($input: ApiKeyCreateInput!) { apiKeyCreate(input: $input) { secret userErrors { code message } } }`,
    { input: { name: `${role} feed`, role } },
    { token: org.owner.token },
  );
  return created.data!.apiKeyCreate.secret as string;
}

export async function usageParties(app: TestApp) {
  const merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.FINANCE] });
  const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS, MembershipRole.SALES] });
  const otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS] });
  return { merchant, vendor, otherVendor };
}
