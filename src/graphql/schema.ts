import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, type GraphQLNamedType } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray } from 'type-graphql';
import { Money } from './money.js';
import { NodeResolver } from './node.resolver.js';
import { PermissionGuard } from './permission.js';
import { DateScalar, DateTimeScalar, DecimalScalar, TimeZoneScalar, YearMonthScalar } from './scalars.js';
import { ApiKeyResolver } from '../modules/api-keys/api-key.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { CalendarResolver } from '../modules/calendar/calendar.resolver.js';
import { BidComparisonEntryResolver, BidResolver, RequirementBidsResolver } from '../modules/bids/bid.resolver.js';
import { ContractResolver } from '../modules/contracts/contract.resolver.js';
import { RequirementQuestionResolver, RequirementResolver } from '../modules/requirements/requirement.resolver.js';
import { OrganizationResolver } from '../modules/organizations/organization.resolver.js';
import { MembershipResolver, OrganizationMembersResolver, ViewerResolver } from '../modules/users/user.resolver.js';

const RESOLVERS: NonEmptyArray<ClassType> = [
  NodeResolver,
  OrganizationResolver,
  ViewerResolver,
  OrganizationMembersResolver,
  MembershipResolver,
  ApiKeyResolver,
  AuditResolver,
  RequirementResolver,
  RequirementQuestionResolver,
  RequirementBidsResolver,
  BidComparisonEntryResolver,
  BidResolver,
  ContractResolver,
  CalendarResolver,
];

/** Scalars that later domains use; declared now so clients can generate types against a stable set. */
const SHARED_SCALARS: GraphQLNamedType[] = [DecimalScalar, DateScalar, DateTimeScalar, YearMonthScalar, TimeZoneScalar];

let cached: Promise<GraphQLSchema> | undefined;

export function buildApiSchema(): Promise<GraphQLSchema> {
  cached ??= (async () => {
    const schema = await buildSchema({
      resolvers: RESOLVERS,
      orphanedTypes: [Money],
      globalMiddlewares: [PermissionGuard],
      validate: false,
      emitSchemaFile: false,
    });
    const query = schema.getQueryType();
    const mutation = schema.getMutationType();
    if (query) query.description = 'Everything you can read: start from `viewer`, fetch any object with `node(id:)`, or list requirements, bids, contracts and the audit log.';
    if (mutation) mutation.description = 'Everything you can change. Each mutation returns a payload with the changed object and `userErrors`; repeat one safely with an `Idempotency-Key` header.';
    const config = schema.toConfig();
    const known = new Set(config.types.map((type) => type.name));
    return new GraphQLSchema({ ...config, types: [...config.types, ...SHARED_SCALARS.filter((s) => !known.has(s.name))] });
  })();
  return cached;
}

export function sortedSchema(schema: GraphQLSchema): GraphQLSchema {
  return lexicographicSortSchema(schema);
}
