import { createHash } from 'node:crypto';
import { MembershipRole } from '../../src/core/roles.js';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql } from '../helpers/client.js';
import { TEST_PASSWORD, createOrg, createPlatformAdmin, validCreditCode, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let merchant: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
});
afterAll(() => app.close());

const REGISTER = `mutation($input: OrganizationRegisterInput!) {
  organizationRegister(input: $input) { organization { id kind verificationStatus creditCode } token userErrors { code field message } }
}`;

function registration(overrides: Record<string, unknown> = {}, owner: Record<string, unknown> = {}) {
  return {
    input: {
      kind: 'VENDOR',
      legalName: '苏州客服外包有限公司',
      creditCode: validCreditCode(),
      owner: { email: `owner-${Math.random().toString(36).slice(2)}@example.test`, password: 'a-long-password', displayName: 'Owner', ...owner },
      ...overrides,
    },
  };
}

async function rowCounts() {
  const { rows } = await app.sql.query(
    `select (select count(*) from organization)::int as organizations, (select count(*) from app_user)::int as users,
            (select count(*) from membership)::int as memberships, (select count(*) from audit_event)::int as events`,
  );
  return rows[0];
}

describe('organizationRegister', () => {
  test('registers a PENDING vendor with its owner (argon2id), profile and audit events; the owner is signed in', async () => {
    const variables = registration();
    const response = await gql(app, REGISTER, variables);
    const payload = response.data!.organizationRegister;
    expect(payload.userErrors).toEqual([]);
    expect(payload.organization).toMatchObject({ kind: 'VENDOR', verificationStatus: 'PENDING', creditCode: variables.input.creditCode });
    const viewer = await gql(app, '{ viewer { role organization { id vendorProfile { seatCapacity } } } }', {}, { token: payload.token });
    expect(viewer.data!.viewer).toEqual({ role: 'OWNER', organization: { id: payload.organization.id, vendorProfile: { seatCapacity: 0 } } });
    const { rows } = await app.sql.query('select password_hash from app_user where email = $1', [variables.input.owner.email]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    const { rows: events } = await app.sql.query(
      'select action from audit_event where organization_id = (select id from organization where credit_code = $1) order by id',
      [variables.input.creditCode],
    );
    expect(events.map((e) => e.action)).toEqual(['organization.register', 'membership.create']);
  });

  test('an invalid credit code is a clear userError on the field, and nothing is written', async () => {
    const before = await rowCounts();
    const good = validCreditCode();
    const mistyped = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const response = await gql(app, REGISTER, registration({ creditCode: mistyped }));
    expect(response.data!.organizationRegister).toEqual({
      organization: null,
      token: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'creditCode'], message: expect.stringMatching(/check character/) }],
    });
    expect(await rowCounts()).toEqual(before);
  });

  test('every problem of the input is reported at once', async () => {
    const response = await gql(app, REGISTER, registration({ legalName: 'x', creditCode: '123' }, { email: 'not-an-email', password: 'short' }));
    expect(response.data!.organizationRegister.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual([
      'input.creditCode',
      'input.legalName',
      'input.owner.email',
      'input.owner.password',
    ]);
  });

  test('a registered credit code or e-mail is a CONFLICT', async () => {
    const first = registration();
    await gql(app, REGISTER, first);
    const sameCode = await gql(app, REGISTER, registration({ creditCode: first.input.creditCode }));
    expect(sameCode.data!.organizationRegister.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'creditCode'] })]);
    const sameEmail = await gql(app, REGISTER, registration({}, { email: first.input.owner.email.toUpperCase() }));
    expect(sameEmail.data!.organizationRegister.userErrors).toEqual([expect.objectContaining({ code: 'CONFLICT', field: ['input', 'owner', 'email'] })]);
  });
});

