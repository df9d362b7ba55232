import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import type { Caller } from './client.js';
import { createOrg, type TestOrg } from './factories.js';
import type { TestApp } from './test-app.js';
import { contactRecords, report } from './usage.js';

export const SCORECARD_SET = `mutation($contractId: ID!, $input: InspectionScorecardInput!) { inspectionScorecardSet(contractId: $contractId, input: $input) {
  scorecard { version passMark weeklySampleSize criteria { name weight critical } } userErrors { code field message } } }`;

const INSPECTION_FIELDS = `id number week weekStart weekEnd status result score failureNumber deduction { percent month } terminationRightId
  scorecard { version passMark weeklySampleSize criteria { name weight critical } }
  sampling { method seed algorithm population }
  sample { position externalId populationPosition channel startedAt durationSeconds score criticalViolation note scores { criterion score violation } }
  rectification { id status round dueAt overdue overdueFlaggedAt answer history { round answer reason } }`;

export const INSPECTION_CREATE = `mutation($contractId: ID!, $input: InspectionCreateInput!) { inspectionCreate(contractId: $contractId, input: $input) {
  inspection { ${INSPECTION_FIELDS} } userErrors { code field message } } }`;

export const INSPECTION_SCORE = `mutation($id: ID!, $input: InspectionScoreInput!) { inspectionScore(id: $id, input: $input) {
  inspection { ${INSPECTION_FIELDS} } userErrors { code field message } } }`;

export const INSPECTION_NODE = `query($id: ID!) { node(id: $id) { ... on Inspection { ${INSPECTION_FIELDS} } } }`;

export const RECTIFICATION_ANSWER = `mutation($id: ID!, $input: InspectionRectificationAnswerInput!) { inspectionRectificationAnswer(id: $id, input: $input) {
  rectification { id status round answer overdue overdueFlaggedAt dueAt } userErrors { code field message } } }`;
export const RECTIFICATION_ACCEPT = `mutation($id: ID!) { inspectionRectificationAccept(id: $id) { rectification { id status round } userErrors { code field message } } }`;
export const RECTIFICATION_REJECT = `mutation($id: ID!, $input: InspectionRectificationRejectInput!) { inspectionRectificationReject(id: $id, input: $input) {
  rectification { id status round dueAt answer history { round answer reason } } userErrors { code field message } } }`;

export const SCORECARD = {
  criteria: [
    { name: 'Greeting', weight: '1' },
    { name: 'Accuracy', weight: '3', critical: true },
  ],
};

export async function inspectionParties(app: TestApp) {
  const merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.INSPECTOR, MembershipRole.FINANCE] });
  const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.OPERATIONS, MembershipRole.SALES] });
  const otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.INSPECTOR] });
  return { merchant, vendor, otherMerchant };
}

/** `n` contact records in ISO week 2027-W02 (Mon 11 – Sun 17 January, Shanghai), one a minute from Tuesday 09:00. */
export async function weekRecords(app: TestApp, vendor: TestOrg, contractId: string, n: number, prefix = 'w2-'): Promise<void> {
  const response = await report(app, { token: vendor.member(MembershipRole.OPERATIONS).token }, contractId, {
    records: contactRecords(n, { prefix, start: '2027-01-12T09:00:00+08:00', spacingSeconds: 60 }),
  });
  if (response.errors || response.data!.usageReport.userErrors.length)
    throw new Error(JSON.stringify(response.errors ?? response.data!.usageReport.userErrors));
}

/** Scores for every sampled contact: each criterion `score`; `violation` marks Accuracy violated. */
export function scoresFor(sample: { externalId: string }[], score: string, options: { violation?: (i: number) => boolean; note?: string } = {}) {
  return {
    contacts: sample.map((s, i) => ({
      externalId: s.externalId,
      scores: [
        { criterion: 'Greeting', score },
        { criterion: 'Accuracy', score, violation: options.violation?.(i) ?? false },
      ],
      ...(options.note ? { note: options.note } : {}),
    })),
  };
}

export function inspector(org: TestOrg): Caller {
  return { token: org.member(MembershipRole.INSPECTOR).token };
}
