/**
 * npm run bench:marketplace — SQL statements and requests per second of
 * - a vendor browsing requirements (first: 50) with their merchants, questions and its own bid;
 * - a merchant's bid comparison of a requirement with 30 bids (projections of every month of the term).
 * Data is inserted directly (as the owner) before the API starts; tokens are minted with the
 * development key the API child uses.
 */
import { loadConfig } from '../src/config.js';
import { issueToken } from '../src/auth/jwt.js';
import { MembershipRole } from '../src/core/roles.js';
import { newId } from '../src/db/base.js';
import { OrganizationKind } from '../src/modules/organizations/organization.entity.js';
import { demoCreditCode } from '../seeds/demo.js';
import { benchDatabase, describeLoad, load, run, sqlPerRequest, startApi, writeResults, type LoadResult } from './harness.js';

const BROWSE = `query Browse { requirements(first: 50, filter: { biddableOnly: true }, orderBy: DEADLINE_SOONEST) { totalCount edges { node {
  id title seatsRequired expectedMonthlyVolume bidDeadline budgetMax { amount } kpiTargets { metric target }
  merchant { legalName verificationStatus } questions(first: 5) { totalCount edges { node { question answer } } }
  bids(first: 1) { edges { node { status totalContractValue { amount } } } } } } } }`;

const COMPARISON = `query Comparison($id: ID!) { requirement(id: $id) { bidComparison { entries {
  rank score priceScore kpiScore trackRecordScore staffingCoverage coverageWithReserve
  totalContractValue { amount } monthlyProjection { contractMonth rate amount { amount } }
  kpis { metric committed meetsTarget } bid { id vendor { legalName } latestRevision { revision notes } } } } } }`;

