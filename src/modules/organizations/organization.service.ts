import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { RequestContext } from '../../core/request-context.js';
import { DomainErrorCode, DomainErrors, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import { recordAudit } from '../audit/audit.service.js';
import { MembershipRole } from '../../core/roles.js';
import { hashPassword } from '../../auth/passwords.js';
import { Membership } from '../users/membership.entity.js';
import { User } from '../users/user.entity.js';
import { validateNewUser, type NewUserInput, emailTaken } from '../users/user.rules.js';
import { openSession, type SessionTokens } from '../users/session.service.js';
import { CREDIT_CODE_MESSAGES, creditCodeProblem, normalizeCreditCode } from './credit-code.js';
import { Organization, OrganizationKind, VerificationStatus } from './organization.entity.js';
import { OrganizationPrivate } from './organization-private.entity.js';
import { VendorProfile } from './vendor-profile.entity.js';
import { organizationById } from './organization.loaders.js';
import { invariant } from '../../core/invariant.js';
import { actAsMember } from '../../auth/act-as.js';

/** The bounds of a vendor profile. */
export const VENDOR_PROFILE_LIMITS = { seatCapacity: 100_000, listEntries: 50, entryLength: 100, descriptionLength: 5_000 } as const;

export interface ContactInput {
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  address?: string | null;
}

export interface RegisterOrganizationInput {
  kind: OrganizationKind;
  legalName: string;
  creditCode: string;
  owner: NewUserInput;
  contact?: ContactInput | null;
}

export interface Registration {
  organization: Organization;
  owner: User;
  session: SessionTokens;
}

function validateContact(contact: ContactInput | null | undefined, path: string[]): DomainProblem[] {
  const errors: DomainProblem[] = [];
  if (contact?.contactEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.contactEmail)) {
    errors.push(domainProblem(DomainErrorCode.INVALID, [...path, 'contactEmail'], 'Contact e-mail is not a valid address.'));
  }
  if (contact?.contactPhone && !/^\+?[0-9 -]{5,20}$/.test(contact.contactPhone)) {
    errors.push(domainProblem(DomainErrorCode.INVALID, [...path, 'contactPhone'], 'Contact phone may hold digits, spaces, "-" and a leading "+".'));
  }
  return errors;
}

const CREDIT_CODE_TAKEN = domainProblem(DomainErrorCode.CONFLICT, ['input', 'creditCode'], 'An organization with this credit code is already registered.');
const EMAIL_TAKEN = domainProblem(
  DomainErrorCode.CONFLICT,
  ['input', 'owner', 'email'],
  'An account with this e-mail exists: sign in and ask an owner to add you instead.',
);

/**
 * Signs up a new organization with its first owner. The organization starts PENDING until a platform
 * administrator has checked its business licence; the owner is signed in at once.
 */
