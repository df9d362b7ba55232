import { Decimal } from 'decimal.js';
import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { loadPricing } from '../../src/modules/bids/pricing-mapping.js';
import { chinaCalendar } from '../../src/modules/calendar/china-calendar.js';
import { runContractLifecycle } from '../../src/modules/contracts/contract-lifecycle.job.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { projectMonthlyCharges } from '../../src/modules/statements/billing/projection.js';
import { errorCodes, gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { BID_ACCEPT, publishedRequirement, submitBid } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The contract lifecycle over HTTP with a ManualClock: signing, activation by the clock and by the
 * job, amendments and the terms in force, termination with its quote, renewal and its opt-out,
 * breach notices and the rights they give. Times are set in UTC; contract dates are Shanghai's.
 */
const clock = new ManualClock();
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT, MembershipRole.FINANCE] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES, MembershipRole.OPERATIONS] });
  otherMerchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER, MembershipRole.PROCUREMENT] });
});
afterAll(() => app.close());

const rawId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
/** An instant at a Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (local: string) => new Date(`${local}+08:00`);

/** A contract awarded now on a requirement starting 2027-01-01 for 3 months (ends 2027-03-31); returns its global id. */
async function newContract(): Promise<string> {
  clock.set(new Date());
  const requirement = await publishedRequirement(app, merchant, { bidDeadline: new Date(clock.now().getTime() + 3600_000).toISOString() });
  const bid = await submitBid(app, vendor, requirement);
  clock.advance(2 * 3600_000);
  const accepted = await gql(app, BID_ACCEPT, { id: bid }, { token: merchant.owner.token });
  expect(accepted.data!.bidAccept.userErrors).toEqual([]);
  return accepted.data!.bidAccept.contract.id;
}

const CONTRACT = `query($id: ID!) { contract(id: $id) { status storedStatus signedByBoth startsOn yourParty
  signatures { party signedAt signedBy { email } } renewal { endDate renewedMonths renews optOutDeadline }
  termination { kind effectiveOn noticeDays compensation { amount } transitionEndsOn } transitionEndsOn
  terminationRights { rightId holder source } } }`;
const SIGN = `mutation($id: ID!) { contractSign(id: $id) { contract { status signedByBoth startsOn signatures { party } } userErrors { code field message } } }`;
const PROPOSE = `mutation($contractId: ID!, $input: ContractAmendmentInput!) { contractAmendmentPropose(contractId: $contractId, input: $input) {
  amendment { id number status effectiveFrom proposedBy signatures { party } } userErrors { code field message } } }`;
const AMENDMENT_SIGN = `mutation($id: ID!) { contractAmendmentSign(id: $id) { amendment { status boundAt signatures { party } } userErrors { code field message } } }`;
const AMENDMENT_WITHDRAW = `mutation($id: ID!) { contractAmendmentWithdraw(id: $id) { amendment { status } userErrors { code field message } } }`;
const TERMS = `query($id: ID!, $on: Date) { contract(id: $id) { termsInForce(on: $on) { on pricing { baseRate } kpiTargets { metric target } rules { termination { convenienceNoticeDays } } amendmentNumbers } } }`;
const QUOTE = `query($id: ID!, $effectiveOn: Date!) { contractTerminationQuote(id: $id, effectiveOn: $effectiveOn) {
  effectiveOn noticeDays requiredNoticeDays shortNotice contractMonth lastMonthServiceCharges { amount } compensationFactor compensation { amount currency } transitionEndsOn } }`;
const TERMINATE = `mutation($id: ID!, $input: ContractTerminateInput!) { contractTerminate(id: $id, input: $input) {
  contract { status termination { kind effectiveOn compensation { amount } } transitionEndsOn } userErrors { code field message } } }`;
const OPT_OUT = `mutation($id: ID!) { contractRenewalOptOut(id: $id) { contract { renewal { renews endDate } } userErrors { code field message } } }`;
const BREACH = `mutation($id: ID!, $reason: String!) { contractBreachNotify(id: $id, input: { reason: $reason }) { breachNotice { id notifiedBy cureDueAt } userErrors { code field message } } }`;
const CURE = `mutation($id: ID!) { contractBreachCure(id: $id) { breachNotice { curedAt } userErrors { code field message } } }`;

