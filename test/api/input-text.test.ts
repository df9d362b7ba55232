import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { errorCodes, gql, type GraphQLResponse } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { REQUIREMENT_CREATE, requirementInput } from '../helpers/marketplace.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Strings PostgreSQL refuses (NUL) or cannot store faithfully (a lone UTF-16 surrogate) are refused
 * for every input at once, in the variables and in the document's literals, before any SQL runs:
 * BAD_USER_INPUT naming where the bad text is, never INTERNAL_SERVER_ERROR.
 */
let app: TestApp;
let merchant: TestOrg;
let vendor: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  merchant = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  vendor = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER] });
});
afterAll(() => app.close());

const BAD = [
  { name: 'a NUL character', text: 'a\u0000b', literal: 'a\\u0000b', reason: /NUL character \(U\+0000\)/ },
  { name: 'a lone surrogate', text: 'a\ud800b', literal: 'a\\ud800b', reason: /lone UTF-16 surrogate/ },
];

const ENUM_FIELDS = new Set(['serviceScopes', 'channels', 'metric', 'comparator', 'visibility']);

/** A JSON-like value as a GraphQL literal (JSON string escapes are valid GraphQL escapes). */
function literalOf(value: unknown, key = ''): string {
  if (Array.isArray(value)) return `[${value.map((item) => literalOf(item, key)).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literalOf(v, k)}`)
      .join(', ')} }`;
  if (typeof value === 'string' && ENUM_FIELDS.has(key)) return value;
  return JSON.stringify(value);
}

/** Refused with BAD_USER_INPUT (HTTP 400), the message naming `where`, and no SQL statement run. */
async function expectRefused(send: () => Promise<GraphQLResponse>, where: string, reason: RegExp) {
  const before = app.requests.length;
  const response = await send();
  expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.status).toBe(400);
  expect(response.errors![0].message).toContain(where);
  expect(response.errors![0].message).toMatch(reason);
  expect(response.data ?? null).toBeNull();
  const record = app.requests.at(-1)!;
  expect(app.requests.length).toBe(before + 1);
  expect(record.sqlStatements).toBe(0);
}

describe.each(BAD)('$name', ({ text, reason }) => {
  test('in a variable: login, organization filter, requirement filter, requirement title', async () => {
    await expectRefused(
      () =>
        gql(app, 'mutation($input: LoginInput!) { login(input: $input) { token userErrors { code } } }', {
          input: { email: `x${text}@example.test`, password: 'whatever-password' },
        }),
      'Variable $input.email',
      reason,
    );
    await expectRefused(
      () =>
        gql(app, 'query($f: OrganizationFilter) { organizations(filter: $f) { totalCount } }', { f: { nameContains: text } }, { token: merchant.owner.token }),
      'Variable $f.nameContains',
      reason,
    );
    await expectRefused(
      () =>
        gql(
          app,
          'query($certs: [String!]) { requirements(filter: { certificationsHeld: $certs }) { totalCount } }',
          { certs: ['ISO27001', text] },
          { token: vendor.owner.token },
        ),
      'Variable $certs[1]',
      reason,
    );
    await expectRefused(
      () => gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: text }) }, { token: merchant.owner.token }),
      'Variable $input.title',
      reason,
    );
  });
});

test('the same document sent again is checked again: a refused literal stays refused, a clean one passes each time', async () => {
  const [{ literal, reason }] = BAD;
  const refusedQuery = `{ organizations(filter: { nameContains: "${literal}" }) { totalCount } }`;
  for (let i = 0; i < 3; i++)
    await expectRefused(() => gql(app, refusedQuery, {}, { token: merchant.owner.token }), 'Argument organizations.filter.nameContains', reason);
  for (let i = 0; i < 3; i++) {
    const clean = await gql(app, '{ organizations(filter: { nameContains: "clean" }) { totalCount } }', {}, { token: merchant.owner.token });
    expect(clean.errors).toBeUndefined();
  }
});

test('a NUL character in an inline literal: login, organization filter, requirement filter, requirement title', async () => {
  const [{ literal, reason }] = BAD;
  await expectRefused(
    () => gql(app, `mutation { login(input: { email: "x${literal}@example.test", password: "whatever-password" }) { token } }`),
    'Argument login.input.email',
    reason,
  );
  await expectRefused(
    () => gql(app, `{ organizations(filter: { nameContains: "${literal}" }) { totalCount } }`, {}, { token: merchant.owner.token }),
    'Argument organizations.filter.nameContains',
    reason,
  );
  await expectRefused(
    () => gql(app, `{ list: requirements(filter: { certificationsHeld: ["ISO27001", "${literal}"] }) { totalCount } }`, {}, { token: vendor.owner.token }),
    'Argument list.filter.certificationsHeld[1]',
    reason,
  );
  await expectRefused(
    () =>
      gql(
        app,
        `mutation { requirementCreate(input: ${literalOf(requirementInput({ title: 'a\u0000b' }))}) { userErrors { code } } }`,
        {},
        { token: merchant.owner.token },
      ),
    'Argument requirementCreate.input.title',
    reason,
  );
  // A default value of a variable definition is a literal too.
  await expectRefused(
    () =>
      gql(app, `query($name: String = "${literal}") { organizations(filter: { nameContains: $name }) { totalCount } }`, {}, { token: merchant.owner.token }),
    '$name (default)',
    reason,
  );
});

test('a lone surrogate cannot even be written as a literal: the GraphQL lexer refuses it (GRAPHQL_PARSE_FAILED), escaped or raw', async () => {
  for (const literal of ['a\\ud800b', 'a\ud800b', 'a\\udc00b']) {
    const response = await gql(app, `{ organizations(filter: { nameContains: "${literal}" }) { totalCount } }`, {}, { token: merchant.owner.token });
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(response.status).toBe(400);
  }
});

test('well-formed text passes: a surrogate pair (emoji), CJK and other control characters are fine', async () => {
  const created = await gql(app, REQUIREMENT_CREATE, { input: requirementInput({ title: '客服外包 😀 tab\there' }) }, { token: merchant.owner.token });
  expect(created.errors).toBeUndefined();
  expect(created.data!.requirementCreate.userErrors).toEqual([]);
  const search = await gql(app, '{ organizations(filter: { nameContains: "😀\\uD83D\\uDE00" }) { totalCount } }', {}, { token: merchant.owner.token });
  expect(search.errors).toBeUndefined();
});
