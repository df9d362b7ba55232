import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { Organization, OrganizationKind, VerificationStatus } from './organization.entity.js';
import type { OrganizationPrivate } from './organization-private.entity.js';
import type { VendorProfile } from './vendor-profile.entity.js';

registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description: 'What an organization is on the marketplace.',
  valuesConfig: {
    MERCHANT: { description: 'Outsources its customer service; posts requirements.' },
    VENDOR: { description: 'A call-centre or online-service company; bids on requirements.' },
    AUDIT_FIRM: { description: 'Reads contracts and statements under a merchant’s audit grant.' },
  },
});
registerEnumType(VerificationStatus, {
  name: 'VerificationStatus',
  description: 'Whether the platform has checked the organization’s business licence.',
  valuesConfig: {
    PENDING: { description: 'Registered, not yet checked by the platform: it may not publish requirements, bid or sign contracts.' },
    VERIFIED: { description: 'The platform checked the business licence: it may take part in the marketplace.' },
    REJECTED: { description: 'The platform refused the registration; `verificationNote` says what to correct.' },
  },
});

export const ORGANIZATION_TYPE = 'Organization';

@ObjectType('Organization', { implements: Node, description: 'A merchant, vendor or audit firm: a tenant of the marketplace.' })
export class OrganizationNode extends Node {
  rawId!: string;

  @Field(() => OrganizationKind, { description: 'Merchant, vendor or audit firm.' })
  kind!: OrganizationKind;

  @Field({ description: 'Registered legal name (as on the business licence).' })
  legalName!: string;

  @Field({ description: 'Unified social credit code (统一社会信用代码), 18 characters.' })
  creditCode!: string;

  @Field(() => VerificationStatus, { description: 'Only VERIFIED organizations may publish requirements, bid or sign contracts.' })
  verificationStatus!: VerificationStatus;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the platform verified the organization.' })
  verifiedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the organization registered.' })
  createdAt!: Date;

  static of(entity: Organization): OrganizationNode {
    return Object.assign(new OrganizationNode(), {
      id: toGlobalId(ORGANIZATION_TYPE, entity.id),
      rawId: entity.id,
      kind: entity.kind,
      legalName: entity.legalName,
      creditCode: entity.creditCode,
      verificationStatus: entity.verificationStatus,
      verifiedAt: entity.verifiedAt ?? null,
      createdAt: entity.createdAt,
    });
  }
}

@ObjectType({ description: 'Contact details visible only to the organization itself and the platform administrators.' })
export class OrganizationPrivateProfile {
  @Field(() => String, { nullable: true, description: 'Contact person.' })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact e-mail.' })
  contactEmail!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact phone.' })
  contactPhone!: string | null;

  @Field(() => String, { nullable: true, description: 'Registered address.' })
  address!: string | null;

  @Field(() => String, { nullable: true, description: 'The platform’s note on its verification decision.' })
  verificationNote!: string | null;

  static of(entity: OrganizationPrivate | null, organization: Organization): OrganizationPrivateProfile {
    return Object.assign(new OrganizationPrivateProfile(), {
      contactName: entity?.contactName ?? null,
      contactEmail: entity?.contactEmail ?? null,
      contactPhone: entity?.contactPhone ?? null,
      address: entity?.address ?? null,
      verificationNote: organization.verificationNote ?? null,
    });
  }
}

@ObjectType('VendorProfile', { description: 'What a vendor offers; public to every signed-in organization.' })
export class VendorProfileType {
  @Field(() => Int, { description: 'Seats the vendor can staff.' })
  seatCapacity!: number;

  @Field(() => [String], { description: 'Channels served, e.g. PHONE, ONLINE_CHAT.' })
  channels!: string[];

  @Field(() => [String], { description: 'Languages served.' })
  languages!: string[];

  @Field(() => [String], { description: 'Certifications held, e.g. ISO 27001, COPC, CMMI.' })
  certifications!: string[];

  @Field(() => [String], { description: 'Regions served.' })
  serviceRegions!: string[];

  @Field(() => String, { nullable: true, description: 'Free-text presentation.' })
  description!: string | null;