const read = async (id: string, token = merchant.owner.token) => (await gql(app, CONTRACT, { id }, { token })).data!.contract;
const sign = (id: string, org: TestOrg, role: MembershipRole) => gql(app, SIGN, { id }, { token: org.member(role).token });

async function signedContract(): Promise<string> {
  const id = await newContract();
  expect((await sign(id, vendor, MembershipRole.SALES)).data!.contractSign.userErrors).toEqual([]);
  expect((await sign(id, merchant, MembershipRole.PROCUREMENT)).data!.contractSign.userErrors).toEqual([]);
  return id;
}

describe('signing and activation', () => {
  test('each party signs once (who and when); both signed before the start date: PENDING_SIGNATURE, "starts on 2027-01-01"', async () => {
    const id = await newContract();
    const first = await sign(id, vendor, MembershipRole.SALES);
    expect(first.data!.contractSign).toEqual({
      contract: { status: 'PENDING_SIGNATURE', signedByBoth: false, startsOn: null, signatures: [{ party: 'VENDOR' }] },
      userErrors: [],
    });
    const twice = await sign(id, vendor, MembershipRole.OWNER);
    expect(twice.data!.contractSign).toEqual({
      contract: null,
      userErrors: [{ code: 'CONFLICT', field: ['id'], message: expect.stringContaining('signed this contract already') }],
    });
    const second = await sign(id, merchant, MembershipRole.PROCUREMENT);
    expect(second.data!.contractSign.contract).toEqual({
      status: 'PENDING_SIGNATURE',
      signedByBoth: true,
      startsOn: '2027-01-01',
      signatures: [{ party: 'MERCHANT' }, { party: 'VENDOR' }],
    });
    // Who signed: the merchant sees its own signatory, not the vendor's person.
    const seen = await read(id);
    expect(seen.signatures).toEqual([
      { party: 'MERCHANT', signedAt: clock.now().toISOString(), signedBy: { email: merchant.member(MembershipRole.PROCUREMENT).email } },
      { party: 'VENDOR', signedAt: expect.any(String), signedBy: null },
    ]);
    const { rows } = await app.sql.query(`select action from audit_event where entity_id = $1 order by occurred_at`, [rawId(id)]);
    expect(rows.map((r) => r.action)).toEqual(['contract.create', 'contract.sign', 'contract.sign']);
  });

  test('the start date comes at midnight in Shanghai: reads ACTIVE at once, the job stores it once', async () => {
    const id = await signedContract();
    clock.set(shanghai('2026-12-31T23:59:00'));
    expect(await read(id)).toMatchObject({ status: 'PENDING_SIGNATURE', startsOn: '2027-01-01' });
    expect(await runContractLifecycle(app.orm, 'run-0', app.config, clock)).not.toContain(rawId(id));
    clock.set(shanghai('2027-01-01T00:01:00'));
    expect(await read(id)).toMatchObject({ status: 'ACTIVE', storedStatus: 'PENDING_SIGNATURE', startsOn: null });
    expect(await runContractLifecycle(app.orm, 'run-1', app.config, clock)).toContain(rawId(id));
    expect(await read(id)).toMatchObject({ status: 'ACTIVE', storedStatus: 'ACTIVE' });
    expect(await runContractLifecycle(app.orm, 'run-2', app.config, clock)).not.toContain(rawId(id));
    const { rows } = await app.sql.query(`select action, request_id, actor_user_id from audit_event where entity_id = $1 and action = 'contract.activate'`, [
      rawId(id),
    ]);
    expect(rows).toEqual([{ action: 'contract.activate', request_id: 'job:contract-lifecycle:run-1', actor_user_id: null }]);
  });

  test('one signature is not enough, whatever the date', async () => {
    const id = await newContract();
    await sign(id, merchant, MembershipRole.PROCUREMENT);
    clock.set(shanghai('2027-01-05T10:00:00'));
    expect(await read(id)).toMatchObject({ status: 'PENDING_SIGNATURE', signedByBoth: false });
    expect(await runContractLifecycle(app.orm, 'run-3', app.config, clock)).not.toContain(rawId(id));
    // The second signature after the start date activates it at once.
    expect((await sign(id, vendor, MembershipRole.SALES)).data!.contractSign.contract.status).toBe('ACTIVE');
  });
});