export async function registerOrganization(ctx: RequestContext, input: RegisterOrganizationInput): Promise<Registration> {
  const creditCode = normalizeCreditCode(input.creditCode);
  const legalName = input.legalName.trim();
  const errors: DomainProblem[] = [];
  if (legalName.length < 2 || legalName.length > 200) {
    errors.push(domainProblem(DomainErrorCode.INVALID, ['input', 'legalName'], 'Legal name must have 2 to 200 characters.'));
  }
  const problem = creditCodeProblem(creditCode);
  if (problem) errors.push(domainProblem(DomainErrorCode.INVALID, ['input', 'creditCode'], CREDIT_CODE_MESSAGES[problem]));
  errors.push(...validateNewUser(input.owner, ['input', 'owner']));
  errors.push(...validateContact(input.contact, ['input', 'contact']));
  if (errors.length) throw new DomainErrors(errors);

  if (await emailTaken(ctx, input.owner.email)) throw new DomainErrors([EMAIL_TAKEN]);
  // The directory is invisible before sign-in: the look-up goes through a narrow definer function.
  const [{ taken }] = await ctx.uow.em.execute<{ taken: boolean }[]>('select auth_credit_code_taken(?) as taken', [creditCode]);
  if (taken) throw new DomainErrors([CREDIT_CODE_TAKEN]);

  const organization = Object.assign(new Organization(), { kind: input.kind, legalName, creditCode });
  const owner = Object.assign(new User(), {
    email: input.owner.email.trim(),
    displayName: input.owner.displayName.trim(),
    passwordHash: await hashPassword(input.owner.password),
  });
  // The new rows belong to the new tenant: act as its owner for the rest of the transaction.
  await actAsMember(ctx, { organizationId: organization.id, userId: owner.id, role: MembershipRole.OWNER });
  const membership = Object.assign(new Membership(), { organizationId: organization.id, userId: owner.id, role: MembershipRole.OWNER });
  const contact = Object.assign(new OrganizationPrivate(), { organizationId: organization.id, ...input.contact });
  ctx.uow.em.persist([organization, owner, membership, contact]);
  if (organization.kind === OrganizationKind.VENDOR) {
    ctx.uow.em.persist(Object.assign(new VendorProfile(), { organizationId: organization.id }));
  }
  try {
    await ctx.uow.em.flush();
  } catch (error) {
    // Two registrations racing on one code or e-mail: the unique indexes decide.
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainErrors([/credit_code/.test(error.message) ? CREDIT_CODE_TAKEN : EMAIL_TAKEN]);
    }
    throw error;
  }
  const audit = { organizationId: organization.id, actorUserId: owner.id };
  recordAudit(ctx, {
    ...audit,
    action: 'organization.register',
    entityType: 'Organization',
    entityId: organization.id,
    after: { kind: organization.kind, legalName, creditCode },
  });
  recordAudit(ctx, {
    ...audit,
    action: 'membership.create',
    entityType: 'Membership',
    entityId: membership.id,
    after: { userId: owner.id, role: membership.role },
  });
  const session = await openSession(ctx, {
    userId: owner.id,
    organizationId: organization.id,
    organizationKind: organization.kind,
    role: MembershipRole.OWNER,
  });
  return { organization, owner, session };
}

export interface VerificationDecision {
  status: VerificationStatus.VERIFIED | VerificationStatus.REJECTED;
  note?: string | null;
}

/** A platform administrator's decision after checking the business licence. */
export async function verifyOrganization(ctx: RequestContext, organizationId: string | null, decision: VerificationDecision): Promise<Organization> {
  const organization = organizationId ? await organizationById(ctx).load(organizationId) : null;
  if (!organization) throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such organization.')]);
  if (decision.status === VerificationStatus.REJECTED && !decision.note?.trim()) {
    throw new DomainErrors([
      domainProblem(DomainErrorCode.INVALID, ['input', 'note'], 'Say why the organization is rejected, so it can correct its documents.'),
    ]);
  }
  const before = { verificationStatus: organization.verificationStatus, verificationNote: organization.verificationNote };
  organization.verificationStatus = decision.status;
  organization.verificationNote = decision.note?.trim() || null;
  organization.verifiedAt = decision.status === VerificationStatus.VERIFIED ? ctx.clock.now() : null;
  recordAudit(ctx, {
    organizationId: organization.id,
    action: 'organization.verify',
    entityType: 'Organization',
    entityId: organization.id,
    before,
    after: { verificationStatus: organization.verificationStatus, verificationNote: organization.verificationNote },
  });
  return organization;
}

