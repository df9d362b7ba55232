import { Field, InputType, ObjectType } from 'type-graphql';
import { MembershipRole } from '../../core/roles.js';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import type { ApiKey } from './api-key.entity.js';

export const API_KEY_TYPE = 'ApiKey';

@ObjectType('ApiKey', {
  implements: Node,
  description: 'A machine client’s credential (e.g. a call-centre system reporting usage). The secret is never shown again.',
})
export class ApiKeyNode extends Node {
  @Field({ description: 'What the key is for.' })
  name!: string;

  @Field(() => MembershipRole, { description: 'The role the key acts with.' })
  role!: MembershipRole;

  @Field({ description: 'First characters of the secret (kefu_<prefix>_…), to recognise it.' })
  prefix!: string;

  @Field(() => DateTimeScalar, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; a revoked key authenticates nothing.' })
  revokedAt!: Date | null;

  static of(entity: ApiKey): ApiKeyNode {
    return Object.assign(new ApiKeyNode(), {
      id: toGlobalId(API_KEY_TYPE, entity.id),
      name: entity.name,
      role: entity.role,
      prefix: entity.prefix,
      createdAt: entity.createdAt,
      revokedAt: entity.revokedAt ?? null,
    });
  }
}

export const ApiKeyConnection = ConnectionType(ApiKeyNode, 'ApiKey');

@InputType({ description: 'A new API key.' })
export class ApiKeyCreateInput {
  @Field({ description: 'What the key is for, e.g. "CTI usage feed".' })
  name!: string;

  @Field(() => MembershipRole, { description: 'The role it acts with (not OWNER).' })
  role!: MembershipRole;
}

@ObjectType({ description: 'Result of apiKeyCreate.' })
export class ApiKeyCreatePayload {
  @Field(() => ApiKeyNode, { nullable: true, description: 'The new key.' })
  apiKey!: ApiKeyNode | null;

  @Field(() => String, { nullable: true, description: 'The secret, for the `X-Api-Key` header. Shown only now: store it safely.' })
  secret!: string | null;

  @Field(() => [UserError], { description: 'Why no key was created, if so.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of apiKeyRevoke.' })
export class ApiKeyPayload {
  @Field(() => ApiKeyNode, { nullable: true, description: 'The key as changed.' })
  apiKey!: ApiKeyNode | null;

  @Field(() => [UserError], { description: 'Why nothing changed, if so.' })
  userErrors!: UserError[];
}
