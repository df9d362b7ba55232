import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { DomainErrorCode, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';

/** The longest display name. */
export const DISPLAY_NAME_MAX_LENGTH = 100;

export interface NewUserInput {
  email: string;
  password: string;
  displayName: string;
}

export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function passwordProblems(password: string, path: string[]): DomainProblem[] {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 200) {
    return [domainProblem(DomainErrorCode.INVALID, path, `Password must have ${MIN_PASSWORD_LENGTH} to 200 characters.`)];
  }
  return [];
}

export function validateNewUser(input: NewUserInput, path: string[]): DomainProblem[] {
  const errors: DomainProblem[] = [];
  if (!EMAIL_PATTERN.test(input.email.trim())) errors.push(domainProblem(DomainErrorCode.INVALID, [...path, 'email'], 'E-mail is not a valid address.'));
  const name = input.displayName.trim();
  if (name.length < 1 || name.length > DISPLAY_NAME_MAX_LENGTH)
    errors.push(domainProblem(DomainErrorCode.INVALID, [...path, 'displayName'], `Display name must have 1 to ${DISPLAY_NAME_MAX_LENGTH} characters.`));
  errors.push(...passwordProblems(input.password, [...path, 'password']));
  return errors;
}

/** Looks across tenants through a narrow SECURITY DEFINER function (users are not tenant-scoped). */
export async function userIdByEmail(ctx: RequestContext, email: string): Promise<string | null> {
  const [row] = await ctx.uow.em.execute<{ id: string | null }[]>('select auth_user_id_by_email(?) as id', [email.trim()]);
  return row?.id ?? null;
}

export async function emailTaken(ctx: RequestContext, email: string): Promise<boolean> {
  return (await userIdByEmail(ctx, email)) !== null;
}