/** The owner updates the organization's private contact details. */
export async function updateContact(ctx: RequestContext, organizationId: string | null, input: ContactInput): Promise<Organization> {
  const viewer = ctx.viewer;
  const organization = organizationId ? await organizationById(ctx).load(organizationId) : null;
  if (!organization || viewer.kind !== 'member' || viewer.organizationId !== organization.id) {
    throw new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such organization.')]);
  }
  const errors = validateContact(input, ['input']);
  if (errors.length) throw new DomainErrors(errors);
  const contact =
    (await ctx.uow.em.findOne(OrganizationPrivate, { organizationId: organization.id })) ??
    Object.assign(new OrganizationPrivate(), { organizationId: organization.id });
  const before = { contactName: contact.contactName, contactEmail: contact.contactEmail, contactPhone: contact.contactPhone, address: contact.address };
  for (const key of ['contactName', 'contactEmail', 'contactPhone', 'address'] as const) {
    if (input[key] !== undefined) contact[key] = input[key]?.trim() || null;
  }
  ctx.uow.em.persist(contact);
  // Contact details are personal data: the audit log records which fields changed, not their values.
  const changed = Object.keys(before).filter((key) => before[key as keyof typeof before] !== contact[key as keyof typeof before]);
  recordAudit(ctx, {
    action: 'organization.contact.update',
    entityType: 'Organization',
    entityId: organization.id,
    after: Object.fromEntries(changed.map((key) => [key, '(changed)'])),
  });
  return organization;
}

export interface VendorProfileInput {
  seatCapacity?: number | null;
  channels?: string[] | null;
  languages?: string[] | null;
  certifications?: string[] | null;
  serviceRegions?: string[] | null;
  description?: string | null;
}

function cleanList(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

/** A vendor describes what it offers (public to every signed-in organization). */
export async function updateVendorProfile(ctx: RequestContext, input: VendorProfileInput): Promise<VendorProfile> {
  const viewer = ctx.viewer;
  invariant(viewer.kind === 'member', 'vendorProfileUpdate needs a member viewer');
  const errors: DomainProblem[] = [];
  if (
    input.seatCapacity != null &&
    (!Number.isInteger(input.seatCapacity) || input.seatCapacity < 0 || input.seatCapacity > VENDOR_PROFILE_LIMITS.seatCapacity)
  ) {
    errors.push(
      domainProblem(
        DomainErrorCode.INVALID,
        ['input', 'seatCapacity'],
        `Seat capacity must be a whole number from 0 to ${VENDOR_PROFILE_LIMITS.seatCapacity.toLocaleString('en-US')}.`,
      ),
    );
  }
  for (const key of ['channels', 'languages', 'certifications', 'serviceRegions'] as const) {
    const list = input[key];
    if (list && (list.length > VENDOR_PROFILE_LIMITS.listEntries || list.some((v) => v.length > VENDOR_PROFILE_LIMITS.entryLength))) {
      errors.push(
        domainProblem(
          DomainErrorCode.INVALID,
          ['input', key],
          `At most ${VENDOR_PROFILE_LIMITS.listEntries} entries of at most ${VENDOR_PROFILE_LIMITS.entryLength} characters each.`,
        ),
      );
    }
  }
  if (input.description && input.description.length > VENDOR_PROFILE_LIMITS.descriptionLength) {
    errors.push(
      domainProblem(
        DomainErrorCode.INVALID,
        ['input', 'description'],
        `Description may have at most ${VENDOR_PROFILE_LIMITS.descriptionLength.toLocaleString('en-US')} characters.`,
      ),
    );
  }
  if (errors.length) throw new DomainErrors(errors);
  const profile =
    (await ctx.uow.em.findOne(VendorProfile, { organizationId: viewer.organizationId })) ??
    Object.assign(new VendorProfile(), { organizationId: viewer.organizationId });
  const before = { ...profile };
  if (input.seatCapacity != null) profile.seatCapacity = input.seatCapacity;
  for (const key of ['channels', 'languages', 'certifications', 'serviceRegions'] as const) {
    const list = input[key];
    if (list) profile[key] = cleanList(list);
  }
  if (input.description !== undefined) profile.description = input.description?.trim() || null;
  ctx.uow.em.persist(profile);
  const { updatedAt: _b, ...beforeFields } = before;
  const { updatedAt: _a, ...afterFields } = profile;
  recordAudit(ctx, { action: 'vendorProfile.update', entityType: 'VendorProfile', entityId: viewer.organizationId, before: beforeFields, after: afterFields });
  return profile;
}
