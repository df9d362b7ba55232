import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { TransitionRefused } from '../core/state-machine.js';

export enum UserErrorCode {
  INVALID = 'INVALID',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_STATE = 'INVALID_STATE',
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  NOT_VERIFIED = 'NOT_VERIFIED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  SESSION_ENDED = 'SESSION_ENDED',
}
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation could not do what was asked.',
  valuesConfig: {
    INVALID: { description: 'A value is malformed or out of range.' },
    NOT_FOUND: { description: 'The object does not exist or is not visible to you.' },
    CONFLICT: { description: 'Something already exists or was changed concurrently.' },
    INVALID_STATE: { description: 'The object is not in a state that allows this action.' },
    DEADLINE_PASSED: { description: 'The deadline for this action has passed.' },
    NOT_VERIFIED: { description: 'The organization must be verified by the platform first.' },
    INVALID_CREDENTIALS: { description: 'The e-mail and password do not match an account.' },
    SESSION_ENDED: { description: 'The refresh token is unknown, expired or already used, or its session has ended: sign in again.' },
  },
});

@ObjectType({ description: 'A business reason why a mutation did not (fully) succeed.' })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field at fault, e.g. ["input", "creditCode"]; empty when no field is.' })
  field!: string[];

  @Field(() => UserErrorCode, { description: 'Machine-readable reason.' })
  code!: UserErrorCode;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;
}

export function userError(code: UserErrorCode, field: string[], message: string): UserError {
  return Object.assign(new UserError(), { code, field, message });
}

/** Thrown inside a service to abandon a use case with userErrors; the mutation's savepoint is rolled back. */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** A refused state transition as the payload's userErrors (its code when it is one, else INVALID_STATE). */
export function refusedTransition(refused: TransitionRefused, field: string[] = ['id']): UserErrors {
  const code = (Object.values(UserErrorCode) as string[]).includes(refused.code) ? (refused.code as UserErrorCode) : UserErrorCode.INVALID_STATE;
  return new UserErrors([userError(code, field, refused.message)]);
}

/** Runs a state-machine step (`check` or `apply`), turning a refusal into userErrors on `field`. */
export function transitionOrUserErrors<T>(step: () => T, field: string[] = ['id']): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof TransitionRefused) throw refusedTransition(error, field);
    throw error;
  }
}
