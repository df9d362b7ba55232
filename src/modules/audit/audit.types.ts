import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../graphql/connection.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import type { AuditEvent } from './audit-event.entity.js';

@ObjectType('AuditEvent', { description: 'One entry of the append-only audit log.' })
export class AuditEventType {
  @Field(() => ID, { description: 'Sequence number of the event.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field({ description: 'What was done, e.g. "membership.role.change".' })
  action!: string;

  @Field({ description: 'Type of the object changed.' })
  entityType!: string;

  @Field({ description: 'Raw id of the object changed.' })
  entityId!: string;

  @Field(() => String, { nullable: true, description: 'Raw id of the person who acted, if a person did.' })
  actorUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'Raw id of the API key that acted, if a machine did.' })
  actorApiKeyId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Changed fields: { field: { before, after } }.' })
  changes!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Request id (also in the server logs).' })
  requestId!: string | null;

  static of(entity: AuditEvent): AuditEventType {
    return Object.assign(new AuditEventType(), {
      id: String(entity.id),
      occurredAt: entity.occurredAt,
      action: entity.action,
      entityType: entity.entityType,
      entityId: entity.entityId,
      actorUserId: entity.actorUserId ?? null,
      actorApiKeyId: entity.actorApiKeyId ?? null,
      changes: entity.changes,
      requestId: entity.requestId ?? null,
    });
  }
}

export const AuditEventConnection = ConnectionType(AuditEventType, 'AuditEvent');

@InputType({ description: 'Filters of the audit log.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Only this action.' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only objects of this type.' })
  entityType?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this object (raw id).' })
  entityId?: string | null;
}