describe('amendments and the terms in force', () => {
  test('proposed by one party, binding when the other signs; the terms change from the effective date', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-01-10T10:00:00'));
    const input = {
      effectiveFrom: '2027-02-15',
      reason: 'Higher rate for the new after-sales scope.',
      pricing: { model: 'PER_CONTACT', baseRate: '1.50', rampFactors: ['1.0'] },
      kpiTargets: [{ metric: 'FIRST_RESPONSE_SECONDS', comparator: 'AT_MOST', target: '10', unit: 's' }],
      termination: { convenienceNoticeDays: 30 },
    };
    const proposed = await gql(app, PROPOSE, { contractId: id, input }, { token: merchant.member(MembershipRole.PROCUREMENT).token });
    const amendment = proposed.data!.contractAmendmentPropose.amendment;
    expect(amendment).toMatchObject({ number: 1, status: 'PROPOSED', proposedBy: 'MERCHANT', signatures: [{ party: 'MERCHANT' }] });
    const own = await gql(app, AMENDMENT_SIGN, { id: amendment.id }, { token: merchant.owner.token });
    expect(own.data!.contractAmendmentSign.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    const notYours = await gql(app, AMENDMENT_WITHDRAW, { id: amendment.id }, { token: vendor.owner.token });
    expect(notYours.data!.contractAmendmentWithdraw.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    // Proposed only: nothing changes yet.
    const response = await gql(app, TERMS, { id, on: '2027-03-01' }, { token: vendor.owner.token });
    expect(response.errors).toBeUndefined();
    let terms = response.data!.contract.termsInForce;
    expect(terms).toMatchObject({ pricing: { baseRate: '1.34' }, amendmentNumbers: [] });
    const signed = await gql(app, AMENDMENT_SIGN, { id: amendment.id }, { token: vendor.member(MembershipRole.SALES).token });
    expect(signed.data!.contractAmendmentSign.amendment).toMatchObject({ status: 'BINDING', signatures: [{ party: 'MERCHANT' }, { party: 'VENDOR' }] });
    terms = (await gql(app, TERMS, { id, on: '2027-02-14' }, { token: vendor.owner.token })).data!.contract.termsInForce;
    expect(terms).toMatchObject({
      on: '2027-02-14',
      pricing: { baseRate: '1.34' },
      kpiTargets: [{ metric: 'FIRST_RESPONSE_SECONDS', target: '15.00' }, { metric: 'SATISFACTION_RATE' }],
      rules: { termination: { convenienceNoticeDays: 60 } },
      amendmentNumbers: [],
    });
    terms = (await gql(app, TERMS, { id, on: '2027-02-15' }, { token: merchant.owner.token })).data!.contract.termsInForce;
    expect(terms).toEqual({
      on: '2027-02-15',
      pricing: { baseRate: '1.50' },
      kpiTargets: [{ metric: 'FIRST_RESPONSE_SECONDS', target: '10.00' }],
      rules: { termination: { convenienceNoticeDays: 30 } },
      amendmentNumbers: [1],
    });
    // Binding is final, in the database too.
    await expect(app.sql.query(`update contract_amendment set reason = 'forged' where id = $1`, [rawId(amendment.id)])).rejects.toThrow(/binding amendment/);
  });

  test('the proposer withdraws before binding; bad proposals are userErrors and write nothing', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-01-10T10:00:00'));
    const token = vendor.member(MembershipRole.SALES).token;
    const empty = await gql(app, PROPOSE, { contractId: id, input: { effectiveFrom: '2027-02-01', reason: 'Nothing really.' } }, { token });
    expect(empty.data!.contractAmendmentPropose.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', message: expect.stringContaining('changes something') }),
    ]);
    const past = await gql(
      app,
      PROPOSE,
      { contractId: id, input: { effectiveFrom: '2027-01-09', reason: 'Backdated.', termination: { transitionDays: 60 } } },
      { token },
    );
    expect(past.data!.contractAmendmentPropose.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'effectiveFrom'], message: expect.any(String) }]);
    const badPricing = await gql(
      app,
      PROPOSE,
      { contractId: id, input: { effectiveFrom: '2027-02-01', reason: 'Bad price.', pricing: { model: 'PER_CONTACT', baseRate: '-1' } } },
      { token },
    );
    expect(badPricing.data!.contractAmendmentPropose.userErrors[0]).toMatchObject({ code: 'INVALID', field: expect.arrayContaining(['input', 'pricing']) });
    expect((await app.sql.query('select count(*)::int as n from contract_amendment where contract_id = $1', [rawId(id)])).rows[0].n).toBe(0);
    const ok = await gql(
      app,
      PROPOSE,
      { contractId: id, input: { effectiveFrom: '2027-02-01', reason: 'Longer transition.', termination: { transitionDays: 120 } } },
      { token },
    );
    const amendmentId = ok.data!.contractAmendmentPropose.amendment.id;
    expect((await gql(app, AMENDMENT_WITHDRAW, { id: amendmentId }, { token })).data!.contractAmendmentWithdraw).toEqual({
      amendment: { status: 'WITHDRAWN' },
      userErrors: [],
    });
    const again = await gql(app, AMENDMENT_SIGN, { id: amendmentId }, { token: merchant.owner.token });
    expect(again.data!.contractAmendmentSign.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });
});

