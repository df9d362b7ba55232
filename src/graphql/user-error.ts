import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DomainErrorCode, type DomainProblem } from '../core/domain-error.js';

/** The domain's codes, as the GraphQL enum clients see. */
export { DomainErrorCode as UserErrorCode };

registerEnumType(DomainErrorCode, {
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

  @Field(() => DomainErrorCode, { description: 'Machine-readable reason.' })
  code!: DomainErrorCode;

  @Field({ description: 'Human-readable explanation.' })
  message!: string;
}

/** A domain problem as the payload's `userErrors` entry: the one mapping from the domain to GraphQL. */
export function toUserError(problem: DomainProblem): UserError {
  return Object.assign(new UserError(), { code: problem.code, field: problem.path, message: problem.message });
}
