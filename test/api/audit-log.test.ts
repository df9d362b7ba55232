import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';
import { gql } from '../helpers/client.js';
import { createOrg, type TestOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let org: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  app = await startTestApp();
  org = await createOrg(app, { kind: OrganizationKind.VENDOR, roles: [MembershipRole.OWNER, MembershipRole.SALES] });
  other = await createOrg(app, { kind: OrganizationKind.MERCHANT });
});
afterAll(() => app.close());

async function auditRows(organizationId: string) {
  return (await app.sql.query('select * from audit_event where organization_id = $1 order by id', [organizationId])).rows;
}

test('a mutation appends an event with actor, organization, entity, changed fields and request id', async () => {
  const response = await gql(
    app,
    `mutation { apiKeyCreate(input: { name: "CTI feed", role: OPERATIONS }) { apiKey { prefix } userErrors { code } } }`,
    {},
    { token: org.owner.token },
  );
  expect(response.data!.apiKeyCreate.userErrors).toEqual([]);
  const events = await auditRows(org.id);
  const event = events.find((e) => e.action === 'apiKey.create');
  expect(event).toMatchObject({
    organization_id: org.id,
    actor_user_id: org.owner.userId,
    entity_type: 'ApiKey',
    request_id: response.headers.get('x-request-id'),
    changes: {
      name: { before: null, after: 'CTI feed' },
      role: { before: null, after: 'OPERATIONS' },
      prefix: { before: null, after: response.data!.apiKeyCreate.apiKey.prefix },
    },
  });
  const listed = await gql(
    app,
    '{ auditEvents(filter: { action: "apiKey.create" }) { edges { node { action entityType actorUserId requestId changes } } } }',
    {},
    { token: org.owner.token },
  );
  expect(listed.data!.auditEvents.edges).toHaveLength(1);
  expect(listed.data!.auditEvents.edges[0].node).toMatchObject({
    action: 'apiKey.create',
    entityType: 'ApiKey',
    actorUserId: org.owner.userId,
    requestId: event.request_id,
  });
});

test('changes record before and after of the changed fields only', async () => {
  await gql(
    app,
    `mutation { vendorProfileUpdate(input: { seatCapacity: 250, languages: ["zh-CN"] }) { userErrors { code } } }`,
    {},
    { token: org.member(MembershipRole.SALES).token },
  );
  const event = (await auditRows(org.id)).find((e) => e.action === 'vendorProfile.update');
  expect(event.changes).toEqual({ seatCapacity: { before: 100, after: 250 }, languages: { before: [], after: ['zh-CN'] } });
  expect(event.actor_user_id).toBe(org.member(MembershipRole.SALES).userId);
});

test('a mutation that fails with userErrors appends nothing', async () => {
  const before = (await auditRows(org.id)).length;
  const response = await gql(
    app,
    `mutation { apiKeyCreate(input: { name: "", role: OPERATIONS }) { apiKey { id } userErrors { code field } } }`,
    {},
    { token: org.owner.token },
  );
  expect(response.data!.apiKeyCreate.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'name'] }]);
  expect((await auditRows(org.id)).length).toBe(before);
});

test('another organization sees none of these events', async () => {
  const listed = await gql(app, '{ auditEvents(first: 100) { totalCount edges { node { action } } } }', {}, { token: other.owner.token });
  expect(listed.data!.auditEvents.totalCount).toBe(0);
});

describe('the audit log is append-only in the database', () => {
  test('UPDATE, DELETE and TRUNCATE fail as the application role', async () => {
    for (const statement of ["update audit_event set action = 'forged'", 'delete from audit_event', 'truncate audit_event']) {
      const client = await app.sql.connect();
      try {
        await client.query('begin');
        await client.query('set local role kefu_app');
        await client.query("select set_config('app.org_id', $1, true), set_config('app.user_id', $2, true)", [org.id, org.owner.userId]);
        await expect(client.query(statement)).rejects.toThrow(/permission denied|append-only/);
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
  });

  test('UPDATE, DELETE and TRUNCATE fail even for the owner (superuser) connection', async () => {
    await expect(app.sql.query("update audit_event set action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(app.sql.query('delete from audit_event')).rejects.toThrow(/append-only/);
    await expect(app.sql.query('truncate audit_event')).rejects.toThrow(/append-only/);
    expect((await auditRows(org.id)).every((e) => e.action !== 'forged')).toBe(true);
  });
});
