import { MembershipRole } from '../../src/core/roles.js';
import { closeDueRequirements } from '../../src/modules/requirements/close-bidding.job.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import {
  BID_ACCEPT,
  BID_SUBMIT,
  REQUIREMENT_CREATE,
  REQUIREMENT_PUBLISH,
  bidInput,
  passDeadline,
  publishedRequirement,
  requirementInput,
  submitBid,
} from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;
let vendorA: TestOrg;
let vendorB: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.FINANCE] });
  vendorA = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES, MembershipRole.OPERATIONS] });
  vendorB = await createOrg(app, { kind: OrganizationKind.VENDOR });
});
afterAll(() => app.close());

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const CONTRACT_RULES = `rules {
  termination { convenienceNoticeDays shortNoticeCompensationMonths curePeriodDays transitionDays autoRenewMonths renewalNoticeDays }
  availability { targetPercent deductionPercentPerPoint tiers { atMostPercent payablePercent } }
  breaches { dataBreachDeductionPercent }
  kpiStreaks { rectificationAfterDays terminationRightAfterDays }
  inspections { weeklySampleSize passMark rectificationHours repeatFailureDeductionPercent terminationRightAtFailure autoTerminateAtThirdFailure }
  usage { qualifyingMinimumSeconds }
  statements { issueByDayOfNextMonth deemedConfirmedAfterWorkingDays paymentDueDayOfFollowingMonth lateFeePercentPerDay }
}`;

