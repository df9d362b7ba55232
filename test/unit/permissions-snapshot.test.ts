import { isObjectType } from 'graphql';
import { describePermission } from '../../src/auth/permissions.js';
import { ALL_PERMISSIONS, HTTP_ROUTES, buildAppSchema } from '../../src/app/composition.js';
import { permissionOf } from '../../src/graphql/permission.js';

/**
 * Who may call what, for the whole API. A change in access shows up as a diff of this snapshot,
 * and an operation without a declared permission fails the test (and is refused at run time).
 */
test('every query and mutation declares a permission; the table is snapshotted', async () => {
  const schema = await buildAppSchema();
  const lines: string[] = [];
  const undeclared: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root || !isObjectType(root)) continue;
    for (const field of Object.values(root.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      const permission = permissionOf(field);
      // Declared means listed: in src/auth/permissions.ts or a module descriptor, under its own name.
      if (!permission || ALL_PERMISSIONS.get(permission.name) !== permission) {
        undeclared.push(`${root.name}.${field.name}`);
        continue;
      }
      lines.push(`${root.name}.${field.name} — ${permission.name}: ${describePermission(permission)}`);
    }
  }
  // Nested fields that need more than their parent declare it too, and are snapshotted with the rest.
  for (const type of Object.values(schema.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!isObjectType(type) || type === schema.getQueryType() || type === schema.getMutationType() || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
      const permission = permissionOf(field);
      if (!permission) continue;
      if (ALL_PERMISSIONS.get(permission.name) !== permission) undeclared.push(`${type.name}.${field.name}`);
      else lines.push(`${type.name}.${field.name} — ${permission.name}: ${describePermission(permission)}`);
    }
  }
  expect(undeclared).toEqual([]);
  expect(lines.join('\n')).toMatchSnapshot();
});

test('every HTTP route (file exports) declares a permission; the table is snapshotted', () => {
  const lines = [...HTTP_ROUTES]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((route) => {
      expect(ALL_PERMISSIONS.get(route.permission.name)).toBe(route.permission);
      return `${route.method} ${route.path} (${route.name}) — ${route.permission.name}: ${describePermission(route.permission)}`;
    });
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.join('\n')).toMatchSnapshot();
});
