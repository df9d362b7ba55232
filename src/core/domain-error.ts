import { TransitionRefused } from './state-machine.js';

/** Why a use case could not do what was asked: business outcomes, reported to the client as data. */
export enum DomainErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_STATE = 'INVALID_STATE',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  NOT_VERIFIED = 'NOT_VERIFIED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  SESSION_ENDED = 'SESSION_ENDED',
}

/** One business reason, with the path of the input at fault (empty when no field is). */
export interface DomainProblem {
  code: DomainErrorCode;
  path: string[];
  message: string;
}

export function domainProblem(code: DomainErrorCode, path: string[], message: string): DomainProblem {
  return { code, path, message };
}

/**
 * Thrown by a service to abandon a use case; the mutation's savepoint is rolled back and the GraphQL
 * layer reports the problems as the payload's `userErrors` (src/graphql/mutation.ts, in one place).
 */
export class DomainErrors extends Error {
  constructor(readonly problems: DomainProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** A use case's answer when its failures must not roll anything back: the value, or the problems. */
export interface Outcome<T> {
  result: T | null;
  problems: DomainProblem[];
}

/** A state machine's refusal as a business outcome (its code when it is one, else INVALID_STATE). */
export function refusedTransition(refused: TransitionRefused, path: string[] = ['id']): DomainErrors {
  const code = (Object.values(DomainErrorCode) as string[]).includes(refused.code) ? (refused.code as DomainErrorCode) : DomainErrorCode.INVALID_STATE;
  return new DomainErrors([domainProblem(code, path, refused.message)]);
}

/** Runs a state-machine step, turning a refusal into DomainErrors. */
export function transitionOrFail<T>(step: () => T, path: string[] = ['id']): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof TransitionRefused) throw refusedTransition(error, path);
    throw error;
  }
}