describe('requirements', () => {
  test('create a draft, edit it, publish it; published terms are frozen', async () => {
    const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: merchant.member(MembershipRole.PROCUREMENT).token });
    expect(created.data!.requirementCreate).toMatchObject({ requirement: { status: 'DRAFT' }, userErrors: [] });
    const id = created.data!.requirementCreate.requirement.id;
    const update = `mutation($id: ID!, $input: RequirementInput!) { requirementUpdate(id: $id, input: $input) { requirement { title seatsRequired } userErrors { code } } }`;
    const edited = await gql(app, update, { id, input: requirementInput({ seatsRequired: 25 }) }, { token: merchant.owner.token });
    expect(edited.data!.requirementUpdate.requirement.seatsRequired).toBe(25);
    await gql(app, REQUIREMENT_PUBLISH, { id }, { token: merchant.owner.token });
    const frozen = await gql(app, update, { id, input: requirementInput({ seatsRequired: 30 }) }, { token: merchant.owner.token });
    expect(frozen.data!.requirementUpdate.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
  });

  test('invalid terms come back as precise userErrors and nothing is written', async () => {
    const before = (await app.sql.query('select count(*)::int as n from requirement')).rows[0].n;
    const response = await gql(
      app,
      REQUIREMENT_CREATE,
      {
        input: requirementInput({ seatsRequired: 0, serviceScopes: [], budgetMin: '300000', budgetMax: '200000', termMonths: 0 }),
      },
      { token: merchant.owner.token },
    );
    expect(response.data!.requirementCreate.userErrors.map((e: any) => e.field.join('.')).sort()).toEqual([
      'input.budgetMax',
      'input.seatsRequired',
      'input.serviceScopes',
      'input.termMonths',
    ]);
    expect((await app.sql.query('select count(*)::int as n from requirement')).rows[0].n).toBe(before);
  });

  test('only a verified merchant may publish', async () => {
    const pending = await createOrg(app, { kind: OrganizationKind.MERCHANT, verified: false });
    const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput() }, { token: pending.owner.token });
    const published = await gql(app, REQUIREMENT_PUBLISH, { id: created.data!.requirementCreate.requirement.id }, { token: pending.owner.token });
    expect(published.data!.requirementPublish.userErrors).toEqual([expect.objectContaining({ code: 'NOT_VERIFIED' })]);
  });

  test('vendors browse published public requirements and invited ones; drafts and other invitations stay hidden', async () => {
    const publicId = await publishedRequirement(app, merchant, { title: 'Public hotline', channels: ['PHONE'], seatsRequired: 50 });
    const invitedId = await publishedRequirement(app, merchant, { title: 'Invited only', visibility: 'INVITED' });
    const invite = `mutation($id: ID!, $vendors: [ID!]!) { requirementInviteVendors(id: $id, input: { vendorIds: $vendors }) { requirement { id } userErrors { code } } }`;
    expect(
      (await gql(app, invite, { id: invitedId, vendors: [vendorA.globalId] }, { token: merchant.owner.token })).data!.requirementInviteVendors.userErrors,
    ).toEqual([]);
    const draft = await gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: 'Still a draft' }) }, { token: merchant.owner.token });

    const browse = `query($filter: RequirementFilter) { requirements(first: 50, filter: $filter, orderBy: SEATS_MOST) { totalCount edges { node { id title bidCount merchant { legalName } } } } }`;
    const seenByA = (await gql(app, browse, {}, { token: vendorA.owner.token })).data!.requirements.edges.map((e: any) => e.node.id);
    const seenByB = (await gql(app, browse, {}, { token: vendorB.owner.token })).data!.requirements.edges.map((e: any) => e.node.id);
    expect(seenByA).toEqual(expect.arrayContaining([publicId, invitedId]));
    expect(seenByB).toContain(publicId);
    expect(seenByB).not.toContain(invitedId);
    for (const seen of [seenByA, seenByB]) expect(seen).not.toContain(draft.data!.requirementCreate.requirement.id);
    const phoneOnly = await gql(app, browse, { filter: { channel: 'PHONE', minSeats: 40 } }, { token: vendorB.owner.token });
    expect(phoneOnly.data!.requirements.edges.map((e: any) => e.node.id)).toEqual([publicId]);
    const node = await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: invitedId }, { token: vendorB.owner.token });
    expect(node.data!.node).toBeNull();
  });

  test('questions: a vendor asks, the merchant answers, every vendor sees both but never who asked', async () => {
    const id = await publishedRequirement(app, merchant);
    const ask = await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAsk(requirementId: $id, input: { question: "How many seats for 11.11?" }) { question { id askedByYou } userErrors { code } } }`,
      { id },
      { token: vendorA.member(MembershipRole.SALES).token },
    );
    expect(ask.data!.requirementQuestionAsk.question.askedByYou).toBe(true);
    const questionId = ask.data!.requirementQuestionAsk.question.id;
    await gql(
      app,
      `mutation($id: ID!) { requirementQuestionAnswer(id: $id, input: { answer: "Three times the base seats." }) { userErrors { code } } }`,
      { id: questionId },
      { token: merchant.owner.token },
    );
    const read = `query($id: ID!) { requirement(id: $id) { questions { edges { node { question answer askedByYou } } } } }`;
    const byB = await gql(app, read, { id }, { token: vendorB.owner.token });
    expect(byB.data!.requirement.questions.edges).toEqual([
      { node: { question: 'How many seats for 11.11?', answer: 'Three times the base seats.', askedByYou: false } },
    ]);
  });
});

describe('sealed bids', () => {
  let requirementId: string;
  let bidA: string;

  beforeAll(async () => {
    requirementId = await publishedRequirement(app, merchant);
    bidA = await submitBid(app, vendorA, requirementId);
    await submitBid(app, vendorB, requirementId, { pricing: { model: 'PER_CONTACT', baseRate: '1.20' } });
  });

  const MERCHANT_VIEW = `query($id: ID!) { requirement(id: $id) { status bidCount
    bids(first: 10, orderBy: PRICE_LOWEST) { totalCount edges { node { id vendor { legalName } totalContractValue { amount } } } }
    bidComparison { entries { rank } } } }`;

  test('before the deadline the merchant sees the count and nothing else, by every path', async () => {
    const view = await gql(app, MERCHANT_VIEW, { id: requirementId }, { token: merchant.owner.token });
    expect(view.errors).toBeUndefined();
    expect(view.data!.requirement).toEqual({ status: 'OPEN', bidCount: 2, bids: { totalCount: 0, edges: [] }, bidComparison: null });
    expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: bidA }, { token: merchant.owner.token })).data!.node).toBeNull();
    const shortlist = await gql(
      app,
      `mutation($id: ID!) { bidShortlist(id: $id) { bid { id } userErrors { code message } } }`,
      { id: bidA },
      { token: merchant.owner.token },
    );
    const missing = await gql(
      app,
      `mutation($id: ID!) { bidShortlist(id: $id) { bid { id } userErrors { code message } } }`,
      { id: Buffer.from('Bid:00000000-0000-4000-8000-000000000000').toString('base64url') },
      { token: merchant.owner.token },
    );
    expect(shortlist.data!.bidShortlist).toEqual(missing.data!.bidShortlist);
    // The database itself refuses: the merchant's role reads no bid rows before the deadline.
    const client = await app.sql.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('role', 'kefu_app', true), set_config('app.org_id', $1, true)", [merchant.id]);
      expect((await client.query('select count(*)::int as n from bid')).rows[0].n).toBe(0);
      expect((await client.query('select count(*)::int as n from bid_revision')).rows[0].n).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  test('a vendor sees only its own bid, never another vendor’s', async () => {
    const view = await gql(
      app,
      `query($id: ID!) { requirement(id: $id) { bidCount bids { edges { node { id vendor { id } } } } } }`,
      { id: requirementId },
      { token: vendorA.owner.token },
    );
    expect(view.data!.requirement).toEqual({ bidCount: null, bids: { edges: [{ node: { id: bidA, vendor: { id: vendorA.globalId } } }] } });
    expect((await gql(app, `query($id: ID!) { node(id: $id) { id } }`, { id: bidA }, { token: vendorB.owner.token })).data!.node).toBeNull();
  });

  test('revisions are kept and the latest counts; after the deadline the merchant sees everything', async () => {
    const revise = `mutation($id: ID!, $input: BidInput!) { bidRevise(id: $id, input: $input) { bid { revision } userErrors { code } } }`;
    const revised = await gql(
      app,
      revise,
      { id: bidA, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '1.30', rampFactors: ['0.8', '0.9', '1.0'] } }) },
      { token: vendorA.owner.token },
    );
    expect(revised.data!.bidRevise).toEqual({ bid: { revision: 2 }, userErrors: [] });
    await passDeadline(app, requirementId);
    const view = await gql(app, MERCHANT_VIEW, { id: requirementId }, { token: merchant.owner.token });
    expect(view.data!.requirement.status).toBe('EVALUATING');
    expect(view.data!.requirement.bids.totalCount).toBe(2);
    const amounts = view.data!.requirement.bids.edges.map((e: any) => Number(e.node.totalContractValue.amount));
    expect(amounts).toEqual([...amounts].sort((x, y) => x - y));
    expect(view.data!.requirement.bidComparison.entries).toHaveLength(2);
    const revisions = await gql(
      app,
      `query($id: ID!) { node(id: $id) { ... on Bid { revision latestRevision { revision pricing { baseRate } } revisions { revision pricing { baseRate } } } } }`,
      { id: bidA },
      { token: merchant.owner.token },
    );
    expect(revisions.data!.node).toEqual({
      revision: 2,
      latestRevision: { revision: 2, pricing: { baseRate: '1.30' } },
      revisions: [
        { revision: 1, pricing: { baseRate: '1.34' } },
        { revision: 2, pricing: { baseRate: '1.30' } },
      ],
    });
  });
});

describe('bids', () => {
  test('invalid bids get precise userErrors', async () => {
    const id = await publishedRequirement(app, merchant);
    const response = await gql(
      app,
      BID_SUBMIT,
      {
        requirementId: id,
        input: bidInput({
          staffing: { agents: 10, teamLeads: 1, qualityStaff: 1, trainers: 1, reserveRatio: '1.5' },
          pricing: { model: 'TIERED', tiers: [{ upTo: 50000, rate: '1.50' }, { upTo: 40000, rate: '1.30' }, { rate: '-1.10' }] },
          kpiCommitments: [{ metric: 'CONVERSION_RATE', value: '10' }],
        }),
      },
      { token: vendorA.owner.token },
    );
    const fields = response.data!.bidSubmit.userErrors.map((e: any) => e.field.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['input.staffing.reserveRatio', 'input.kpiCommitments.0.metric']));
    expect(fields.some((f: string) => f.startsWith('input.pricing.tiers.1'))).toBe(true);
    expect(fields.some((f: string) => f.startsWith('input.pricing.tiers.2'))).toBe(true);
    const zeroRamp = await gql(
      app,
      BID_SUBMIT,
      { requirementId: id, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '1.34', rampFactors: ['0.8', '0'] } }) },
      { token: vendorA.owner.token },
    );
    expect(zeroRamp.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'pricing', 'rampFactors', '1'] })]);
    expect((await app.sql.query('select count(*)::int as n from bid where requirement_id = $1', [rawId(id)])).rows[0].n).toBe(0);
  });

  test('only a verified vendor holding the required certifications may bid', async () => {
    const id = await publishedRequirement(app, merchant, { requiredCertifications: ['ISO 27001'] });
    const pending = await createOrg(app, { kind: OrganizationKind.VENDOR, verified: false });
    const unverified = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: pending.owner.token });
    expect(unverified.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'NOT_VERIFIED' })]);
    const uncertified = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorB.owner.token });
    expect(uncertified.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', message: expect.stringContaining('ISO 27001') })]);
    await app.sql.query(`update vendor_profile set certifications = '{"ISO 27001"}' where organization_id = $1`, [vendorB.id]);
    expect((await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorB.owner.token })).data!.bidSubmit.userErrors).toEqual([]);
  });

  test('one bid per vendor and requirement; withdraw, then submit again', async () => {
    const id = await publishedRequirement(app, merchant);
    const bid = await submitBid(app, vendorA, id);
    const again = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token });
    expect(again.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    const withdraw = await gql(
      app,
      `mutation($id: ID!) { bidWithdraw(id: $id) { bid { status } userErrors { code } } }`,
      { id: bid },
      { token: vendorA.owner.token },
    );
    expect(withdraw.data!.bidWithdraw.bid.status).toBe('WITHDRAWN');
    const resubmitted = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token });
    expect(resubmitted.data!.bidSubmit.bid).toMatchObject({ id: bid, status: 'SUBMITTED', revision: 2 });
  });

  test('after the deadline a bid is refused with DEADLINE_PASSED, before and after the deadline job runs', async () => {
    const id = await publishedRequirement(app, merchant);
    await passDeadline(app, id);
    const late = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorB.owner.token });
    expect(late.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'DEADLINE_PASSED', field: ['requirementId'] })]);
    expect((await app.sql.query('select status from requirement where id = $1', [rawId(id)])).rows[0].status).toBe('OPEN');
    const closed = await closeDueRequirements(app.orm);
    expect(closed).toContain(rawId(id));
    expect((await app.sql.query('select status from requirement where id = $1', [rawId(id)])).rows[0].status).toBe('EVALUATING');
    expect(await closeDueRequirements(app.orm)).not.toContain(rawId(id));
    const stillLate = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorB.owner.token });
    expect(stillLate.data!.bidSubmit.userErrors).toEqual([expect.objectContaining({ code: 'DEADLINE_PASSED' })]);
  });

  test('the deadline job closes bidding through the requirements service: one audit event by the system, none on a second run', async () => {
    const id = await publishedRequirement(app, merchant);
    await passDeadline(app, id);
    expect(await closeDueRequirements(app.orm, 'run-1')).toContain(rawId(id));
    expect(await closeDueRequirements(app.orm, 'run-2')).not.toContain(rawId(id));
    const events = (await app.sql.query("select * from audit_event where entity_id = $1 and action = 'requirement.closeBidding'", [rawId(id)])).rows;
    expect(events).toEqual([
      expect.objectContaining({
        organization_id: merchant.id,
        actor_user_id: null,
        actor_api_key_id: null,
        entity_type: 'Requirement',
        request_id: 'job:close-bidding:run-1',
        changes: { status: { before: 'OPEN', after: 'EVALUATING' } },
      }),
    ]);
    // The merchant reads it in its own audit log like any other event.
    const listed = await gql(
      app,
      '{ auditEvents(filter: { action: "requirement.closeBidding" }, first: 100) { edges { node { entityId actorUserId requestId } } } }',
      {},
      { token: merchant.owner.token },
    );
    expect(listed.data!.auditEvents.edges.map((e: any) => e.node)).toContainEqual({
      entityId: rawId(id),
      actorUserId: null,
      requestId: 'job:close-bidding:run-1',
    });
  });
});

describe('award', () => {
  test('accepting is one step: requirement AWARDED, bid ACCEPTED, the others REJECTED, a contract with frozen terms', async () => {
    const id = await publishedRequirement(app, merchant);
    const winner = await submitBid(app, vendorA, id);
    const loser = await submitBid(app, vendorB, id);
    await passDeadline(app, id);
    const accepted = await gql(app, BID_ACCEPT, { id: winner }, { token: merchant.member(MembershipRole.PROCUREMENT).token });
    expect(accepted.data!.bidAccept.userErrors).toEqual([]);
    expect(accepted.data!.bidAccept.contract.status).toBe('PENDING_SIGNATURE');
    const view = await gql(
      app,
      `query($id: ID!) { requirement(id: $id) { status bids { edges { node { id status } } }
      contract { vendor { id } startDate termMonths bidRevision pricing { model baseRate rampFactors holidayMultiplier vatRate } staffing { agents reserveRatio } ${CONTRACT_RULES} } } }`,
      { id },
      { token: merchant.owner.token },
    );
    const requirement = view.data!.requirement;
    expect(requirement.status).toBe('AWARDED');
    expect(Object.fromEntries(requirement.bids.edges.map((e: any) => [e.node.id, e.node.status]))).toEqual({ [winner]: 'ACCEPTED', [loser]: 'REJECTED' });
    expect(requirement.contract).toMatchObject({
      vendor: { id: vendorA.globalId },
      startDate: '2027-01-01',
      termMonths: 3,
      bidRevision: 1,
      pricing: { model: 'PER_CONTACT', baseRate: '1.34', rampFactors: ['0.8000', '0.9000', '1.0000'], holidayMultiplier: '3.0000', vatRate: '0.0600' },
      staffing: { agents: 22, reserveRatio: '0.2000' },
    });
    // The rules are typed, every decimal at the scale of its kind: percentages 2 decimals, factors 4.
    expect(requirement.contract.rules).toEqual({
      termination: {
        convenienceNoticeDays: 60,
        shortNoticeCompensationMonths: '2.0000',
        curePeriodDays: 30,
        transitionDays: 90,
        autoRenewMonths: 12,
        renewalNoticeDays: 30,
      },
      availability: {
        targetPercent: '98.00',
        deductionPercentPerPoint: '1.00',
        tiers: [
          { atMostPercent: '90.00', payablePercent: '80.00' },
          { atMostPercent: '80.00', payablePercent: '50.00' },
          { atMostPercent: '65.00', payablePercent: '0.00' },
        ],
      },
      breaches: { dataBreachDeductionPercent: '20.00' },
      kpiStreaks: { rectificationAfterDays: 3, terminationRightAfterDays: 7 },
      inspections: {
        weeklySampleSize: 50,
        passMark: '80.00',
        rectificationHours: 48,
        repeatFailureDeductionPercent: '10.00',
        terminationRightAtFailure: 3,
        autoTerminateAtThirdFailure: false,
      },
      usage: { qualifyingMinimumSeconds: 15 },
      statements: { issueByDayOfNextMonth: 5, deemedConfirmedAfterWorkingDays: 5, paymentDueDayOfFollowingMonth: 20, lateFeePercentPerDay: '0.05' },
    });
    const vendorView = await gql(app, `{ contracts { totalCount edges { node { status title } } } }`, {}, { token: vendorA.owner.token });
    expect(vendorView.data!.contracts.totalCount).toBe(1);
    expect((await gql(app, `{ contracts { totalCount } }`, {}, { token: vendorB.owner.token })).data!.contracts.totalCount).toBe(0);
    const actions = (await app.sql.query('select action from audit_event where organization_id = $1 order by id', [merchant.id])).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['requirement.award', 'bid.accept', 'bid.reject', 'contract.create']));
    // The deadline passed but the closing job never ran: the row was OPEN, and the audit log says so.
    const award = (await app.sql.query("select changes from audit_event where action = 'requirement.award' and entity_id = $1", [rawId(id)])).rows[0];
    expect(award.changes.status).toEqual({ before: 'OPEN', after: 'AWARDED' });
  });

  test('20 concurrent accepts of 20 bids produce one contract and 19 CONFLICTs', async () => {
    const id = await publishedRequirement(app, merchant);
    const vendors = await Promise.all(Array.from({ length: 20 }, () => createOrg(app, { kind: OrganizationKind.VENDOR })));
    const bids: string[] = [];
    for (const vendor of vendors) bids.push(await submitBid(app, vendor, id));
    await passDeadline(app, id);
    const results = await Promise.all(bids.map((bid) => gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token })));
    const winners = results.filter((r) => r.data!.bidAccept.contract !== null);
    const conflicts = results.filter((r) => r.data!.bidAccept.userErrors[0]?.code === 'CONFLICT');
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    const { rows } = await app.sql.query(
      `select (select count(*)::int from contract where requirement_id = $1) as contracts,
              (select count(*)::int from bid where requirement_id = $1 and status = 'ACCEPTED') as accepted,
              (select count(*)::int from bid where requirement_id = $1 and status = 'REJECTED') as rejected`,
      [rawId(id)],
    );
    expect(rows[0]).toEqual({ contracts: 1, accepted: 1, rejected: 19 });
  });
});

describe('idempotency', () => {
  test('the same bidSubmit sent twice concurrently with one key creates one bid and both answers are identical', async () => {
    const id = await publishedRequirement(app, merchant);
    const headers = { 'idempotency-key': 'submit-once-7f3a' };
    const [first, second] = await Promise.all([
      gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token }, headers),
      gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token }, headers),
    ]);
    expect(first.data).toEqual(second.data);
    expect(first.data!.bidSubmit.userErrors).toEqual([]);
    expect((await app.sql.query('select count(*)::int as n from bid where requirement_id = $1', [rawId(id)])).rows[0].n).toBe(1);
    expect(
      (await app.sql.query('select count(*)::int as n from bid_revision r join bid b on b.id = r.bid_id where b.requirement_id = $1', [rawId(id)])).rows[0].n,
    ).toBe(1);
  });

  test('the same key with another input is a CONFLICT; keys are per organization', async () => {
    const headers = { 'idempotency-key': 'create-req-1' };
    const input = requirementInput({ title: 'First title' });
    const first = await gql(app, REQUIREMENT_CREATE, { input }, { token: merchant.owner.token }, headers);
    const replay = await gql(app, REQUIREMENT_CREATE, { input }, { token: merchant.owner.token }, headers);
    expect(replay.data).toEqual(first.data);
    expect(first.data!.requirementCreate.requirement.status).toBe('DRAFT');
    const before = (await app.sql.query('select count(*)::int as n from requirement where merchant_id = $1', [merchant.id])).rows[0].n;
    const other = await gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: 'Another title' }) }, { token: merchant.owner.token }, headers);
    expect(other.status).toBe(409);
    expect(other.data).toBeUndefined();
    expect(errorCodes(other)).toEqual(['CONFLICT']);
    // Another person of the same organization reusing the key gets no one else's answer.
    const colleague = await gql(app, REQUIREMENT_CREATE, { input }, { token: merchant.member(MembershipRole.PROCUREMENT).token }, headers);
    expect(errorCodes(colleague)).toEqual(['CONFLICT']);
    expect((await app.sql.query('select count(*)::int as n from requirement where merchant_id = $1', [merchant.id])).rows[0].n).toBe(before);
    const otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    const sameKeyElsewhere = await gql(
      app,
      REQUIREMENT_CREATE,
      { input: requirementInput({ title: 'Another title' }) },
      { token: otherMerchant.owner.token },
      headers,
    );
    expect(sameKeyElsewhere.data!.requirementCreate.userErrors).toEqual([]);
  });
});

describe('idempotent replay', () => {
  test('replaying a key returns the first response as it was, even after the object changed', async () => {
    const id = await publishedRequirement(app, merchant);
    const headers = { 'idempotency-key': 'submit-then-revise-1' };
    const submit = `mutation($requirementId: ID!, $input: BidInput!) { bidSubmit(requirementId: $requirementId, input: $input) {
      bid { id revision totalContractValue { amount } latestRevision { revision pricing { baseRate } } } userErrors { code } } }`;
    const first = await gql(app, submit, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token }, headers);
    expect(first.data!.bidSubmit.bid).toMatchObject({ revision: 1, latestRevision: { revision: 1, pricing: { baseRate: '1.34' } } });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const revise = `mutation($id: ID!, $input: BidInput!) { bidRevise(id: $id, input: $input) { bid { revision } userErrors { code } } }`;
    const revised = await gql(
      app,
      revise,
      { id: first.data!.bidSubmit.bid.id, input: bidInput({ pricing: { model: 'PER_CONTACT', baseRate: '1.20' } }) },
      { token: vendorA.owner.token },
    );
    expect(revised.data!.bidRevise.bid.revision).toBe(2);
    const replay = await gql(app, submit, { requirementId: id, input: bidInput() }, { token: vendorA.owner.token }, headers);
    expect(replay.data).toEqual(first.data);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  test('any mutation honours the key: a replayed withdrawal answers as the first one did and changes nothing', async () => {
    const id = await publishedRequirement(app, merchant);
    const bid = await submitBid(app, vendorA, id);
    const withdraw = `mutation($id: ID!) { bidWithdraw(id: $id) { bid { status } userErrors { code } } }`;
    const headers = { 'idempotency-key': 'withdraw-1' };
    const first = await gql(app, withdraw, { id: bid }, { token: vendorA.owner.token }, headers);
    const again = await gql(app, withdraw, { id: bid }, { token: vendorA.owner.token }, headers);
    expect(first.data!.bidWithdraw).toEqual({ bid: { status: 'WITHDRAWN' }, userErrors: [] });
    expect(again.data).toEqual(first.data);
    const withoutKey = await gql(app, withdraw, { id: bid }, { token: vendorA.owner.token });
    expect(withoutKey.data!.bidWithdraw.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
    const events = (await app.sql.query("select count(*)::int as n from audit_event where action = 'bid.withdraw' and entity_id = $1", [rawId(bid)])).rows[0].n;
    expect(events).toBe(1);
  });
});

test('idempotency keys are kept at least 24 hours and purged after a week', async () => {
  const { purgeIdempotencyKeys } = await import('../../src/modules/idempotency/purge-idempotency-keys.job.js');
  await app.sql.query(
    `insert into idempotency_key (organization_id, key, operation, request_hash, created_at) values
       ($1, 'old-key', 'bidSubmit', 'h', now() - interval '8 days'), ($1, 'day-old-key', 'bidSubmit', 'h', now() - interval '25 hours')`,
    [vendorA.id],
  );
  expect(await purgeIdempotencyKeys(app.orm)).toBeGreaterThanOrEqual(1);
  const { rows } = await app.sql.query(`select key from idempotency_key where organization_id = $1 and key in ('old-key', 'day-old-key')`, [vendorA.id]);
  expect(rows.map((r) => r.key)).toEqual(['day-old-key']);
});

describe('permissions', () => {
  test('requirement mutations: PROCUREMENT yes; FINANCE forbidden; a vendor forbidden; anonymous unauthenticated; another merchant NOT_FOUND', async () => {
    const id = await publishedRequirement(app, merchant);
    const extend = `mutation($id: ID!, $at: DateTime!) { requirementExtendDeadline(id: $id, input: { bidDeadline: $at }) { requirement { bidDeadline } userErrors { code } } }`;
    const at = new Date(Date.now() + 7200_000).toISOString();
    expect(
      (await gql(app, extend, { id, at }, { token: merchant.member(MembershipRole.PROCUREMENT).token })).data!.requirementExtendDeadline.userErrors,
    ).toEqual([]);
    expect(errorCodes(await gql(app, extend, { id, at }, { token: merchant.member(MembershipRole.FINANCE).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, extend, { id, at }, { token: vendorA.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, extend, { id, at }))).toEqual(['UNAUTHENTICATED']);
    const other = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    expect(
      (await gql(app, extend, { id, at: new Date(Date.now() + 9000_000).toISOString() }, { token: other.owner.token })).data!.requirementExtendDeadline
        .userErrors,
    ).toEqual([{ code: 'NOT_FOUND' }]);
  });

  test('bid mutations: SALES yes; OPERATIONS forbidden; a merchant forbidden; anonymous unauthenticated; another vendor NOT_FOUND', async () => {
    const id = await publishedRequirement(app, merchant);
    const bid = await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.member(MembershipRole.SALES).token });
    expect(bid.data!.bidSubmit.userErrors).toEqual([]);
    const bidId = bid.data!.bidSubmit.bid.id;
    expect(
      errorCodes(await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: vendorA.member(MembershipRole.OPERATIONS).token })),
    ).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }, { token: merchant.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, BID_SUBMIT, { requirementId: id, input: bidInput() }))).toEqual(['UNAUTHENTICATED']);
    const withdraw = `mutation($id: ID!) { bidWithdraw(id: $id) { bid { id } userErrors { code } } }`;
    expect((await gql(app, withdraw, { id: bidId }, { token: vendorB.owner.token })).data!.bidWithdraw.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
  });

  test('bid decisions: PROCUREMENT yes; a vendor forbidden; FINANCE forbidden; anonymous unauthenticated; another merchant NOT_FOUND', async () => {
    const id = await publishedRequirement(app, merchant);
    const bid = await submitBid(app, vendorA, id);
    await passDeadline(app, id);
    const reject = `mutation($id: ID!) { bidReject(id: $id, input: { reason: "too expensive" }) { bid { status } userErrors { code } } }`;
    expect(errorCodes(await gql(app, reject, { id: bid }, { token: vendorA.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, reject, { id: bid }, { token: merchant.member(MembershipRole.FINANCE).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, reject, { id: bid }))).toEqual(['UNAUTHENTICATED']);
    const other = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    expect((await gql(app, reject, { id: bid }, { token: other.owner.token })).data!.bidReject.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    expect((await gql(app, reject, { id: bid }, { token: merchant.member(MembershipRole.PROCUREMENT).token })).data!.bidReject).toEqual({
      bid: { status: 'REJECTED' },
      userErrors: [],
    });
  });
});

describe('SQL statements do not grow with page size', () => {
  test('requirements(first: N) { … bids(first: 10) { … vendor { legalName } } }', async () => {
    const owner = await createOrg(app, { kind: OrganizationKind.MERCHANT });
    for (let i = 0; i < 12; i++) {
      const id = await publishedRequirement(app, owner, { title: `Requirement ${i}` });
      await submitBid(app, vendorA, id);
      await submitBid(app, vendorB, id);
      await passDeadline(app, id);
    }
    const query = `query Page($n: Int!) { requirements(first: $n) { edges { node { title bidCount merchant { legalName } questions { totalCount }
      bids(first: 10) { edges { node { totalContractValue { amount } vendor { legalName } latestRevision { revision } } } } } } } }`;
    const counts: number[] = [];
    for (const n of [3, 12]) {
      const response = await gql(app, query, { n }, { token: owner.owner.token });
      expect(response.errors).toBeUndefined();
      expect(response.data!.requirements.edges).toHaveLength(n);
      expect(response.data!.requirements.edges.every((e: any) => e.node.bids.edges.length === 2)).toBe(true);
      counts.push(app.requests.at(-1)!.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
