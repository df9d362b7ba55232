import { ManualClock } from '../../src/core/clock.js';
import { MembershipRole } from '../../src/core/roles.js';
import { runInspectionOverdue } from '../../src/modules/inspections/inspection-overdue.job.js';
import { SAMPLING_ALGORITHM, drawPositions } from '../../src/modules/inspections/inspection.rules.js';
import { errorCodes, gql } from '../helpers/client.js';
import type { TestOrg } from '../helpers/factories.js';
import {
  INSPECTION_CREATE,
  INSPECTION_NODE,
  INSPECTION_SCORE,
  RECTIFICATION_ACCEPT,
  RECTIFICATION_ANSWER,
  RECTIFICATION_REJECT,
  SCORECARD,
  SCORECARD_SET,
  inspectionParties,
  inspector,
  scoresFor,
  weekRecords,
} from '../helpers/inspections.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { USAGE_TODAY, activeContract } from '../helpers/usage.js';

/**
 * Quality inspections over HTTP: scorecards, samples drawn from a seed (and redone by an auditor) or
 * entered, scoring, the escalation ladder over three failures, rectifications (48 hours by the clock,
 * the overdue job, masked answers, rejection and acceptance), and who may do what.
 */
const clock = new ManualClock(USAGE_TODAY);
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;
let otherMerchant: TestOrg;
let contract: { id: string; rawId: string };

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  ({ merchant, vendor, otherMerchant } = await inspectionParties(app));
  contract = await activeContract(app, clock, merchant, vendor);
  await weekRecords(app, vendor, contract.id, 200);
  const set = await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }, inspector(merchant));
  expect(set.data!.inspectionScorecardSet.userErrors).toEqual([]);
}, 60_000);
afterAll(() => app.close());

async function create(input: Record<string, unknown>, caller = inspector(merchant), contractId = contract.id) {
  return gql(app, INSPECTION_CREATE, { contractId, input }, caller);
}

async function createOk(input: Record<string, unknown>, contractId = contract.id) {
  const response = await create(input, inspector(merchant), contractId);
  expect(response.errors).toBeUndefined();
  expect(response.data!.inspectionCreate.userErrors).toEqual([]);
  return response.data!.inspectionCreate.inspection;
}

async function score(inspection: { id: string; sample: { externalId: string }[] }, value: string, options: Parameters<typeof scoresFor>[2] = {}) {
  const response = await gql(app, INSPECTION_SCORE, { id: inspection.id, input: scoresFor(inspection.sample, value, options) }, inspector(merchant));
  expect(response.errors).toBeUndefined();
  expect(response.data!.inspectionScore.userErrors).toEqual([]);
  return response.data!.inspectionScore.inspection;
}

/** The week's records as an auditor with access to the vendor's data would list them (ordered as the algorithm says). */
async function weekOrder(): Promise<string[]> {
  const { rows } = await app.sql.query<{ external_id: string }>(
    `select external_id from contact_record where contract_id = $1 and day between '2027-01-11' and '2027-01-17' order by started_at, external_id`,
    [contract.rawId],
  );
  return rows.map((r) => r.external_id);
}

describe('scorecards', () => {
  test('the inspector sets versions; the pass mark and sample size default to the contract’s rules; bad input is a userError with its path', async () => {
    const second = await gql(app, SCORECARD_SET, { contractId: contract.id, input: { ...SCORECARD, passMark: '80' } }, { token: merchant.owner.token });
    expect(second.data!.inspectionScorecardSet).toEqual({
      scorecard: {
        version: 2,
        passMark: '80.00',
        weeklySampleSize: 50,
        criteria: [
          { name: 'Greeting', weight: '1.0000', critical: false },
          { name: 'Accuracy', weight: '3.0000', critical: true },
        ],
      },
      userErrors: [],
    });
    const bad = await gql(
      app,
      SCORECARD_SET,
      {
        contractId: contract.id,
        input: {
          criteria: [
            { name: 'A', weight: '0' },
            { name: 'A', weight: '1' },
          ],
          passMark: '101',
        },
      },
      inspector(merchant),
    );
    expect(bad.data!.inspectionScorecardSet.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
      ['input', 'criteria', '0', 'weight'],
      ['input', 'criteria', '1', 'name'],
      ['input', 'passMark'],
    ]);
  });

  test('vendors, other roles and anonymous callers are refused; another merchant’s inspector finds no contract', async () => {
    expect(errorCodes(await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }, { token: vendor.owner.token }))).toEqual(['FORBIDDEN']);
    expect(
      errorCodes(await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }, { token: merchant.member(MembershipRole.FINANCE).token })),
    ).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }))).toEqual(['UNAUTHENTICATED']);
    const other = await gql(app, SCORECARD_SET, { contractId: contract.id, input: SCORECARD }, inspector(otherMerchant));
    expect(other.data!.inspectionScorecardSet.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['contractId'], message: 'No such contract.' }]);
  });
});

