import { ManualClock } from '../../src/core/clock.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_SUBMIT, bidInput, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Rules read the request's clock, in the API and in the database (`app.now`): a test moves time
 * instead of rewriting deadlines or sleeping.
 */
const clock = new ManualClock();
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const VIEW = `query($id: ID!) { requirement(id: $id) { status bidCount bids { totalCount } bidComparison { entries { rank } } } }`;

test('moving the clock past the deadline closes bidding and unseals the bids, in the API and in PostgreSQL alike', async () => {
  const deadline = new Date(clock.now().getTime() + 3600_000);
  const id = await publishedRequirement(app, merchant, { bidDeadline: deadline.toISOString() });
  await submitBid(app, vendor, id);
  const sealed = await gql(app, VIEW, { id }, { token: merchant.owner.token });
  expect(sealed.data!.requirement).toEqual({ status: 'OPEN', bidCount: 1, bids: { totalCount: 0 }, bidComparison: null });

  clock.advance(2 * 3600_000);
  const other = await createOrg(app, { kind: OrganizationKind.VENDOR });
  const late = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: other.owner.token });
  expect(late.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'DEADLINE_PASSED' })]);
  // The stored deadline is still an hour after the database's own now(): only the request clock has moved.
  const stored = (await app.sql.query('select bid_deadline > now() as ahead from requirement where bid_deadline = $1', [deadline])).rows[0];
  expect(stored.ahead).toBe(true);
  const unsealed = await gql(app, VIEW, { id }, { token: merchant.owner.token });
  expect(unsealed.data!.requirement).toEqual({ status: 'EVALUATING', bidCount: 1, bids: { totalCount: 1 }, bidComparison: { entries: [{ rank: 1 }] } });
});
