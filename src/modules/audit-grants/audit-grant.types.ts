import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import type { AuditGrant } from './audit-grant.entity.js';
import { MAX_GRANT_CONTRACTS } from './audit-grant.model.js';

export const AUDIT_GRANT_TYPE = 'AuditGrant';

@ObjectType('AuditGrant', {
  implements: Node,
  description:
    'A merchant’s grant of read access to an audit firm: the contracts covered (all, or those listed), their terms in force, the evidence statements are computed from and the contracts’ audit events, for the days of the grant. Never changed; revoked at once and for good.',
})
export class AuditGrantNode extends Node {
  rawId!: string;
  merchantRawId!: string;
  auditFirmRawId!: string;
  contractRawIds!: string[] | null;
  createdByRawId!: string;
  revokedByRawId!: string | null;

  @Field({ description: 'Whether it covers every contract of the merchant, those made later included (then `contracts` is empty).' })
  allContracts!: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'First day covered (inclusive); null: from the start.' })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day covered (inclusive); null: without end.' })
  validTo!: string | null;

  @Field({ description: 'Whether it is in force (not revoked).' })
  active!: boolean;

  @Field(() => DateTimeScalar, { description: 'When the merchant granted it.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the merchant revoked it; from then on the audit firm reads nothing through it.' })
  revokedAt!: Date | null;

  // merchant, auditFirm, contracts, createdBy, revokedBy: AuditGrantResolver.

  static of(entity: AuditGrant): AuditGrantNode {
    return Object.assign(new AuditGrantNode(), {
      id: toGlobalId(AUDIT_GRANT_TYPE, entity.id),
      rawId: entity.id,
      merchantRawId: entity.merchantId,
      auditFirmRawId: entity.auditFirmId,
      contractRawIds: entity.contractIds,
      createdByRawId: entity.createdBy,
      revokedByRawId: entity.revokedBy ?? null,
      allContracts: entity.contractIds === null,
      validFrom: entity.validFrom ?? null,
      validTo: entity.validTo ?? null,
      active: entity.revokedAt == null,
      createdAt: entity.createdAt,
      revokedAt: entity.revokedAt ?? null,
    });
  }
}

export const AuditGrantConnection = ConnectionType(AuditGrantNode, 'AuditGrant');

@InputType({ description: 'What a merchant grants an audit firm.' })
export class AuditGrantCreateInput {
  @Field(() => ID, { description: 'Global ID of the audit firm (a verified AUDIT_FIRM organization).' })
  auditFirmId!: string;

  @Field(() => [ID], {
    nullable: true,
    description: `Global IDs of your contracts to grant (1 to ${MAX_GRANT_CONTRACTS}); omit for every contract of yours, those made later included.`,
  })
  contractIds?: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day covered (inclusive; Asia/Shanghai for the audit log’s instants); omit for no start.' })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day covered (inclusive), not before validFrom; omit for no end.' })
  validTo?: string | null;
}

@InputType({ description: 'Which audit grants to list.' })
export class AuditGrantFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: grants in force only; false: revoked ones only; omitted: all.' })
  active?: boolean | null;
}

@ObjectType({ description: 'Result of auditGrantCreate and auditGrantRevoke.' })
export class AuditGrantPayload {
  @Field(() => AuditGrantNode, { nullable: true, description: 'The grant, as it stands after the change.' })
  auditGrant!: AuditGrantNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