describe('organizationVerify', () => {
  test('rejecting needs a note; an unknown id is NOT_FOUND', async () => {
    const admin = await createPlatformAdmin(app);
    const pending = await createOrg(app, { kind: OrganizationKind.MERCHANT, verified: false });
    const verify = `mutation($id: ID!, $note: String) { organizationVerify(id: $id, input: { decision: REJECTED, note: $note }) { organization { verificationStatus privateProfile { verificationNote } } userErrors { code field } } }`;
    expect((await gql(app, verify, { id: pending.globalId }, { token: admin.token })).data!.organizationVerify.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'note'] },
    ]);
    const rejected = await gql(app, verify, { id: pending.globalId, note: 'Licence photo unreadable' }, { token: admin.token });
    expect(rejected.data!.organizationVerify.organization).toEqual({
      verificationStatus: 'REJECTED',
      privateProfile: { verificationNote: 'Licence photo unreadable' },
    });
    const unknown = await gql(app, verify, { id: 'bm90LWFuLWlk', note: 'x' }, { token: admin.token });
    expect(unknown.data!.organizationVerify.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['id'] }]);
  });
});

describe('login', () => {
  const LOGIN = `mutation($email: String!, $password: String!, $org: ID) { login(input: { email: $email, password: $password, organizationId: $org }) { token choices { organizationId organizationName role } userErrors { code field message } } }`;

  test('a wrong password and an unknown e-mail give the identical answer', async () => {
    const wrongPassword = await gql(app, LOGIN, { email: merchant.owner.email, password: 'not-the-password' });
    const unknownEmail = await gql(app, LOGIN, { email: 'nobody-here@example.test', password: 'not-the-password' });
    expect(wrongPassword.data).toEqual(unknownEmail.data);
    expect(wrongPassword.data!.login).toEqual({
      token: null,
      choices: [],
      userErrors: [{ code: 'INVALID_CREDENTIALS', field: ['input'], message: 'E-mail or password is incorrect.' }],
    });
  });

  test('a person in two organizations chooses one', async () => {
    const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
    await app.sql.query(`insert into membership (id, organization_id, user_id, role) values (gen_random_uuid(), $1, $2, 'SALES')`, [
      vendor.id,
      merchant.owner.userId,
    ]);
    const ask = await gql(app, LOGIN, { email: merchant.owner.email, password: TEST_PASSWORD });
    expect(ask.data!.login.token).toBeNull();
    expect(ask.data!.login.choices.map((c: { organizationId: string; role: string }) => [c.organizationId, c.role]).sort()).toEqual(
      [
        [merchant.globalId, 'OWNER'],
        [vendor.globalId, 'SALES'],
      ].sort(),
    );
    const chosen = await gql(app, LOGIN, { email: merchant.owner.email, password: TEST_PASSWORD, org: vendor.globalId });
    const viewer = await gql(app, '{ viewer { role organization { id } } }', {}, { token: chosen.data!.login.token });
    expect(viewer.data!.viewer).toEqual({ role: 'SALES', organization: { id: vendor.globalId } });
  });
});

