import 'reflect-metadata';
import type { RequestContext } from '../../src/server/context.js';
import { EMAIL_PATTERN, emailTaken, passwordProblems, userIdByEmail, validateNewUser } from '../../src/modules/users/user.rules.js';

/** New users' details (user.rules.ts), at their bounds. */

describe('user.rules', () => {
  const newUser = (overrides: Record<string, string>) =>
    validateNewUser({ email: 'li.wei@example.cn', password: 'long-enough-1', displayName: 'Li Wei', ...overrides }, ['input']).map((e) => e.path.join('.'));

  test('a valid new user has no problems', () => {
    expect(newUser({})).toEqual([]);
    expect(newUser({ email: '  li.wei@example.cn  ', displayName: ' 李 ' })).toEqual([]);
  });

  test('e-mail: local@domain.tld, no spaces, one @', () => {
    for (const email of ['li.wei', 'li wei@example.cn', '@example.cn', 'li@example', 'li@@example.cn', 'li@example.c', `${'x'.repeat(65)}@example.cn`]) {
      expect([email, newUser({ email })]).toEqual([email, ['input.email']]);
    }
    expect(EMAIL_PATTERN.test(`${'x'.repeat(64)}@example.cn`)).toBe(true);
  });

  test('display name: 1 to 100 characters after trimming', () => {
    expect(newUser({ displayName: '   ' })).toEqual(['input.displayName']);
    expect(newUser({ displayName: 'x'.repeat(100) })).toEqual([]);
    expect(newUser({ displayName: 'x'.repeat(101) })).toEqual(['input.displayName']);
  });

  test('password: 10 to 200 characters', () => {
    expect(passwordProblems('x'.repeat(10), ['p'])).toEqual([]);
    expect(passwordProblems('x'.repeat(200), ['p'])).toEqual([]);
    expect(passwordProblems('x'.repeat(9), ['p']).map((e) => [e.code, e.path, e.message])).toEqual([
      ['INVALID', ['p'], 'Password must have 10 to 200 characters.'],
    ]);
    expect(passwordProblems('x'.repeat(201), ['p'])).toHaveLength(1);
    expect(newUser({ password: 'short' })).toEqual(['input.password']);
  });

  test('every problem’s message', () => {
    expect(validateNewUser({ email: 'nobody', password: 'short', displayName: ' ' }, ['input']).map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([
      'input.email: E-mail is not a valid address.',
      'input.displayName: Display name must have 1 to 100 characters.',
      'input.password: Password must have 10 to 200 characters.',
    ]);
  });

  test('an address must be the whole input, not merely begin with one', () => {
    expect(newUser({ email: 'li.wei@example.cn and more' })).toEqual(['input.email']);
    expect(newUser({ email: 'see li.wei@example.cn' })).toEqual(['input.email']);
  });

  test('e-mail look-up across tenants: the trimmed address goes to auth_user_id_by_email; no row or a null id is “not taken”', async () => {
    const calls: [string, unknown[]][] = [];
    const ctxAnswering = (rows: { id: string | null }[]) =>
      ({ uow: { em: { execute: async (sql: string, params: unknown[]) => (calls.push([sql, params]), rows) } } }) as unknown as RequestContext;
    expect(await userIdByEmail(ctxAnswering([{ id: 'u1' }]), '  li.wei@example.cn ')).toBe('u1');
    expect(calls).toEqual([['select auth_user_id_by_email(?) as id', ['li.wei@example.cn']]]);
    expect(await userIdByEmail(ctxAnswering([]), 'x@example.cn')).toBeNull();
    expect(await userIdByEmail(ctxAnswering([{ id: null }]), 'x@example.cn')).toBeNull();
    expect(await emailTaken(ctxAnswering([{ id: 'u1' }]), 'x@example.cn')).toBe(true);
    expect(await emailTaken(ctxAnswering([{ id: null }]), 'x@example.cn')).toBe(false);
  });
});
