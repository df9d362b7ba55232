import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, createPlatformAdmin, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, passDeadline, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;
let otherMerchant: TestOrg;
let vendorA: TestOrg;
let vendorB: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendorA = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.VIEWER] });
  vendorB = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const BIDS = `query($filter: BidFilter, $first: Int) { bids(first: $first, filter: $filter) { totalCount edges { node { id status requirement { id } } } } }`;
const CONTRACTS = `query($filter: ContractFilter) { contracts(filter: $filter) { totalCount edges { node { id status merchant { id } vendor { id } } } } }`;

const ids = (response: any, field: string) => response.data![field].edges.map((e: any) => e.node.id).sort();

describe('bids across requirements', () => {
  test('a vendor lists its own bids on every requirement, by status, and never another vendor’s', async () => {
    const open = await publishedRequirement(app, merchant);
    const other = await publishedRequirement(app, otherMerchant);
    const onOpen = await submitBid(app, vendorA, open);
    const onOther = await submitBid(app, vendorA, other);
    const competitor = await submitBid(app, vendorB, open);
    await gql(app, `mutation($id: ID!) { bidWithdraw(id: $id) { userErrors { code } } }`, { id: onOther }, { token: vendorA.owner.token });

    const all = await gql(app, BIDS, {}, { token: vendorA.member(MembershipRole.VIEWER).token });
    expect(ids(all, 'bids')).toEqual([onOpen, onOther].sort());
    expect(ids(all, 'bids')).not.toContain(competitor);
    const withdrawn = await gql(app, BIDS, { filter: { statuses: ['WITHDRAWN'] } }, { token: vendorA.owner.token });
    expect(ids(withdrawn, 'bids')).toEqual([onOther]);
    const onRequirement = await gql(app, BIDS, { filter: { requirementId: open } }, { token: vendorA.owner.token });
    expect(ids(onRequirement, 'bids')).toEqual([onOpen]);
    const notARequirement = await gql(app, BIDS, { filter: { requirementId: vendorB.globalId } }, { token: vendorA.owner.token });
    expect(notARequirement.data!.bids.totalCount).toBe(0);
  });

  test('a merchant lists only unsealed bids on its own requirements', async () => {
    const sealed = await publishedRequirement(app, merchant);
    const closed = await publishedRequirement(app, merchant);
    await submitBid(app, vendorA, sealed);
    const unsealed = await submitBid(app, vendorB, closed);
    await passDeadline(app, closed);
    const listed = await gql(app, BIDS, { filter: { requirementId: sealed } }, { token: merchant.owner.token });
    expect(listed.data!.bids.totalCount).toBe(0);
    const afterDeadline = await gql(app, BIDS, { filter: { requirementId: closed } }, { token: merchant.owner.token });
    expect(ids(afterDeadline, 'bids')).toEqual([unsealed]);
    const elsewhere = await gql(app, BIDS, { filter: { requirementId: closed } }, { token: otherMerchant.owner.token });
    expect(elsewhere.data!.bids.totalCount).toBe(0);
  });

  test('who may list bids: merchants and vendors; not audit firms, administrators or anonymous callers', async () => {
    const auditor = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM });
    const admin = await createPlatformAdmin(app);
    expect(errorCodes(await gql(app, BIDS, {}, { token: auditor.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, BIDS, {}, { token: admin.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, BIDS, {}))).toEqual(['UNAUTHENTICATED']);
    // Contracts: an audit firm lists those merchants grant it (test/api/audit-grants.test.ts), none without a grant.
    const asAuditor = await gql(app, CONTRACTS, {}, { token: auditor.owner.token });
    expect(asAuditor.errors).toBeUndefined();
    expect(asAuditor.data!.contracts.totalCount).toBe(0);
    expect(errorCodes(await gql(app, CONTRACTS, {}, { token: admin.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, CONTRACTS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  test('SQL statements of bids { requirement { merchant } vendor latestRevision } do not grow with the page', async () => {
    const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
    for (let i = 0; i < 8; i++) await submitBid(app, vendor, await publishedRequirement(app, i % 2 ? merchant : otherMerchant));
    const query = `query($first: Int) { bids(first: $first) { edges { node { id vendor { legalName } requirement { title merchant { legalName } }
      latestRevision { revision pricing { baseRate } } } } } }`;
    const count = async (first: number) => {
      const response = await gql(app, query, { first }, { token: vendor.owner.token });
      expect(response.data!.bids.edges).toHaveLength(first);
      return app.requests.at(-1)!.sqlStatements;
    };
    expect(await count(2)).toBe(await count(8));
  });
});

describe('contracts with filters', () => {
  test('by status and by counterparty, for both parties', async () => {
    const merchantC = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const withA = await publishedRequirement(app, merchantC);
    const withB = await publishedRequirement(app, merchantC);
    const bidA = await submitBid(app, vendorA, withA);
    const bidB = await submitBid(app, vendorB, withB);
    await passDeadline(app, withA);
    await passDeadline(app, withB);
    const contractA = (await gql(app, BID_ACCEPT, { id: bidA }, { token: merchantC.owner.token })).data!.bidAccept.contract.id;
    const contractB = (await gql(app, BID_ACCEPT, { id: bidB }, { token: merchantC.owner.token })).data!.bidAccept.contract.id;

    expect(ids(await gql(app, CONTRACTS, {}, { token: merchantC.owner.token }), 'contracts')).toEqual([contractA, contractB].sort());
    expect(ids(await gql(app, CONTRACTS, { filter: { counterpartyId: vendorA.globalId } }, { token: merchantC.owner.token }), 'contracts')).toEqual([
      contractA,
    ]);
    expect(ids(await gql(app, CONTRACTS, { filter: { statuses: ['PENDING_SIGNATURE'] } }, { token: merchantC.owner.token }), 'contracts')).toEqual(
      [contractA, contractB].sort(),
    );
    expect((await gql(app, CONTRACTS, { filter: { statuses: ['ACTIVE', 'TERMINATED'] } }, { token: merchantC.owner.token })).data!.contracts.totalCount).toBe(
      0,
    );
    expect(ids(await gql(app, CONTRACTS, { filter: { counterpartyId: merchantC.globalId } }, { token: vendorA.owner.token }), 'contracts')).toEqual([
      contractA,
    ]);
    expect((await gql(app, CONTRACTS, { filter: { counterpartyId: otherMerchant.globalId } }, { token: vendorA.owner.token })).data!.contracts.totalCount).toBe(
      0,
    );
    // Another merchant asking about the same vendor sees none of merchantC's contracts.
    expect((await gql(app, CONTRACTS, { filter: { counterpartyId: vendorA.globalId } }, { token: otherMerchant.owner.token })).data!.contracts.totalCount).toBe(
      0,
    );
  });
});