describe('members', () => {
  test('inviting a new e-mail returns a one-time token; accepting sets the password and signing in works', async () => {
    const invite = await gql(
      app,
      `mutation { memberInvite(input: { email: "new.finance@example.test", role: FINANCE }) { membership { role accepted } invitationToken userErrors { code } } }`,
      {},
      { token: merchant.owner.token },
    );
    const { membership, invitationToken } = invite.data!.memberInvite;
    expect(membership).toEqual({ role: 'FINANCE', accepted: false });
    expect(invitationToken).toEqual(expect.any(String));
    const { rows } = await app.sql.query('select invitation_token_hash from membership where invitation_token_hash is not null');
    expect(rows.map((r) => r.invitation_token_hash)).toContain(createHash('sha256').update(invitationToken).digest('hex'));
    const accept = `mutation($token: String!) { invitationAccept(input: { token: $token, password: "finance-password" }) { membership { accepted } userErrors { code } } }`;
    expect((await gql(app, accept, { token: invitationToken })).data!.invitationAccept).toEqual({ membership: { accepted: true }, userErrors: [] });
    expect((await gql(app, accept, { token: invitationToken })).data!.invitationAccept.userErrors).toEqual([{ code: 'NOT_FOUND' }]);
    const login = await gql(app, `mutation { login(input: { email: "new.finance@example.test", password: "finance-password" }) { token } }`);
    const viewer = await gql(app, '{ viewer { role } }', {}, { token: login.data!.login.token });
    expect(viewer.data!.viewer.role).toBe('FINANCE');
  });

  test('a role foreign to the organization’s kind is INVALID; an existing member is a CONFLICT', async () => {
    const sales = await gql(
      app,
      `mutation { memberInvite(input: { email: "x@example.test", role: SALES }) { userErrors { code field } } }`,
      {},
      { token: merchant.owner.token },
    );
    expect(sales.data!.memberInvite.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'role'] }]);
    const again = await gql(
      app,
      `mutation($email: String!) { memberInvite(input: { email: $email, role: VIEWER }) { userErrors { code } } }`,
      { email: merchant.owner.email },
      { token: merchant.owner.token },
    );
    expect(again.data!.memberInvite.userErrors).toEqual([{ code: 'CONFLICT' }]);
  });

  test('the last owner can be neither demoted nor removed', async () => {
    const solo = await createOrg(app, { kind: OrganizationKind.AUDIT_FIRM, roles: [MembershipRole.OWNER, MembershipRole.AUDITOR] });
    const ownerId = toGlobalId('Membership', solo.owner.membershipId);
    const demote = await gql(
      app,
      `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: AUDITOR }) { userErrors { code } } }`,
      { id: ownerId },
      { token: solo.owner.token },
    );
    expect(demote.data!.memberRoleChange.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
    const remove = await gql(app, `mutation($id: ID!) { memberRemove(id: $id) { userErrors { code } } }`, { id: ownerId }, { token: solo.owner.token });
    expect(remove.data!.memberRemove.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
    const promote = await gql(
      app,
      `mutation($id: ID!) { memberRoleChange(id: $id, input: { role: OWNER }) { userErrors { code } } }`,
      { id: toGlobalId('Membership', solo.member(MembershipRole.AUDITOR).membershipId) },
      { token: solo.owner.token },
    );
    expect(promote.data!.memberRoleChange.userErrors).toEqual([]);
    expect(
      (await gql(app, `mutation($id: ID!) { memberRemove(id: $id) { userErrors { code } } }`, { id: ownerId }, { token: solo.owner.token })).data!.memberRemove
        .userErrors,
    ).toEqual([]);
  });
});

describe('API keys', () => {
  test('the secret is shown once, stored as SHA-256, authenticates as its role, and stops at revocation', async () => {
    const vendor = await createOrg(app, { kind: OrganizationKind.VENDOR });
    const created = await gql(
      app,
      `mutation { apiKeyCreate(input: { name: "CTI", role: OPERATIONS }) { apiKey { id prefix } secret userErrors { code } } }`,
      {},
      { token: vendor.owner.token },
    );
    const { secret, apiKey } = created.data!.apiKeyCreate;
    expect(secret).toMatch(/^kefu_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`kefu_${apiKey.prefix}_`)).toBe(true);
    const { rows } = await app.sql.query('select * from api_key where organization_id = $1', [vendor.id]);
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(secret);

    const asKey = await gql(app, '{ viewer { role isApiKey user { email } organization { id } } }', {}, { apiKey: secret });
    expect(asKey.data!.viewer).toEqual({ role: 'OPERATIONS', isApiKey: true, user: null, organization: { id: vendor.globalId } });
    const ownerRole = await gql(
      app,
      `mutation { apiKeyCreate(input: { name: "root", role: OWNER }) { userErrors { code field } } }`,
      {},
      { token: vendor.owner.token },
    );
    expect(ownerRole.data!.apiKeyCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'role'] }]);

    await gql(app, `mutation($id: ID!) { apiKeyRevoke(id: $id) { userErrors { code } } }`, { id: apiKey.id }, { token: vendor.owner.token });
    expect(errorCodes(await gql(app, '{ viewer { role } }', {}, { apiKey: secret }))).toEqual(['UNAUTHENTICATED']);
    const twice = await gql(app, `mutation($id: ID!) { apiKeyRevoke(id: $id) { userErrors { code } } }`, { id: apiKey.id }, { token: vendor.owner.token });
    expect(twice.data!.apiKeyRevoke.userErrors).toEqual([{ code: 'INVALID_STATE' }]);
    expect(errorCodes(await gql(app, '{ viewer { role } }', {}, { apiKey: 'kefu_AAAAAAAA_' + 'x'.repeat(43) }))).toEqual(['UNAUTHENTICATED']);
  });
});
