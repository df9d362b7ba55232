import { createUnionType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../graphql/connection.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { ApiKeyNode } from '../api-keys/api-key.types.js';
import { UserNode } from '../users/user.types.js';
import type { AuditEvent } from './audit-event.entity.js';
import { AuditLogScope } from './audit.model.js';

registerEnumType(AuditLogScope, {
  name: 'AuditLogScope',
  description: 'Which audit log to list.',
  valuesConfig: {
    OWN: { description: 'Your organization’s own log: what its members, API keys and scheduled jobs acting for it did.' },
    GRANTED: {
      description:
        'Audit firms: the events of the contracts merchants’ unrevoked audit grants to your firm cover (whichever party acted), on the grants’ days (Asia/Shanghai).',
    },
  },
});

export const AUDIT_EVENT_TYPE = 'AuditEvent';

export const AuditActor = createUnionType({
  name: 'AuditActor',
  description: 'Who did something: a person (User) or a machine client (ApiKey).',
  types: () => [UserNode, ApiKeyNode] as const,
});

@ObjectType('AuditEvent', { implements: Node, description: 'One entry of the append-only audit log.' })
export class AuditEventNode extends Node {
  rawId!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field({ description: 'What was done, e.g. "membership.role.change".' })
  action!: string;

  @Field({
    description:
      'Type of the object changed: the GraphQL type name for objects of the API (e.g. "Bid"), or another record ("VendorProfile", "CalendarNotice").',
  })
  entityType!: string;

  @Field({ description: 'Raw id of the object changed (a uuid; the year for a CalendarNotice; the organization’s id for a VendorProfile). Prefer `entity`.' })
  entityId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Raw id of the person who acted, if a person did. Prefer `actor`; this stays when the person is no longer visible to you.',
  })
  actorUserId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Raw id of the API key that acted, if a machine did. Prefer `actor`; this stays when the key is not visible to you.',
  })
  actorApiKeyId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Changed fields: { field: { before, after } }.' })
  changes!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Request id (also in the server logs).' })
  requestId!: string | null;

  contractRawId!: string | null;

  // actor, entity, contract: AuditEventResolver (per-request DataLoaders through the node fetchers).

  static of(entity: AuditEvent): AuditEventNode {
    const rawId = String(entity.id);
    return Object.assign(new AuditEventNode(), {
      id: toGlobalId(AUDIT_EVENT_TYPE, rawId),
      rawId,
      occurredAt: entity.occurredAt,
      action: entity.action,
      entityType: entity.entityType,
      entityId: entity.entityId,
      actorUserId: entity.actorUserId ?? null,
      actorApiKeyId: entity.actorApiKeyId ?? null,
      changes: entity.changes,
      requestId: entity.requestId ?? null,
      contractRawId: entity.contractId ?? null,
    });
  }
}

export const AuditEventConnection = ConnectionType(AuditEventNode, 'AuditEvent');

@InputType({ description: 'Filters of the audit log.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Only this action.' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only objects of this type.' })
  entityType?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this object (raw id).' })
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only what this person did (raw id, as in `actorUserId`).' })
  actorUserId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only events about this contract (global ID): its lifecycle, amendments, usage, KPIs, incidents and inspections.',
  })
  contractId?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only events at or after this instant.' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Only events before this instant.' })
  to?: Date | null;

  @Field(() => AuditLogScope, {
    nullable: true,
    description: 'Which log: GRANTED by default for an audit firm’s auditors, OWN for everyone else (an audit firm’s owner may ask for GRANTED).',
  })
  scope?: AuditLogScope | null;
}
