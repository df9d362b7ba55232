import { gql } from './client.js';
import type { TestOrg } from './factories.js';
import type { TestApp } from './test-app.js';

/** A valid requirement input; override what a test is about. */
export function requirementInput(overrides: Record<string, unknown> = {}) {
  return {
    title: '天猫旗舰店售前售后客服外包',
    description: 'Online pre-sales and after-sales for a Tmall flagship store.',
    serviceScopes: ['PRE_SALES', 'AFTER_SALES'],
    channels: ['ONLINE_CHAT'],
    serviceHours: { daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00' },
    seatsRequired: 20,
    expectedMonthlyVolume: 93_200,
    kpiTargets: [
      { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
      { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
    ],
    termStart: '2027-01-01',
    termMonths: 3,
    budgetMin: '100000',
    budgetMax: '200000',
    bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
    visibility: 'PUBLIC',
    ...overrides,
  };
}

/** A valid bid input (per contact with ramp-up 0.8/0.9/1.0 on 1.34, as in product.md §7). */
export function bidInput(overrides: Record<string, unknown> = {}) {
  return {
    staffing: { agents: 22, teamLeads: 2, qualityStaff: 1, trainers: 1, reserveRatio: '0.2', languages: ['zh-CN'], maxMonthlyAttrition: '0.15' },
    pricing: { model: 'PER_CONTACT', baseRate: '1.34', rampFactors: ['0.8', '0.9', '1.0'] },
    kpiCommitments: [
      { metric: 'FIRST_RESPONSE_SECONDS', value: '12' },
      { metric: 'SATISFACTION_RATE', value: '96' },
    ],
    notes: 'Team in Chengdu, 7×14.',
    ...overrides,
  };
}

export const REQUIREMENT_CREATE = `mutation($input: RequirementInput!) { requirementCreate(input: $input) { requirement { id status } userErrors { code field message } } }`;
export const REQUIREMENT_PUBLISH = `mutation($id: ID!) { requirementPublish(id: $id) { requirement { id status } userErrors { code field message } } }`;
export const BID_SUBMIT = `mutation($requirementId: ID!, $input: BidInput!) { bidSubmit(requirementId: $requirementId, input: $input) { bid { id status revision totalContractValue { amount } } userErrors { code field message } } }`;
export const BID_ACCEPT = `mutation($id: ID!) { bidAccept(id: $id) { contract { id status } bid { id status } userErrors { code field message } } }`;

/** Creates and publishes a requirement through the API; returns its global id. */
export async function publishedRequirement(app: TestApp, merchant: TestOrg, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput(overrides) }, { token: merchant.owner.token });
  if (created.errors || created.data!.requirementCreate.userErrors.length)
    throw new Error(JSON.stringify(created.errors ?? created.data!.requirementCreate.userErrors));
  const id = created.data!.requirementCreate.requirement.id as string;
  const published = await gql(app, REQUIREMENT_PUBLISH, { id }, { token: merchant.owner.token });
  if (published.data!.requirementPublish.userErrors.length) throw new Error(JSON.stringify(published.data!.requirementPublish.userErrors));
  return id;
}

export async function submitBid(app: TestApp, vendor: TestOrg, requirementId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await gql(app, BID_SUBMIT, { requirementId, input: bidInput(overrides) }, { token: vendor.owner.token });
  if (response.errors || response.data!.bidSubmit.userErrors.length) throw new Error(JSON.stringify(response.errors ?? response.data!.bidSubmit.userErrors));
  return response.data!.bidSubmit.bid.id as string;
}

/** Ends bidding now (as the superuser), as if the deadline had come; the stored status stays as it was. */
export async function passDeadline(app: TestApp, requirementGlobalId: string): Promise<void> {
  const rawId = Buffer.from(requirementGlobalId, 'base64url').toString('utf8').split(':')[1];
  await app.sql.query("update requirement set bid_deadline = now() - interval '1 second' where id = $1", [rawId]);
}
