import { gql } from '../helpers/client.js';
import { createOrg } from '../helpers/factories.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MembershipRole } from '../../src/core/roles.js';
import { OrganizationKind } from '../../src/modules/organizations/organization.entity.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('viewer answers for a signed-in member and is null for an anonymous caller', async () => {
  const org = await createOrg(app, { kind: OrganizationKind.MERCHANT, roles: [MembershipRole.OWNER] });
  const signedIn = await gql(app, '{ viewer { role user { email } organization { id legalName } } }', {}, { token: org.owner.token });
  expect(signedIn.errors).toBeUndefined();
  expect(signedIn.data!.viewer).toEqual({ role: 'OWNER', user: { email: org.owner.email }, organization: { id: org.globalId, legalName: org.legalName } });
  const anonymous = await gql(app, '{ viewer { role } }');
  expect(anonymous.data!.viewer).toBeNull();
});