describe('termination', () => {
  test('for convenience with short notice: the quote shows the compensation; confirming needs acceptCompensation; TERMINATED on its date', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-01-10T10:00:00'));
    const quote = (await gql(app, QUOTE, { id, effectiveOn: '2027-02-01' }, { token: merchant.owner.token })).data!.contractTerminationQuote;
    // The last day of service (01-31) is in contract month 1: its projection at 93,200 contacts and 1.34 ÷ … ramp-up.
    const contract = (await app.sql.query('select terms from contract where id = $1', [rawId(id)])).rows[0].terms;
    const [month1] = projectMonthlyCharges(
      loadPricing(contract.pricing),
      { startDate: '2027-01-01', termMonths: 1 },
      { monthlyContacts: 93_200, seats: 20 },
      chinaCalendar([]),
    );
    const expected = month1!.amount.times(2).toFixed(2);
    expect(quote).toEqual({
      effectiveOn: '2027-02-01',
      noticeDays: 22,
      requiredNoticeDays: 60,
      shortNotice: true,
      contractMonth: 1,
      lastMonthServiceCharges: { amount: month1!.amount.toFixed(2) },
      compensationFactor: '2.0000',
      compensation: { amount: expected, currency: 'CNY' },
      transitionEndsOn: '2027-05-01',
    });
    expect(new Decimal(expected).gt(0)).toBe(true);
    const input = { kind: 'CONVENIENCE', effectiveOn: '2027-02-01', reason: 'Moving service in-house.' };
    const refused = await gql(app, TERMINATE, { id, input }, { token: merchant.owner.token });
    expect(refused.data!.contractTerminate).toEqual({
      contract: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'acceptCompensation'], message: expect.stringContaining(`${expected} CNY`) }],
    });
    expect((await app.sql.query('select termination_kind from contract where id = $1', [rawId(id)])).rows[0].termination_kind).toBeNull();
    const byVendor = await gql(app, TERMINATE, { id, input }, { token: vendor.owner.token });
    expect(byVendor.data!.contractTerminate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'kind'] })]);
    const done = await gql(app, TERMINATE, { id, input: { ...input, acceptCompensation: true } }, { token: merchant.owner.token });
    expect(done.data!.contractTerminate).toEqual({
      contract: {
        status: 'ACTIVE',
        termination: { kind: 'CONVENIENCE', effectiveOn: '2027-02-01', compensation: { amount: expected } },
        transitionEndsOn: '2027-05-01',
      },
      userErrors: [],
    });
    const twice = await gql(app, TERMINATE, { id, input: { ...input, acceptCompensation: true } }, { token: merchant.owner.token });
    expect(twice.data!.contractTerminate.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT' })]);
    clock.set(shanghai('2027-02-01T00:00:01'));
    expect(await read(id)).toMatchObject({ status: 'TERMINATED', storedStatus: 'ACTIVE', transitionEndsOn: '2027-05-01' });
    expect(await runContractLifecycle(app.orm, 'run-t', app.config, clock)).toContain(rawId(id));
    expect(await read(id)).toMatchObject({ status: 'TERMINATED', storedStatus: 'TERMINATED' });
  });

  test('with enough notice nothing is owed; dates in the past or after the end are refused', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-01-10T10:00:00'));
    const quote = (await gql(app, QUOTE, { id, effectiveOn: '2027-03-11' }, { token: merchant.owner.token })).data!.contractTerminationQuote;
    expect(quote).toMatchObject({ noticeDays: 60, shortNotice: false, contractMonth: 3, compensation: { amount: '0.00' } });
    const past = await gql(app, QUOTE, { id, effectiveOn: '2027-01-09' }, { token: merchant.owner.token });
    expect(errorCodes(past)).toEqual(['BAD_USER_INPUT']);
    const late = await gql(
      app,
      TERMINATE,
      { id, input: { kind: 'CONVENIENCE', effectiveOn: '2027-04-01', reason: 'After the end.' } },
      { token: merchant.owner.token },
    );
    expect(late.data!.contractTerminate.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'effectiveOn'], message: expect.stringContaining('2027-03-31') },
    ]);
  });

  test('for cause: only with a right — an uncured breach 30 days after notice; a cured one gives none', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-01-10T10:00:00'));
    const forCause = { kind: 'FOR_CAUSE', effectiveOn: '2027-02-20', reason: 'Breach not cured.' };
    const noRight = await gql(app, TERMINATE, { id, input: forCause }, { token: merchant.owner.token });
    expect(noRight.data!.contractTerminate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'kind'] })]);
    const cured = (await gql(app, BREACH, { id, reason: 'Night shift unstaffed.' }, { token: merchant.member(MembershipRole.PROCUREMENT).token })).data!
      .contractBreachNotify.breachNotice;
    const breach = (await gql(app, BREACH, { id, reason: 'Data retention rules ignored.' }, { token: merchant.member(MembershipRole.PROCUREMENT).token })).data!
      .contractBreachNotify.breachNotice;
    expect(breach).toMatchObject({ notifiedBy: 'MERCHANT', cureDueAt: shanghai('2027-02-09T10:00:00').toISOString() });
    const byBreacher = await gql(app, CURE, { id: cured.id }, { token: vendor.owner.token });
    expect(byBreacher.data!.contractBreachCure.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect((await gql(app, CURE, { id: cured.id }, { token: merchant.owner.token })).data!.contractBreachCure.userErrors).toEqual([]);
    clock.set(shanghai('2027-02-09T09:59:00'));
    expect((await read(id)).terminationRights).toEqual([]);
    clock.set(shanghai('2027-02-09T10:00:00'));
    expect((await read(id, vendor.owner.token)).terminationRights).toEqual([{ rightId: null, holder: 'MERCHANT', source: 'UNCURED_BREACH' }]);
    expect((await gql(app, CURE, { id: breach.id }, { token: merchant.owner.token })).data!.contractBreachCure.userErrors).toEqual([
      expect.objectContaining({ code: 'DEADLINE_PASSED' }),
    ]);
    expect(await runContractLifecycle(app.orm, 'run-b', app.config, clock)).toContain(rawId(id));
    expect((await read(id)).terminationRights).toEqual([{ rightId: expect.any(String), holder: 'MERCHANT', source: 'UNCURED_BREACH' }]);
    // The vendor holds no right; the merchant does.
    const vendorTries = await gql(app, TERMINATE, { id, input: forCause }, { token: vendor.owner.token });
    expect(vendorTries.data!.contractTerminate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    const done = await gql(app, TERMINATE, { id, input: forCause }, { token: merchant.owner.token });
    expect(done.data!.contractTerminate).toEqual({
      contract: {
        status: 'ACTIVE',
        termination: { kind: 'FOR_CAUSE', effectiveOn: '2027-02-20', compensation: { amount: '0.00' } },
        transitionEndsOn: '2027-05-20',
      },
      userErrors: [],
    });
  });
});

