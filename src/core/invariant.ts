/**
 * A condition the code relies on and no input can break: when it fails, it is a bug, reported as an
 * internal error (masked for clients, logged for operators) — the one way the code signals it,
 * instead of `throw new Error`, non-null assertions and silent nulls in turn.
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

/** `message` may be a function, so that hot paths build it only when the invariant fails. */
export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantViolation(typeof message === 'function' ? message() : message);
}
