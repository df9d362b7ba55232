import { InvariantViolation, invariant } from '../../src/core/invariant.js';
import { createErrorFormatter } from '../../src/graphql/errors.js';

test('a broken invariant throws InvariantViolation; the API masks it as an internal error and reports it', () => {
  expect(() => invariant(false, 'bid without its latest revision')).toThrow(InvariantViolation);
  expect(() => invariant(1, 'holds')).not.toThrow();
  const reported: unknown[] = [];
  const format = createErrorFormatter((error) => reported.push(error));
  let thrown: unknown;
  try {
    invariant(null, 'bid without its latest revision');
  } catch (error) {
    thrown = error;
  }
  expect(format({ message: 'bid without its latest revision' }, thrown)).toEqual({
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  expect(reported).toEqual([thrown]);
});
