import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { DEFAULT_CONTRACT_RULES } from '../../src/modules/contracts/contract-terms.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Nested reads of the lifecycle go through per-request loaders: the SQL count does not grow with the page. */
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;

const terms = {
  requirement: {
    title: 'Signed',
    serviceScopes: ['PRE_SALES'],
    channels: ['ONLINE_CHAT'],
    serviceHours: { daysOfWeek: [1], startTime: null, endTime: null, timeZone: 'Asia/Shanghai' },
    seatsRequired: 10,
    expectedMonthlyVolume: 1000,
    kpiTargets: [],
    timeZone: 'Asia/Shanghai',
  },
  bidRevision: 1,
  pricing: {
    model: 'FIXED_MONTHLY',
    baseRate: null,
    rampFactors: null,
    seatRates: null,
    monthlyFee: '50000',
    tiers: null,
    holidayMultiplier: '3',
    vatRate: '0.06',
  },
  staffing: {
    agents: 10,
    teamLeads: 1,
    qualityStaff: 1,
    trainers: 0,
    reserveRatio: '0.2',
    shifts: null,
    languages: [],
    trainingPlan: null,
    maxMonthlyAttrition: null,
  },
  kpiCommitments: [],
  rules: DEFAULT_CONTRACT_RULES,
};

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER] });
  // 50 contracts signed by both, each with two amendments (one binding), a breach notice and a right.
  for (let i = 0; i < 50; i++) {
    await app.sql.query(
      `with r as (
         insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at, awarded_at)
         values (gen_random_uuid(), $1, 'AWARDED', $3, '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2027-01-01', 12, now() - interval '1 day', 'INVITED', now() - interval '60 days', now())
         returning id),
       b as (insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value) select gen_random_uuid(), r.id, $1, $2, 'ACCEPTED', 600000 from r returning id, requirement_id),
       c as (insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, start_date, term_months, terms, merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by)
             select gen_random_uuid(), $1, $2, b.requirement_id, b.id, '2027-01-01', 12, $4, now(), $5, now(), $6 from b returning id),
       a1 as (insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, status, effective_from, changes, reason, proposed_by_organization, proposed_at,
                merchant_signed_at, merchant_signed_by, vendor_signed_at, vendor_signed_by, bound_at)
              select gen_random_uuid(), c.id, $1, $2, 1, 'BINDING', '2027-03-01', '{"termination":{"transitionDays":60}}', 'Shorter transition.', $1, now(), now(), $5, now(), $6, now() from c),
       a2 as (insert into contract_amendment (id, contract_id, merchant_id, vendor_id, number, effective_from, changes, reason, proposed_by_organization, proposed_at, vendor_signed_at, vendor_signed_by)
              select gen_random_uuid(), c.id, $1, $2, 2, '2027-04-01', '{"termination":{"curePeriodDays":20}}', 'Faster cure.', $2, now(), now(), $6 from c)
       insert into contract_breach_notice (id, contract_id, merchant_id, vendor_id, notified_by_organization, reason, notified_at, cure_due_at)
       select gen_random_uuid(), c.id, $1, $2, $1, 'Late reports.', now() - interval '40 days', now() - interval '10 days' from c`,
      [merchant.id, vendor.id, `Signed ${i}`, JSON.stringify(terms), merchant.owner.userId, vendor.owner.userId],
    );
  }
});
afterAll(() => app.close());

const NESTED = `query Lifecycle($first: Int!) { contracts(first: $first) { edges { node { status startsOn
  signatures { party signedAt signedBy { email } }
  amendments { number status signatures { party signedBy { email } } contract { status } }
  termsInForce(on: "2027-03-15") { amendmentNumbers rules { termination { transitionDays } } }
  breachNotices { reason } terminationRights { holder source } renewal { endDate } } } } }`;

test('contracts with signatures, amendments, terms in force, breaches and rights: the same SQL count for 5 and 50 contracts', async () => {
  const run = async (first: number) => {
    const response = await gql(app, NESTED, { first }, { token: merchant.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.contracts.edges as { node: Record<string, any> }[];
    expect(edges).toHaveLength(first);
    for (const { node } of edges) {
      expect(node.signatures).toEqual([
        { party: 'MERCHANT', signedAt: expect.any(String), signedBy: { email: merchant.owner.email } },
        { party: 'VENDOR', signedAt: expect.any(String), signedBy: null },
      ]);
      expect(node.amendments.map((a: { status: string }) => a.status)).toEqual(['BINDING', 'PROPOSED']);
      expect(node.termsInForce).toEqual({ amendmentNumbers: [1], rules: { termination: { transitionDays: 60 } } });
      expect(node.terminationRights).toEqual([{ holder: 'MERCHANT', source: 'UNCURED_BREACH' }]);
    }
    const record = app.requests.at(-1)!;
    expect(record.operation).toBe('Lifecycle');
    return record.sqlStatements;
  };
  const small = await run(5);
  const large = await run(50);
  expect(large).toBe(small);
  // BEGIN + set-up, count, contracts, users, amendments, contracts by id, breach notices, rights, COMMIT.
  expect(large).toBeLessThanOrEqual(10);
});