describe('sampling', () => {
  test('a random sample is reproduced from its seed: same seed and records → same sample; another seed → another; an auditor redoes the draw', async () => {
    const first = await createOk({ week: '2027-W02', seed: 42, sampleSize: 10 });
    expect(first.status).toBe('DRAFT');
    expect(first.sampling).toEqual({ method: 'RANDOM', seed: 42, algorithm: SAMPLING_ALGORITHM, population: 200 });
    expect(first.sample).toHaveLength(10);
    expect(first.scorecard.version).toBe(2);
    const again = await createOk({ week: '2027-W02', seed: 42, sampleSize: 10 });
    expect(again.sample.map((s: { externalId: string }) => s.externalId)).toEqual(first.sample.map((s: { externalId: string }) => s.externalId));
    const other = await createOk({ week: '2027-W02', seed: 43, sampleSize: 10 });
    expect(other.sample.map((s: { externalId: string }) => s.externalId)).not.toEqual(first.sample.map((s: { externalId: string }) => s.externalId));

    // The auditor: the stored seed, population and algorithm over the week's records in their order give the same contacts.
    const order = await weekOrder();
    expect(order).toHaveLength(first.sampling.population);
    const redone = drawPositions(first.sampling.seed, first.sampling.population, 10).map((p) => order[p - 1]);
    expect(first.sample.map((s: { externalId: string }) => s.externalId)).toEqual(redone);
    expect(first.sample.map((s: { populationPosition: number }) => s.populationPosition)).toEqual(drawPositions(42, 200, 10));
    // Without a seed, one is chosen and stored; the sample size defaults to the scorecard's (50).
    const unseeded = await createOk({ week: '2027-W02' });
    expect(unseeded.sampling.seed).toEqual(expect.any(Number));
    expect(unseeded.sample).toHaveLength(50);
  });

  test('the merchant sees what an inspection needs of the sampled contacts only — never agent references', async () => {
    const inspection = await createOk({ week: '2027-W02', seed: 7, sampleSize: 3 });
    expect(Object.keys(inspection.sample[0]).sort()).toEqual(
      ['channel', 'criticalViolation', 'durationSeconds', 'externalId', 'note', 'populationPosition', 'position', 'score', 'scores', 'startedAt'].sort(),
    );
    const agent = await gql(app, `query($id: ID!) { node(id: $id) { ... on Inspection { sample { agentRef } } } }`, { id: inspection.id }, inspector(merchant));
    expect(errorCodes(agent)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(await gql(app, INSPECTION_NODE, { id: inspection.id }, inspector(merchant)))).not.toContain('agent-');
    // The records themselves stay unreadable to the merchant: the definer functions answer its own contracts only.
    const stranger = await gql(app, INSPECTION_CREATE, { contractId: contract.id, input: { week: '2027-W02' } }, inspector(otherMerchant));
    expect(stranger.data!.inspectionCreate.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('an entered sample takes the inspector’s external ids; unknown ids, future weeks and empty weeks are userErrors', async () => {
    const entered = await createOk({ week: '2027-W02', externalIds: ['w2-5', 'w2-7'] });
    expect(entered.sampling).toEqual({ method: 'ENTERED', seed: null, algorithm: null, population: null });
    expect(entered.sample.map((s: { externalId: string; position: number }) => [s.position, s.externalId])).toEqual([
      [1, 'w2-5'],
      [2, 'w2-7'],
    ]);
    const unknown = await create({ week: '2027-W02', externalIds: ['w2-5', 'nope'] });
    expect(unknown.data!.inspectionCreate.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'externalIds', '1'], message: 'No contact "nope" in the week 2027-W02.' },
    ]);
    expect((await create({ week: '2027-W09' })).data!.inspectionCreate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'week'] });
    expect((await create({ week: '2027-W5' })).data!.inspectionCreate.userErrors[0]).toMatchObject({ code: 'INVALID', field: ['input', 'week'] });
    expect((await create({ week: '2027-W03' })).data!.inspectionCreate.userErrors[0]).toMatchObject({ code: 'INVALID_STATE', field: ['input', 'week'] });
    expect((await create({ week: '2027-W02', seed: 1, externalIds: ['w2-1'] })).data!.inspectionCreate.userErrors[0].field).toEqual(['input', 'externalIds']);
  });

  test('vendors, other merchant roles and anonymous callers may not inspect', async () => {
    expect(errorCodes(await create({ week: '2027-W02' }, { token: vendor.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await create({ week: '2027-W02' }, { token: merchant.member(MembershipRole.FINANCE).token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await create({ week: '2027-W02' }, {}))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('scoring and the escalation ladder', () => {
  test('a critical violation fails the contact with 0; the score is the exact average; at the pass mark the inspection passes, with no rectification', async () => {
    const inspection = await createOk({ week: '2027-W02', seed: 11, sampleSize: 3 });
    // Contacts: (90·1 + 90·3)/4 = 90, 90, and 0 for the violated one → 60.00: failed. Scored instead with 95 and one violation → 63.33.
    const bad = await gql(
      app,
      INSPECTION_SCORE,
      {
        id: inspection.id,
        input: { contacts: [{ externalId: inspection.sample[0].externalId, scores: [{ criterion: 'Greeting', score: '90', violation: true }] }] },
      },
      inspector(merchant),
    );
    expect(bad.data!.inspectionScore.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
      ['input', 'contacts', '0', 'scores', '0', 'violation'],
      ['input', 'contacts', '0', 'scores'],
      ['input', 'contacts'],
    ]);
    const passed = await createOk({ week: '2027-W02', seed: 12, sampleSize: 3 });
    const scored = await score(passed, '80', { note: 'Call back 13812345678 or li.lei@example.cn' });
    expect(scored).toMatchObject({ status: 'SCORED', result: 'PASSED', score: '80.00', failureNumber: null, deduction: null, rectification: null });
    expect(scored.sample[0]).toMatchObject({ score: '80.00', criticalViolation: false, note: 'Call back 138****5678 or l***@example.cn' });
    const again = await gql(app, INSPECTION_SCORE, { id: passed.id, input: scoresFor(passed.sample, '80') }, inspector(merchant));
    expect(again.data!.inspectionScore.userErrors[0]).toMatchObject({ code: 'INVALID_STATE', field: ['id'] });
  });

  test('three failed inspections: the 1st opens a rectification only, the 2nd and 3rd mark a 10% deduction for the month, the 3rd gives the merchant a termination right', async () => {
    const ladder = await activeContract(app, clock, merchant, vendor);
    await weekRecords(app, vendor, ladder.id, 20, 'l-');
    await gql(app, SCORECARD_SET, { contractId: ladder.id, input: SCORECARD }, inspector(merchant));
    const results = [];
    for (const seed of [1, 2, 3]) {
      const inspection = await createOk({ week: '2027-W02', seed, sampleSize: 3 }, ladder.id);
      results.push(await score(inspection, '95', { violation: (i) => i === 0 }));
    }
    expect(results.map((r) => [r.result, r.score, r.failureNumber, r.deduction, r.terminationRightId !== null, r.rectification.status])).toEqual([
      ['FAILED', '63.33', 1, null, false, 'OPEN'],
      ['FAILED', '63.33', 2, { percent: '10.00', month: '2027-01' }, false, 'OPEN'],
      ['FAILED', '63.33', 3, { percent: '10.00', month: '2027-01' }, true, 'OPEN'],
    ]);
    expect(results[0].sample[0]).toMatchObject({ score: '0.00', criticalViolation: true });
    const { rows } = await app.sql.query(`select deduction_percent::text, deduction_month::text from inspection where contract_id = $1 order by number`, [
      ladder.rawId,
    ]);
    expect(rows).toEqual([
      { deduction_percent: null, deduction_month: null },
      { deduction_percent: '10.00', deduction_month: '2027-01-01' },
      { deduction_percent: '10.00', deduction_month: '2027-01-01' },
    ]);
    const rights = await gql(
      app,
      `query($id: ID!) { contract(id: $id) { status terminationRights { rightId holder source evidence } } }`,
      { id: ladder.id },
      {
        token: merchant.owner.token,
      },
    );
    const right = rights.data!.contract.terminationRights;
    expect(right).toHaveLength(1);
    expect(right[0]).toMatchObject({ rightId: results[2].terminationRightId, holder: 'MERCHANT', source: 'INSPECTION_LADDER' });
    expect(JSON.parse(right[0].evidence).inspectionIds).toHaveLength(3);
    // The contract's rules do not end it automatically by default: it stays ACTIVE.
    expect(rights.data!.contract.status).toBe('ACTIVE');
  });
});

test('when the contract’s rules say so, the 3rd failure ends the contract for cause with the ladder’s right', async () => {
  const ending = await activeContract(app, clock, merchant, vendor);
  // A contract awarded with autoTerminateAtThirdFailure (terms are frozen by a trigger: the fixture sets them as the superuser).
  await app.sql.query(`alter table contract disable trigger contract_terms_frozen`);
  try {
    await app.sql.query(`update contract set terms = jsonb_set(terms, '{rules,inspections,autoTerminateAtThirdFailure}', 'true') where id = $1`, [
      ending.rawId,
    ]);
  } finally {
    await app.sql.query(`alter table contract enable trigger contract_terms_frozen`);
  }
  await weekRecords(app, vendor, ending.id, 10, 'e-');
  await gql(app, SCORECARD_SET, { contractId: ending.id, input: SCORECARD }, inspector(merchant));
  const results = [];
  for (const seed of [1, 2, 3]) results.push(await score(await createOk({ week: '2027-W02', seed, sampleSize: 2 }, ending.id), '10'));
  const read = await gql(
    app,
    `query($id: ID!) { contract(id: $id) { status termination { kind effectiveOn } terminationRights { rightId source } } }`,
    { id: ending.id },
    {
      token: merchant.owner.token,
    },
  );
  expect(read.data!.contract).toMatchObject({
    status: 'TERMINATED',
    termination: { kind: 'FOR_CAUSE', effectiveOn: '2027-02-20' },
    terminationRights: [{ rightId: results[2].terminationRightId, source: 'INSPECTION_LADDER' }],
  });
});

describe('rectifications', () => {
  test('due in 48 hours by the clock: overdue on read at once, flagged by the job; the vendor answers (masked), the merchant rejects (a new 48 h round) and accepts', async () => {
    clock.set(USAGE_TODAY);
    const inspection = await createOk({ week: '2027-W02', seed: 99, sampleSize: 2 });
    const failed = await score(inspection, '50');
    const rectification = failed.rectification;
    expect(rectification).toMatchObject({ status: 'OPEN', round: 1, overdue: false, overdueFlaggedAt: null });
    expect(new Date(rectification.dueAt).getTime() - clock.now().getTime()).toBe(48 * 3600_000);

    clock.advance(48 * 3600_000 - 1000);
    expect((await gql(app, INSPECTION_NODE, { id: inspection.id }, inspector(merchant))).data!.node.rectification.overdue).toBe(false);
    expect(await runInspectionOverdue(app.orm, 'test', undefined, clock)).toEqual([]);
    clock.advance(1000);
    // Shown overdue before any job has run …
    expect((await gql(app, INSPECTION_NODE, { id: inspection.id }, { token: vendor.owner.token })).data!.node.rectification).toMatchObject({
      overdue: true,
      overdueFlaggedAt: null,
    });
    // … and flagged once by the job.
    const rawRectificationId = Buffer.from(rectification.id, 'base64url').toString().split(':')[1];
    const flagged = await runInspectionOverdue(app.orm, 'test', undefined, clock);
    expect(flagged).toContain(rawRectificationId); // (with the ladder's, older)
    expect(await runInspectionOverdue(app.orm, 'test', undefined, clock)).toEqual([]);

    // Only the vendor answers; the merchant decides.
    const answer = { answer: 'Retrained the team; questions to 13812345678 or zhang.wei@example.cn, ID 110101199003071234.' };
    expect(errorCodes(await gql(app, RECTIFICATION_ANSWER, { id: rectification.id, input: answer }, inspector(merchant)))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, RECTIFICATION_ACCEPT, { id: rectification.id }, { token: vendor.owner.token }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(app, RECTIFICATION_ANSWER, { id: rectification.id, input: answer }))).toEqual(['UNAUTHENTICATED']);
    const early = await gql(app, RECTIFICATION_ACCEPT, { id: rectification.id }, inspector(merchant));
    expect(early.data!.inspectionRectificationAccept.userErrors[0]).toMatchObject({ code: 'INVALID_STATE' });

    const answered = await gql(app, RECTIFICATION_ANSWER, { id: rectification.id, input: answer }, { token: vendor.member(MembershipRole.OPERATIONS).token });
    expect(answered.data!.inspectionRectificationAnswer).toMatchObject({
      rectification: {
        status: 'ANSWERED',
        answer: 'Retrained the team; questions to 138****5678 or z***@example.cn, ID 110101********1234.',
        overdue: false,
        overdueFlaggedAt: expect.any(String),
      },
      userErrors: [],
    });
    const { rows } = await app.sql.query(`select answer from inspection_rectification where id = $1`, [
      Buffer.from(rectification.id, 'base64url').toString().split(':')[1],
    ]);
    expect(rows[0].answer).not.toMatch(/13812345678|zhang\.wei|199003071234/);

    const rejected = await gql(app, RECTIFICATION_REJECT, { id: rectification.id, input: { reason: 'Not enough: call 13900001111.' } }, inspector(merchant));
    expect(rejected.data!.inspectionRectificationReject).toMatchObject({
      rectification: { status: 'OPEN', round: 2, answer: null, history: [{ round: 1, reason: 'Not enough: call 139****1111.' }] },
      userErrors: [],
    });
    expect(new Date(rejected.data!.inspectionRectificationReject.rectification.dueAt).getTime() - clock.now().getTime()).toBe(48 * 3600_000);
    await gql(app, RECTIFICATION_ANSWER, { id: rectification.id, input: { answer: 'Coaching plan attached.' } }, { token: vendor.owner.token });
    const accepted = await gql(app, RECTIFICATION_ACCEPT, { id: rectification.id }, inspector(merchant));
    expect(accepted.data!.inspectionRectificationAccept).toEqual({ rectification: { id: rectification.id, status: 'ACCEPTED', round: 2 }, userErrors: [] });
    const stranger = await gql(app, RECTIFICATION_ACCEPT, { id: rectification.id }, inspector(otherMerchant));
    expect(stranger.data!.inspectionRectificationAccept.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
    clock.set(USAGE_TODAY);
  });
});

describe('reads', () => {
  test('both parties read a contract’s inspections; another organization reads nothing (node null, contract null); anonymous callers are refused', async () => {
    const query = `query($id: ID!) { contract(id: $id) { inspectionScorecard { version } inspections(first: 2) { totalCount edges { node { number contract { id } } } } } }`;
    for (const token of [merchant.member(MembershipRole.INSPECTOR).token, vendor.owner.token, merchant.member(MembershipRole.FINANCE).token]) {
      const read = await gql(app, query, { id: contract.id }, { token });
      expect(read.errors).toBeUndefined();
      expect(read.data!.contract.inspections.totalCount).toBeGreaterThan(5);
      expect(read.data!.contract.inspections.edges[0].node.contract.id).toBe(contract.id);
    }
    const one = (await gql(app, query, { id: contract.id }, { token: merchant.owner.token })).data!.contract.inspections.edges[0].node;
    expect(one.number).toBeGreaterThan(1);
    const anyInspection = (
      await gql(
        app,
        `query($id: ID!) { contract(id: $id) { inspections(first: 1) { edges { node { id } } } } }`,
        { id: contract.id },
        { token: merchant.owner.token },
      )
    ).data!.contract.inspections.edges[0].node.id;
    expect((await gql(app, INSPECTION_NODE, { id: anyInspection }, inspector(otherMerchant))).data!.node).toBeNull();
    expect((await gql(app, query, { id: contract.id }, inspector(otherMerchant))).data!.contract).toBeNull();
    expect(errorCodes(await gql(app, INSPECTION_NODE, { id: anyInspection }))).toEqual(['UNAUTHENTICATED']);
  });
});
