import 'reflect-metadata';
import { EMAIL_PATTERN, passwordProblems, validateNewUser } from '../../src/modules/users/user.rules.js';

/** New users' details (user.rules.ts), at their bounds. */

describe('user.rules', () => {
  const newUser = (overrides: Record<string, string>) => validateNewUser({ email: 'li.wei@example.cn', password: 'long-enough-1', displayName: 'Li Wei', ...overrides }, ['input']).map((e) => e.field.join('.'));

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
    expect(passwordProblems('x'.repeat(9), ['p']).map((e) => [e.code, e.field, e.message])).toEqual([['INVALID', ['p'], 'Password must have 10 to 200 characters.']]);
    expect(passwordProblems('x'.repeat(201), ['p'])).toHaveLength(1);
    expect(newUser({ password: 'short' })).toEqual(['input.password']);
  });
});