describe('expiry and renewal', () => {
  test('at the end the contract renews for 12 months unless notice was given; reads are right before the job runs', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-03-31T23:59:00'));
    expect((await read(id)).renewal).toEqual({ endDate: '2027-03-31', renewedMonths: 0, renews: true, optOutDeadline: '2027-03-01' });
    clock.set(shanghai('2027-04-01T00:00:00'));
    expect(await read(id)).toMatchObject({ status: 'ACTIVE', storedStatus: 'PENDING_SIGNATURE', renewal: { endDate: '2028-03-31', renewedMonths: 12 } });
    expect(await runContractLifecycle(app.orm, 'run-r', app.config, clock)).toContain(rawId(id));
    const { rows } = await app.sql.query(`select status, renewed_months from contract where id = $1`, [rawId(id)]);
    expect(rows).toEqual([{ status: 'ACTIVE', renewed_months: 12 }]);
    const actions = await app.sql.query(`select action from audit_event where entity_id = $1 and request_id like 'job:%' order by occurred_at`, [rawId(id)]);
    expect(actions.rows.map((r) => r.action)).toEqual(['contract.activate', 'contract.renew']);
  });

  test('notice not to renew, given by the deadline, makes it EXPIRE at the end; later notice is refused', async () => {
    const id = await signedContract();
    clock.set(shanghai('2027-03-02T00:00:00'));
    const late = await gql(app, OPT_OUT, { id }, { token: vendor.member(MembershipRole.SALES).token });
    expect(late.data!.contractRenewalOptOut.userErrors).toEqual([{ code: 'DEADLINE_PASSED', field: ['id'], message: expect.stringContaining('2027-03-01') }]);
    const id2 = await signedContract();
    clock.set(shanghai('2027-03-01T23:00:00'));
    const ok = await gql(app, OPT_OUT, { id: id2 }, { token: vendor.member(MembershipRole.SALES).token });
    expect(ok.data!.contractRenewalOptOut).toEqual({ contract: { renewal: { renews: false, endDate: '2027-03-31' } }, userErrors: [] });
    expect((await gql(app, OPT_OUT, { id: id2 }, { token: merchant.owner.token })).data!.contractRenewalOptOut.userErrors).toEqual([
      expect.objectContaining({ code: 'CONFLICT' }),
    ]);
    clock.set(shanghai('2027-04-01T00:00:00'));
    // The opt-out stored the activation due then; the expiry is read before the job stores it.
    expect(await read(id2)).toMatchObject({ status: 'EXPIRED', storedStatus: 'ACTIVE' });
    expect(await runContractLifecycle(app.orm, 'run-e', app.config, clock)).toContain(rawId(id2));
    expect(await read(id2)).toMatchObject({ status: 'EXPIRED', storedStatus: 'EXPIRED' });
  });
});

