import fc from 'fast-check';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { escapeLiteral } from '../../src/db/escape-literal.js';

/** MikroORM's own method (private in its typings). */
const mikroOrm = new PostgreSqlPlatform() as unknown as { escapeLiteral(text: string): string };

test('a literal is written exactly as MikroORM’s PostgreSQL platform writes it, for any text', () => {
  const tricky = fc.constantFrom("'", '\\', "''", '\\\\', "\\'", 'E', ' ', '\n', '中', '?', '"', '{', '}', ',', 'a', '0');
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme' }),
        fc.array(tricky).map((parts) => parts.join('')),
      ),
      (text) => {
        expect(escapeLiteral(text)).toBe(mikroOrm.escapeLiteral(text));
      },
    ),
    { numRuns: 5000 },
  );
  expect(escapeLiteral("it's")).toBe("'it''s'");
  expect(escapeLiteral('a\\b')).toBe(" E'a\\\\b'");
  expect(escapeLiteral("\\'")).toBe(" E'\\\\'''");
});

test('the ORM quotes statement parameters with it', async () => {
  const { createOrm } = await import('../../src/db/orm.js');
  const { ENTITIES } = await import('../../src/app/composition.js');
  // MikroORM.init does not connect until a query runs; the platform is ready before.
  const orm = await createOrm({ entities: ENTITIES, databaseUrl: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
  try {
    expect((orm.em.getPlatform() as unknown as { escapeLiteral: unknown }).escapeLiteral).toBe(escapeLiteral);
    expect(orm.em.getPlatform().formatQuery('select ?, ?', ["o'k", 'a\\b'])).toBe("select 'o''k',  E'a\\\\b'");
  } finally {
    await orm.close(true);
  }
});