const HOURS = JSON.stringify({ daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00', timeZone: 'Asia/Shanghai' });
const KPIS = JSON.stringify([
  { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
  { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
]);

run(async () => {
  const { url, orm } = await benchDatabase('kefu_bench_marketplace');
  const sql = orm.em.getConnection();
  const org = async (kind: OrganizationKind, name: string) => {
    const id = newId();
    await sql.execute(`insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, 'VERIFIED', now())`, [
      id,
      kind,
      name,
      demoCreditCode(`9133${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`),
    ]);
    const userId = newId();
    await sql.execute('insert into app_user (id, email, display_name) values (?, ?, ?)', [userId, `${id}@bench.test`, name]);
    const membershipId = newId();
    await sql.execute(`insert into membership (id, organization_id, user_id, role) values (?, ?, ?, 'OWNER')`, [membershipId, id, userId]);
    // Tokens name a session, checked on every request (as after a login).
    const sessionId = newId();
    await sql.execute(`insert into auth_session (id, user_id, organization_id, membership_id, expires_at) values (?, ?, ?, ?, now() + interval '1 day')`, [
      sessionId,
      userId,
      id,
      membershipId,
    ]);
    return { id, userId, kind, sessionId };
  };
  const merchant = await org(OrganizationKind.MERCHANT, 'Bench Merchant Co.');
  const vendors = [];
  for (let i = 0; i < 30; i++) vendors.push(await org(OrganizationKind.VENDOR, `Bench Vendor ${i}`));
  const insertRequirement = async (title: string, deadline: string) => {
    const id = newId();
    await sql.execute(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, kpi_targets, term_start, term_months, budget_max, bid_deadline, visibility, published_at)
       values (?, ?, 'OPEN', ?, '{PRE_SALES,AFTER_SALES}', '{ONLINE_CHAT}', ?, 20, 93200, ?, '2027-01-01', 12, 200000, ${deadline}, 'PUBLIC', now())`,
      [id, merchant.id, title, HOURS, KPIS],
    );
    return id;
  };
  for (let i = 0; i < 60; i++) {
    const id = await insertRequirement(`Open requirement ${i}`, `now() + interval '${i + 1} days'`);
    const questionId = newId();
    await sql.execute(`insert into requirement_question (id, requirement_id, merchant_id, question, answer) values (?, ?, ?, 'Peak plan?', '×3 on 11.11')`, [
      questionId,
      id,
      merchant.id,
    ]);
    await sql.execute(`insert into requirement_question_asker (question_id, vendor_id) values (?, ?)`, [questionId, vendors[0]!.id]);
  }
  const compared = await insertRequirement('Thirty bids', "now() + interval '1 hour'");
  for (const [i, vendor] of vendors.entries()) {
    const bidId = newId();
    await sql.execute(`insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, ?)`, [
      bidId,
      compared,
      merchant.id,
      vendor.id,
      1_500_000 + i * 1000,
    ]);
    const pricing = { model: 'PER_CONTACT', baseRate: (1.2 + i / 100).toFixed(2), rampFactors: ['0.8', '0.9', '1.0'], holidayMultiplier: '3', vatRate: '0.06' };
    const staffing = {
      agents: 20 + (i % 5),
      teamLeads: 2,
      qualityStaff: 1,
      trainers: 1,
      reserveRatio: '0.2',
      shifts: null,
      languages: ['zh-CN'],
      trainingPlan: null,
      maxMonthlyAttrition: '0.15',
    };
    const kpis = [
      { metric: 'FIRST_RESPONSE_SECONDS', value: String(10 + (i % 10)) },
      { metric: 'SATISFACTION_RATE', value: '96' },
    ];
    await sql.execute(
      `insert into bid_revision (id, bid_id, merchant_id, vendor_id, revision, staffing, pricing, kpi_commitments, notes) values (?, ?, ?, ?, 1, ?, ?, ?, 'bench')`,
      [newId(), bidId, merchant.id, vendor.id, JSON.stringify(staffing), JSON.stringify(pricing), JSON.stringify(kpis)],
    );
  }
  await sql.execute(`update requirement set bid_deadline = now() - interval '1 minute' where id = ?`, [compared]);
  await orm.close(true);

  const jwt = loadConfig({ NODE_ENV: 'development' }).jwt;
  const tokenOf = (o: { id: string; userId: string; kind: OrganizationKind; sessionId: string }) =>
    issueToken(jwt, { userId: o.userId, sessionId: o.sessionId, organizationId: o.id, organizationKind: o.kind, role: MembershipRole.OWNER }, Date.now()).token;
  const apiUrl = await startApi(url);
  const comparedGlobalId = Buffer.from(`Requirement:${compared}`).toString('base64url');
  const cases = {
    'vendor browse (first: 50)': {
      headers: { authorization: `Bearer ${tokenOf(vendors[1]!)}` },
      body: JSON.stringify({ query: BROWSE, operationName: 'Browse' }),
      operation: 'Browse',
      connections: 8,
    },
    'merchant comparison (30 bids, 12 months)': {
      headers: { authorization: `Bearer ${tokenOf(merchant)}` },
      body: JSON.stringify({ query: COMPARISON, variables: { id: comparedGlobalId }, operationName: 'Comparison' }),
      operation: 'Comparison',
      connections: 8,
    },
  };
  for (const [name, c] of Object.entries(cases)) {
    const response = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: c.body });
    const json = (await response.json()) as {
      data?: { requirements?: { edges?: unknown[] }; requirement?: { bidComparison?: { entries?: unknown[] } } };
      errors?: unknown;
    };
    const size = name.startsWith('vendor') ? json.data?.requirements?.edges?.length : json.data?.requirement?.bidComparison?.entries?.length;
    if (json.errors || !size) throw new Error(`${name}: ${JSON.stringify(json).slice(0, 500)}`);
    console.log(`${name}: ${size} items`);
  }
  console.log(describeLoad().replace(/\d+ connections/, '8 connections'));
  const results: Record<string, LoadResult & { sqlStatements: number }> = {};
  for (const [name, c] of Object.entries(cases)) {
    const r = await load(apiUrl, c.headers, c.body, c.connections);
    results[name] = { ...r, sqlStatements: await sqlPerRequest(apiUrl, c.operation) };
  }
  console.log('\ncase                                        SQL/req   req/s    p50 ms   p99 ms   errors  non-2xx');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(43)} ${r.sqlStatements.toFixed(1).padStart(6)}  ${r.rps.toFixed(0).padStart(6)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${String(r.errors).padStart(6)}  ${String(r.non2xx).padStart(7)}`,
    );
  }
  writeResults('marketplace', results);
});
