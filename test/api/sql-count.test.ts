import { MembershipRole } from '../../src/core/roles.js';
import { DEFAULT_CONTRACT_RULES } from '../../src/modules/contracts/contract-terms.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let viewerOrg: TestOrg;
let merchant: TestOrg;
let vendor: TestOrg;
let otherVendor: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  for (let i = 0; i < 50; i++) {
    const org = await createOrg(app, {
      kind: i % 2 ? OrganizationKind.VENDOR : OrganizationKind.MERCHANT,
      roles: [MembershipRole.OWNER, MembershipRole.FINANCE],
    });
    if (i === 0) viewerOrg = org;
  }
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  otherVendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
  // 50 published requirements with two questions each: one asked by `vendor`, one by `otherVendor`.
  for (let i = 0; i < 50; i++) {
    const requirement = (
      await app.sql.query(
        `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at)
       values (gen_random_uuid(), $1, 'OPEN', $2, '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2027-01-01', 12, now() + make_interval(days => $3::int), 'PUBLIC', now()) returning id`,
        [merchant.id, `Requirement ${i}`, i + 1],
      )
    ).rows[0].id;
    for (const asker of [vendor, otherVendor]) {
      const question = (
        await app.sql.query(
          `insert into requirement_question (id, requirement_id, merchant_id, question) values (gen_random_uuid(), $1, $2, 'Peak plan?') returning id`,
          [requirement, merchant.id],
        )
      ).rows[0].id;
      await app.sql.query('insert into requirement_question_asker (question_id, vendor_id) values ($1, $2)', [question, asker.id]);
    }
  }
});
afterAll(() => app.close());

const NESTED = `query Nested($first: Int!) {
  organizations(first: $first) {
    totalCount
    edges { node { id legalName vendorProfile { seatCapacity } members(first: 10) { totalCount edges { node { role user { email } organization { legalName } } } } } }
  }
}`;

async function statementsFor(first: number): Promise<{ statements: number; members: number; withMembers: string[] }> {
  const response = await gql(app, NESTED, { first }, { token: viewerOrg.owner.token });
  expect(response.errors).toBeUndefined();
  const edges = response.data!.organizations.edges as { node: { id: string; members: { edges: { node: { user: { email: string } } }[] } | null } }[];
  expect(edges).toHaveLength(first);
  const members = edges.reduce((sum, e) => sum + (e.node.members?.edges.length ?? 0), 0);
  const record = app.requests.at(-1)!;
  expect(record.operation).toBe('Nested');
  return { statements: record.sqlStatements, members, withMembers: edges.filter((e) => e.node.members !== null).map((e) => e.node.id) };
}

test('organizations → vendor profile and members run the same number of SQL statements for 5 and 50 organizations', async () => {
  const small = await statementsFor(5);
  const large = await statementsFor(50);
  // Members are visible only inside one's own organization.
  expect(small.withMembers).toEqual([viewerOrg.globalId]);
  expect(large.withMembers).toEqual([viewerOrg.globalId]);
  expect(small.members).toBe(2);
  expect(large.members).toBe(2);
  expect(large.statements).toBe(small.statements);
  // BEGIN + tenant set-up, organizations page with its count (one statement), members, vendor profiles, users, COMMIT
  // (member.organization comes from the primed organization loader).
  expect(large.statements).toBeLessThanOrEqual(7);
});

test('a nested page past the end still reports the total', async () => {
  const response = await gql(
    app,
    `query($after: String) { viewer { organization { members(first: 5, after: $after) { totalCount edges { cursor } pageInfo { hasPreviousPage hasNextPage } } } } }`,
    { after: Buffer.from('o:9').toString('base64url') },
    { token: viewerOrg.owner.token },
  );
  expect(response.errors).toBeUndefined();
  expect(response.data!.viewer.organization.members).toEqual({ totalCount: 2, edges: [], pageInfo: { hasPreviousPage: true, hasNextPage: false } });
});