  static of(entity: VendorProfile): VendorProfileType {
    return Object.assign(new VendorProfileType(), { ...entity, description: entity.description ?? null });
  }
}

@InputType('NewUserInput', { description: 'A new person’s account.' })
export class NewUserInputType {
  @Field({ description: 'E-mail, used to sign in.' })
  email!: string;

  @Field({ description: 'At least 10 characters.' })
  password!: string;

  @Field({ description: 'Name shown to colleagues.' })
  displayName!: string;
}

@InputType({ description: 'Private contact details; omitted fields stay as they are, null clears.' })
export class OrganizationContactInput {
  @Field(() => String, { nullable: true, description: 'Contact person.' })
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: 'Contact e-mail.' })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Contact phone.' })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Registered address.' })
  address?: string | null;
}

@InputType({ description: 'A new organization and its first owner.' })
export class OrganizationRegisterInput {
  @Field(() => OrganizationKind, { description: 'Merchant, vendor or audit firm.' })
  kind!: OrganizationKind;

  @Field({ description: 'Legal name as on the business licence.' })
  legalName!: string;

  @Field({ description: 'Unified social credit code; checked against its GB 32100-2015 check character.' })
  creditCode!: string;

  @Field(() => NewUserInputType, { description: 'The first owner’s account.' })
  owner!: NewUserInputType;

  @Field(() => OrganizationContactInput, { nullable: true, description: 'Private contact details.' })
  contact?: OrganizationContactInput | null;
}

export enum VerificationDecisionEnum {
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}
registerEnumType(VerificationDecisionEnum, {
  name: 'VerificationDecision',
  description: 'A platform administrator’s decision.',
  valuesConfig: {
    VERIFIED: { description: 'The business licence checks out: the organization becomes VERIFIED.' },
    REJECTED: { description: 'It does not: the organization becomes REJECTED, with a note saying what to correct.' },
  },
});

@InputType({ description: 'The decision after checking the business licence.' })
export class OrganizationVerifyInput {
  @Field(() => VerificationDecisionEnum, { description: 'Verified or rejected.' })
  decision!: VerificationDecisionEnum;

  @Field(() => String, { nullable: true, description: 'Required when rejecting: what to correct.' })
  note?: string | null;
}

@InputType({ description: 'A vendor’s offer; omitted fields stay as they are.' })
export class VendorProfileInput {
  @Field(() => Int, { nullable: true, description: 'Seats the vendor can staff.' })
  seatCapacity?: number | null;

  @Field(() => [String], { nullable: true, description: 'Channels served.' })
  channels?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Languages served.' })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Certifications held.' })
  certifications?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Regions served.' })
  serviceRegions?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Free-text presentation.' })
  description?: string | null;
}

@ObjectType({ description: 'Result of organizationRegister.' })
export class OrganizationRegisterPayload {
  @Field(() => OrganizationNode, { nullable: true, description: 'The new organization (PENDING verification).' })
  organization!: OrganizationNode | null;

  @Field(() => String, { nullable: true, description: 'A bearer token for the new owner, signed in to the new organization.' })
  token!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the token expires.' })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Refresh token: pass it to tokenRefresh for a new token. Single use; keep it secret.' })
  refreshToken!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the refresh token expires.' })
  refreshTokenExpiresAt!: Date | null;

  @Field(() => [UserError], { description: 'Why nothing was created, if so.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation that changes an organization.' })
export class OrganizationPayload {
  @Field(() => OrganizationNode, { nullable: true, description: 'The organization as changed.' })
  organization!: OrganizationNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of vendorProfileUpdate.' })
export class VendorProfilePayload {
  @Field(() => VendorProfileType, { nullable: true, description: 'The profile as changed.' })
  vendorProfile!: VendorProfileType | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}

@InputType({ description: 'Filters of the organization directory.' })
export class OrganizationFilter {
  @Field(() => OrganizationKind, { nullable: true, description: 'Only this kind.' })
  kind?: OrganizationKind | null;

  @Field(() => VerificationStatus, { nullable: true, description: 'Only this verification status.' })
  verificationStatus?: VerificationStatus | null;

  @Field(() => String, { nullable: true, description: 'Legal name contains this text (case-insensitive).' })
  nameContains?: string | null;
}
