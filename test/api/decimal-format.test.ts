import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_SUBMIT, bidInput, passDeadline, publishedRequirement } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;
let vendorA: TestOrg;
let vendorB: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendorA = await createOrg(app, { kind: OrganizationKind.VENDOR });
  vendorB = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const VIEW = `query($id: ID!) { requirement(id: $id) {
  budgetMin { amount currency } budgetMax { amount }
  kpiTargets { target weight }
  bids(first: 10) { edges { node { totalContractValue { amount } latestRevision {
    staffing { reserveRatio maxMonthlyAttrition }
    pricing { baseRate rampFactors monthlyFee { amount } holidayMultiplier vatRate }
    kpiCommitments { value } } } } }
  bidComparison(weights: { price: "3", kpi: "1", trackRecord: "0" }) { priceWeight kpiWeight trackRecordWeight entries {
    score priceScore kpiScore trackRecordScore reserveRatio totalContractValue { amount }
    kpis { target committed } monthlyProjection { rate amount { amount } } } } } }`;

test('every amount and unit price has exactly two decimals; fractions four; percentages, scores and KPI values two', async () => {
  const id = await publishedRequirement(app, merchant, { budgetMin: '100000', budgetMax: '200000.5' });
  await gql(
    app,
    BID_SUBMIT,
    { requirementId: id, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '1.0', rampFactors: ['0.8', '1'] } }) },
    { token: vendorA.owner.token },
  );
  await gql(
    app,
    BID_SUBMIT,
    { requirementId: id, input: bidInput({ pricing: { model: 'FIXED_MONTHLY', monthlyFee: '50000' } }) },
    { token: vendorB.owner.token },
  );
  await passDeadline(app, id);
  const response = await gql(app, VIEW, { id }, { token: merchant.owner.token });
  expect(response.errors).toBeUndefined();
  const requirement = response.data!.requirement;
  expect(requirement.budgetMin).toEqual({ amount: '100000.00', currency: 'CNY' });
  expect(requirement.budgetMax).toEqual({ amount: '200000.50' });
  expect(requirement.kpiTargets).toEqual([
    { target: '15.00', weight: '2.0000' },
    { target: '95.00', weight: '1.0000' },
  ]);

  const revisions = requirement.bids.edges.map((e: any) => e.node.latestRevision);
  const perContact = revisions.find((r: any) => r.pricing.baseRate !== null);
  const fixedFee = revisions.find((r: any) => r.pricing.monthlyFee !== null);
  expect(perContact.pricing).toEqual({ baseRate: '1.00', rampFactors: ['0.8000', '1.0000'], monthlyFee: null, holidayMultiplier: '3.0000', vatRate: '0.0600' });
  expect(perContact.staffing).toEqual({ reserveRatio: '0.2000', maxMonthlyAttrition: '0.1500' });
  expect(perContact.kpiCommitments).toEqual([{ value: '12.00' }, { value: '96.00' }]);
  expect(fixedFee.pricing.monthlyFee).toEqual({ amount: '50000.00' });

  const comparison = requirement.bidComparison;
  expect([comparison.priceWeight, comparison.kpiWeight, comparison.trackRecordWeight]).toEqual(['0.7500', '0.2500', '0.0000']);
  const fixedEntry = comparison.entries.find((e: any) => e.monthlyProjection[0].rate === null);
  expect(fixedEntry.totalContractValue.amount).toBe('150000.00');
  expect(fixedEntry.monthlyProjection.map((m: any) => m.amount.amount)).toEqual(['50000.00', '50000.00', '50000.00']);
  const rampedEntry = comparison.entries.find((e: any) => e.monthlyProjection[0].rate !== null);
  expect(rampedEntry.monthlyProjection.map((m: any) => m.rate)).toEqual(['1.25', '1.00', '1.00']);
  for (const entry of comparison.entries) {
    for (const score of [entry.score, entry.priceScore, entry.kpiScore, entry.trackRecordScore]) expect(score).toMatch(/^\d{1,3}\.\d{2}$/);
    expect(entry.reserveRatio).toBe('0.2000');
    expect(entry.kpis).toEqual([
      { target: '15.00', committed: '12.00' },
      { target: '95.00', committed: '96.00' },
    ]);
    for (const month of entry.monthlyProjection) expect(month.amount.amount).toMatch(/^\d+\.\d{2}$/);
  }
  for (const edge of requirement.bids.edges) expect(edge.node.totalContractValue.amount).toMatch(/^\d+\.\d{2}$/);
});

test('inputs finer than their kind are refused, not rounded', async () => {
  const id = await publishedRequirement(app, merchant);
  const finer = await gql(
    app,
    BID_SUBMIT,
    {
      requirementId: id,
      input: bidInput({
        staffing: { ...bidInput().staffing, reserveRatio: '0.12345' },
        pricing: { model: 'PER_CONTACT', baseRate: '1.345', rampFactors: ['0.8', '0.90001'] },
      }),
    },
    { token: vendorA.owner.token },
  );
  expect(finer.data!.bidSubmit.bid).toBeNull();
  expect(finer.data!.bidSubmit.userErrors.map((e: any) => [e.code, e.field.join('.')]).sort()).toEqual([
    ['INVALID', 'input.pricing.baseRate'],
    ['INVALID', 'input.pricing.rampFactors.1'],
    ['INVALID', 'input.staffing.reserveRatio'],
  ]);
  const create = `mutation($input: RequirementInput!) { requirementCreate(input: $input) { requirement { id } userErrors { code field } } }`;
  const { requirementInput } = await import('../helpers/marketplace.js');
  const budget = await gql(app, create, { input: requirementInput({ budgetMin: '100.001' }) }, { token: merchant.owner.token });
  expect(budget.data!.requirementCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'budgetMin'] }]);
});

test('amounts too large for a statement are refused with INVALID, never an internal error', async () => {
  const id = await publishedRequirement(app, merchant);
  const huge = await gql(
    app,
    BID_SUBMIT,
    { requirementId: id, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '99999999999999999' } }) },
    { token: vendorA.owner.token },
  );
  expect(huge.errors).toBeUndefined();
  expect(huge.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'pricing', 'baseRate'] })]);
  const seat = await gql(
    app,
    BID_SUBMIT,
    {
      requirementId: id,
      input: bidInput({ pricing: { model: 'PER_SEAT_MONTH', seatRates: [{ seatType: 'INBOUND', monthlyRate: '999999999999999' }] } }),
    },
    { token: vendorA.owner.token },
  );
  expect(seat.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'pricing', 'seatRates', '0', 'monthlyRate'] })]);
  const { requirementInput, REQUIREMENT_CREATE } = await import('../helpers/marketplace.js');
  const budget = await gql(
    app,
    REQUIREMENT_CREATE,
    { input: requirementInput({ budgetMin: null, budgetMax: '99999999999999999' }) },
    { token: merchant.owner.token },
  );
  expect(budget.errors).toBeUndefined();
  expect(budget.data!.requirementCreate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'budgetMax'] })]);
});