describe('permissions', () => {
  test('the wrong role is FORBIDDEN, anonymous callers UNAUTHENTICATED, another organization gets NOT_FOUND or null', async () => {
    const id = await newContract();
    expect(errorCodes(await sign(id, merchant, MembershipRole.FINANCE))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await sign(id, vendor, MembershipRole.OPERATIONS))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, SIGN, { id }))).toEqual(['UNAUTHENTICATED']);
    expect((await sign(id, otherMerchant, MembershipRole.PROCUREMENT)).data!.contractSign).toEqual({
      contract: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['id'], message: 'No such contract.' }],
    });
    const terminate = { kind: 'CONVENIENCE', effectiveOn: '2027-03-01', reason: 'Not ours to end.' };
    expect(errorCodes(await gql(app, TERMINATE, { id, input: terminate }, { token: merchant.member(MembershipRole.PROCUREMENT).token }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await gql(app, QUOTE, { id, effectiveOn: '2027-03-01' }, { token: merchant.member(MembershipRole.FINANCE).token }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(errorCodes(await gql(app, QUOTE, { id, effectiveOn: '2027-03-01' }))).toEqual(['UNAUTHENTICATED']);
    expect((await gql(app, QUOTE, { id, effectiveOn: '2027-03-01' }, { token: otherMerchant.owner.token })).data!.contractTerminationQuote).toBeNull();
    expect((await gql(app, TERMINATE, { id, input: terminate }, { token: otherMerchant.owner.token })).data!.contractTerminate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ]);
    for (const [document, variables] of [
      [PROPOSE, { contractId: id, input: { effectiveFrom: '2027-02-01', reason: 'Try.', termination: { transitionDays: 10 } } }],
      [OPT_OUT, { id }],
      [BREACH, { id, reason: 'Not a party.' }],
    ] as const) {
      const response = await gql(app, document, variables, { token: otherMerchant.member(MembershipRole.PROCUREMENT).token });
      expect(Object.values(response.data!)[0]).toMatchObject({ userErrors: [expect.objectContaining({ code: 'NOT_FOUND' })] });
      expect(errorCodes(await gql(app, document, variables, { token: merchant.member(MembershipRole.FINANCE).token }))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await gql(app, document, variables))).toEqual(['UNAUTHENTICATED']);
    }
    expect((await gql(app, CONTRACT, { id }, { token: otherMerchant.owner.token })).data!.contract).toBeNull();
    const { rows } = await app.sql.query('select merchant_signed_at, vendor_signed_at from contract where id = $1', [rawId(id)]);
    expect(rows).toEqual([{ merchant_signed_at: null, vendor_signed_at: null }]);
  });
});
