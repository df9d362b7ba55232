import { CostBudget } from '../../src/graphql/cost-budget.js';

test('a caller spends up to its budget per one-minute window; other callers and the next window start afresh', () => {
  let now = 120_000;
  const budget = new CostBudget(100, () => now);
  expect(budget.take('org:a', 60)).toEqual({ allowed: true, remaining: 40, resetInSeconds: 60 });
  expect(budget.take('org:a', 50)).toEqual({ allowed: false, remaining: 40, resetInSeconds: 60 });
  expect(budget.take('org:b', 100).allowed).toBe(true);
  now += 59_000;
  expect(budget.take('org:a', 40)).toEqual({ allowed: true, remaining: 0, resetInSeconds: 1 });
  now += 1_000;
  expect(budget.take('org:a', 100)).toEqual({ allowed: true, remaining: 0, resetInSeconds: 60 });
});
