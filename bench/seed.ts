/**
 * The bench's marketplace, inserted directly as the owner (no API calls, no password hashing):
 * - a merchant with 60 open requirements (deadlines 1..60 days ahead), with 0, 1 or 2 answered
 *   questions each (asked by vendor 0), and one requirement whose deadline has passed with 30 bids
 *   (one per vendor, each with a revision) for the merchant's comparison;
 * - 30 vendors; vendor 1 — the one that browses — has its own bid on every fourth open requirement.
 * Every organization has an owner with a live session, so its tokens pass the API's session check.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { newId } from '../src/db/base.js';
import { OrganizationKind } from '../src/modules/organizations/organization.entity.js';
import { demoCreditCode } from '../seeds/demo.js';

export interface BenchOrganization {
  id: string;
  userId: string;
  kind: OrganizationKind;
  sessionId: string;
  legalName: string;
}

export interface BenchData {
  merchant: BenchOrganization;
  vendors: BenchOrganization[];
  /** The requirement past its deadline with 30 bids. */
  comparedRequirementId: string;
}

const HOURS = JSON.stringify({ daysOfWeek: [1, 2, 3, 4, 5, 6, 7], startTime: '09:00', endTime: '23:00', timeZone: 'Asia/Shanghai' });
const KPIS = JSON.stringify([
  { metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '15', unit: 's', weight: '2' },
  { metric: 'SATISFACTION_RATE', comparator: 'AT_LEAST', target: '95', unit: '%', weight: '1' },
]);
export const OPEN_REQUIREMENTS = 60;
const VENDORS = 30;

export async function seedBench(orm: MikroORM): Promise<BenchData> {
  const sql = orm.em.getConnection();
  const org = async (kind: OrganizationKind, legalName: string): Promise<BenchOrganization> => {
    const id = newId();
    await sql.execute(`insert into organization (id, kind, legal_name, credit_code, verification_status, verified_at) values (?, ?, ?, ?, 'VERIFIED', now())`, [
      id,
      kind,
      legalName,
      demoCreditCode(`9133${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`),
    ]);
    const userId = newId();
    await sql.execute('insert into app_user (id, email, display_name) values (?, ?, ?)', [userId, `${id}@bench.test`, legalName]);
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
    return { id, userId, kind, sessionId, legalName };
  };
  const merchant = await org(OrganizationKind.MERCHANT, 'Bench Merchant Co.');
  const vendors: BenchOrganization[] = [];
  for (let i = 0; i < VENDORS; i++) vendors.push(await org(OrganizationKind.VENDOR, `Bench Vendor ${i}`));

  const insertRequirement = async (title: string, deadline: string) => {
    const id = newId();
    await sql.execute(
      `insert into requirement (id, merchant_id, status, title, service_scopes, channels, service_hours, seats_required, expected_monthly_volume, kpi_targets, term_start, term_months, budget_max, bid_deadline, visibility, published_at)
       values (?, ?, 'OPEN', ?, '{PRE_SALES,AFTER_SALES}', '{ONLINE_CHAT}', ?, 20, 93200, ?, '2027-01-01', 12, 200000, ${deadline}, 'PUBLIC', now())`,
      [id, merchant.id, title, HOURS, KPIS],
    );
    return id;
  };
  const insertBid = async (requirementId: string, vendor: BenchOrganization, totalContractValue: number, i: number) => {
    const bidId = newId();
    await sql.execute(`insert into bid (id, requirement_id, merchant_id, vendor_id, total_contract_value) values (?, ?, ?, ?, ?)`, [
      bidId,
      requirementId,
      merchant.id,
      vendor.id,
      totalContractValue,
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
  };

  for (let i = 0; i < OPEN_REQUIREMENTS; i++) {
    const id = await insertRequirement(`Open requirement ${i}`, `now() + interval '${i + 1} days'`);
    for (let q = 0; q < i % 3; q++) {
      const questionId = newId();
      await sql.execute(`insert into requirement_question (id, requirement_id, merchant_id, question, answer) values (?, ?, ?, ?, '×3 on 11.11')`, [
        questionId,
        id,
        merchant.id,
        `Peak plan ${q}?`,
      ]);
      await sql.execute(`insert into requirement_question_asker (question_id, vendor_id) values (?, ?)`, [questionId, vendors[0]!.id]);
    }
    if (i % 4 === 0) await insertBid(id, vendors[1]!, 1_200_000 + i * 10_000 + 0.5, i);
  }
  const comparedRequirementId = await insertRequirement('Thirty bids', "now() + interval '1 hour'");
  for (const [i, vendor] of vendors.entries()) await insertBid(comparedRequirementId, vendor, 1_500_000 + i * 1000, i);
  await sql.execute(`update requirement set bid_deadline = now() - interval '1 minute' where id = ?`, [comparedRequirementId]);
  return { merchant, vendors, comparedRequirementId };
}