test('requirements → merchant and questions with askedByYou run the same number of SQL statements for 5 and 50 requirements', async () => {
  const BROWSE = `query Browse($first: Int!) { requirements(first: $first, orderBy: DEADLINE_SOONEST) {
    edges { node { title merchant { legalName } questions(first: 5) { totalCount edges { node { question askedByYou } } } } } } }`;
  const run = async (first: number) => {
    const response = await gql(app, BROWSE, { first }, { token: vendor.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.requirements.edges as { node: { questions: { edges: { node: { askedByYou: boolean } }[] } } }[];
    expect(edges).toHaveLength(first);
    // Each requirement: one question of this vendor's, one of another's.
    for (const edge of edges) expect(edge.node.questions.edges.map((q) => q.node.askedByYou).sort()).toEqual([false, true]);
    const record = app.requests.at(-1)!;
    expect(record.operation).toBe('Browse');
    return { statements: record.sqlStatements, roundTrips: record.sqlRoundTrips };
  };
  const small = await run(5);
  const large = await run(50);
  expect(large).toEqual(small);
  // BEGIN + tenant set-up, requirements page with its count (one statement), merchants, questions, askers, COMMIT.
  expect(large.statements).toBeLessThanOrEqual(7);
  // Merchants and questions, loaded at the same level, go in one round trip.
  expect(large.roundTrips).toBeLessThanOrEqual(large.statements - 2);
});

test('requirements → contract (a per-request loader) runs the same number of SQL statements for 5 and 50 awarded requirements', async () => {
  const owner = await createOrg(app, { kind: OrganizationKind.MERCHANT });
  const winner = await createOrg(app, { kind: OrganizationKind.VENDOR });
  const terms = {
    requirement: {
      title: 'Awarded',
      serviceScopes: ['PRE_SALES'],
      channels: ['ONLINE_CHAT'],
      serviceHours: { daysOfWeek: [1], startTime: null, endTime: null },
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
  // 50 awarded requirements (INVITED, so no other vendor of this file sees them), each with its contract.
  for (let i = 0; i < 50; i++) {
    await app.sql.query(
      `with r as (
         insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility, published_at, awarded_at)
         values (gen_random_uuid(), $1, 'AWARDED', $3, '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2027-01-01', 12, now() - make_interval(days => $4::int), 'INVITED', now() - interval '60 days', now())
         returning id),
       b as (insert into bid (id, requirement_id, merchant_id, vendor_id, status, total_contract_value) select gen_random_uuid(), r.id, $1, $2, 'ACCEPTED', 600000 from r returning id, requirement_id)
       insert into contract (id, merchant_id, vendor_id, requirement_id, bid_id, start_date, term_months, terms) select gen_random_uuid(), $1, $2, b.requirement_id, b.id, '2027-01-01', 12, $5 from b`,
      [owner.id, winner.id, `Awarded ${i}`, i + 1, JSON.stringify(terms)],
    );
  }
  const AWARDED = `query Awarded($first: Int!) { requirements(first: $first) { edges { node { status contract { id status pricing { monthlyFee { amount } } vendor { legalName } } } } } }`;
  const run = async (first: number) => {
    const response = await gql(app, AWARDED, { first }, { token: owner.owner.token });
    expect(response.errors).toBeUndefined();
    const edges = response.data!.requirements.edges as {
      node: { status: string; contract: { status: string; pricing: { monthlyFee: { amount: string } } } | null };
    }[];
    expect(edges).toHaveLength(first);
    for (const edge of edges) expect(edge.node.contract).toMatchObject({ status: 'PENDING_SIGNATURE', pricing: { monthlyFee: { amount: '50000.00' } } });
    const record = app.requests.at(-1)!;
    expect(record.operation).toBe('Awarded');
    return record.sqlStatements;
  };
  const small = await run(5);
  const large = await run(50);
  expect(large).toBe(small);
  // BEGIN + tenant set-up, requirements page with its count (one statement), contracts, vendors, COMMIT.
  expect(large).toBeLessThanOrEqual(6);
});

test('the audit log with each event’s actor and entity runs the same number of SQL statements for 5 and 50 events', async () => {
  const org = await createOrg(app, {
    kind: OrganizationKind.MERCHANT,
    roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.INSPECTOR, MembershipRole.FINANCE, MembershipRole.VIEWER],
  });
  const keys = (
    await app.sql.query(
      `insert into api_key (id, organization_id, name, role, prefix, secret_hash)
     select gen_random_uuid(), $1, 'Key ' || n, 'PROCUREMENT', $2 || n, $3 || n from generate_series(1, 10) n returning id`,
      [org.id, `p${org.id.slice(0, 8)}`, `h${org.id}`],
    )
  ).rows.map((r) => r.id as string);
  const requirements = (
    await app.sql.query(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, term_start, term_months, bid_deadline, visibility)
     select gen_random_uuid(), $1, 'DRAFT', 'Draft ' || n, '{PRE_SALES}', '{ONLINE_CHAT}', '{"daysOfWeek":[1],"startTime":null,"endTime":null,"timeZone":"Asia/Shanghai"}', 10, 1000, '2027-01-01', 12, now() + interval '1 day', 'PUBLIC'
     from generate_series(1, 60) n returning id`,
      [org.id],
    )
  ).rows.map((r) => r.id as string);
  // 60 events by 15 different actors (5 people, 10 API keys) on mostly different objects of four types,
  // so that anything fetched per event instead of per page shows in the count.
  const people = org.members;
  for (let i = 0; i < 60; i++) {
    const [entityType, entityId] = [
      ['Requirement', requirements[i]!],
      ['ApiKey', keys[i % keys.length]!],
      ['Membership', people[i % people.length]!.membershipId],
      ['Organization', org.id],
    ][i % 4]!;
    const person = i % 3 === 0 ? null : people[i % people.length]!;
    await app.sql.query(
      `insert into audit_event (organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id) values ($1, $2, $3, 'test.event', $4, $5)`,
      [org.id, person?.userId ?? null, person ? null : keys[i % keys.length], entityType, entityId],
    );
  }
  const LOG = `query Log($first: Int!) { auditEvents(first: $first) { edges { node { id action
    actor { __typename ... on User { email } ... on ApiKey { name } } entity { __typename id } } } } }`;
  type LogNode = { actor: { __typename: string } | null; entity: { __typename: string } | null };
  const run = async (first: number) => {
    const response = await gql(app, LOG, { first }, { token: org.owner.token });
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.auditEvents.edges.map((e: { node: LogNode }) => e.node) as LogNode[];
    expect(nodes).toHaveLength(first);
    // Every actor and entity resolved; both kinds of actor and all four entity types are on each page.
    expect(new Set(nodes.map((n) => n.actor?.__typename))).toEqual(new Set(['User', 'ApiKey']));
    expect(new Set(nodes.map((n) => n.entity?.__typename))).toEqual(new Set(['Membership', 'Organization', 'ApiKey', 'Requirement']));
    const record = app.requests.at(-1)!;
    expect(record.operation).toBe('Log');
    return record.sqlStatements;
  };
  const small = await run(5);
  const large = await run(50);
  expect(large).toBe(small);
  // BEGIN + tenant set-up, events page with its count (one statement), users, API keys, memberships, organizations, requirements, COMMIT.
  expect(large).toBeLessThanOrEqual(9);
});
