import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, InputType, Field, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import type { NodeFetcher } from '../../core/module.js';
import type { RequestContext } from '../../core/request-context.js';
import { invariant } from '../../core/invariant.js';
import { KeysetConnectionArgs, keysetWindow, toKeysetConnection } from '../../graphql/connection.js';
import { idOfType } from '../../graphql/global-id.js';
import { mutationResult } from '../../graphql/mutation.js';
import { Money } from '../../graphql/money.js';
import { Permission } from '../../graphql/permission.js';
import { YearMonthScalar } from '../../graphql/scalars.js';
import { contractById } from '../contracts/contract.loaders.js';
import { CONTRACT_TYPE, ContractNode } from '../contracts/contract.types.js';
import { partyOf } from '../contracts/contract-lifecycle.service.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { generateStatement, previewStatement, recomputeStatement } from './statement-generation.service.js';
import { confirmStatement, disputeStatement, issueStatement, recordPayment, reviseStatement } from './statement-lifecycle.service.js';
import { disputesByStatement, linesByStatement, paymentsByStatement, statementById, versionsByContractMonth } from './statement.loaders.js';
import { StatementStatus } from './statement.model.js';
import { STATEMENT_PERMISSIONS } from './statement.permissions.js';
import { STATEMENT_LIST_ORDER, listStatements } from './statement.queries.js';
import {
  STATEMENT_TYPE,
  StatementConnection,
  StatementDisputeInput,
  StatementGeneratePayload,
  StatementLineDifferenceType,
  StatementLineDisputeType,
  StatementLineType,
  StatementNode,
  StatementPayload,
  StatementPaymentInput,
  StatementPaymentType,
  StatementPreviewType,
  StatementRecomputationType,
} from './statement.types.js';

export const fetchStatementNode: NodeFetcher = async (ctx, id) => {
  const statement = await statementById(ctx).load(id);
  return statement && StatementNode.of(statement, ctx.clock.now());
};

const statementId = (id: string) => idOfType(id, STATEMENT_TYPE);

@InputType('StatementFilter', { description: 'Which statements to list.' })
export class StatementFilter {
  @Field(() => ID, { nullable: true, description: 'Only this contract’s (global ID).' }) contractId?: string | null;
  @Field(() => YearMonthScalar, { nullable: true, description: 'Only this month’s.' }) month?: string | null;
  @Field(() => StatementStatus, { nullable: true, description: 'Only those in this status (as read: DEEMED_CONFIRMED once its moment has passed).' })
  status?: StatementStatus | null;
  @Field(() => Boolean, { nullable: true, description: 'Also superseded versions (default false; always true when filtering by status SUPERSEDED).' })
  includeSuperseded?: boolean | null;
}

@Resolver(() => StatementNode)
export class StatementFieldsResolver {
  @FieldResolver(() => ContractNode, { description: 'The contract billed.' })
  async contract(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<ContractNode> {
    const contract = await contractById(ctx).load(statement.contractRawId);
    invariant(contract, 'a statement visible without its contract');
    return ContractNode.of(contract, ctx.clock.now());
  }

  @FieldResolver(() => [StatementLineType], { description: 'The lines, in order: service charges, deductions, fees.' })
  async lines(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<StatementLineType[]> {
    return (await linesByStatement(ctx).load(statement.rawId)).map(StatementLineType.ofRow);
  }

  @FieldResolver(() => [StatementLineDisputeType], { description: 'The merchant’s reasons, per disputed line (empty unless disputed).' })
  async disputes(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<StatementLineDisputeType[]> {
    return (await disputesByStatement(ctx).load(statement.rawId)).map(StatementLineDisputeType.of);
  }

  @FieldResolver(() => [StatementPaymentType], { description: 'Payments recorded, by date.' })
  async payments(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<StatementPaymentType[]> {
    return (await paymentsByStatement(ctx).load(statement.rawId)).map(StatementPaymentType.of);
  }

  @FieldResolver(() => [StatementNode], { description: 'Every version of this month’s statement, oldest first (this one included).' })
  async versions(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<StatementNode[]> {
    const now = ctx.clock.now();
    return (await versionsByContractMonth(ctx).load(`${statement.contractRawId}/${statement.month}`)).map((s) => StatementNode.of(s, now));
  }

  @FieldResolver(() => StatementNode, { nullable: true, description: 'The disputed version this one revises.' })
  async revisionOf(@Ctx() ctx: RequestContext, @Root() statement: StatementNode): Promise<StatementNode | null> {
    const previous = statement.revisionOfRawId ? await statementById(ctx).load(statement.revisionOfRawId) : null;
    return previous && StatementNode.of(previous, ctx.clock.now());
  }
}

@Resolver(() => ContractNode)
export class ContractStatementsResolver {
  @FieldResolver(() => StatementConnection, { description: 'The contract’s statements, newest month first (superseded versions left out).' })
  @Permission(STATEMENT_PERMISSIONS.statementRead)
  async statements(@Ctx() ctx: RequestContext, @Root() contract: ContractNode, @Args() args: KeysetConnectionArgs, @Info() info: GraphQLResolveInfo) {
    const window = keysetWindow(args, STATEMENT_LIST_ORDER, info);
    const now = ctx.clock.now();
    return toKeysetConnection(await listStatements(ctx, { contractId: contract.rawId }, window), window, (s) => StatementNode.of(s, now));
  }

  @FieldResolver(() => StatementPreviewType, {
    nullable: true,
    description: 'The running figures of a month (the current month by default) from the facts recorded so far: for the two parties, stored nowhere.',
  })
  @Permission(STATEMENT_PERMISSIONS.statementRead)
  async statementPreview(
    @Ctx() ctx: RequestContext,
    @Root() node: ContractNode,
    @Arg('month', () => YearMonthScalar, { nullable: true, description: 'The month, e.g. "2026-11"; the contract’s current month when omitted.' })
    month: string | null,
  ): Promise<StatementPreviewType | null> {
    const contract = await contractById(ctx).load(node.rawId);
    if (!contract || !partyOf(contract, actingOrganizationId(ctx.viewer))) return null;
    const preview = await previewStatement(ctx, contract, month);
    return StatementPreviewType.of(preview.month, preview.computation);
  }
}

@Resolver()
export class StatementResolver {
  @Query(() => StatementConnection, {
    description:
      'Statements you may read, newest month first: your contracts’ (either party), or, for an auditor, those a merchant granted your firm. Keyset cursors: forward (first/after) or backward (last/before).',
  })
  @Permission(STATEMENT_PERMISSIONS.statementRead)
  async statements(
    @Ctx() ctx: RequestContext,
    @Args() args: KeysetConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Which statements; all you may read when omitted.' }) filter: StatementFilter | null,
  ) {
    const window = keysetWindow(args, STATEMENT_LIST_ORDER, info);
    const now = ctx.clock.now();
    const contractId = filter?.contractId != null ? (idOfType(filter.contractId, CONTRACT_TYPE) ?? '00000000-0000-0000-0000-000000000000') : null;
    return toKeysetConnection(await listStatements(ctx, { ...filter, contractId }, window), window, (s) => StatementNode.of(s, now));
  }

  @Query(() => StatementRecomputationType, {
    nullable: true,
    description:
      'Recomputes a recorded statement from the facts recorded now (usage, outages, breaches, inspections, the late payments it charged) and the terms in force: “matches to the cent”, or the lines that differ. Null when the statement is not visible to you.',
  })
  @Permission(STATEMENT_PERMISSIONS.statementRead)
  async statementRecompute(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the statement.' }) id: string,
  ): Promise<StatementRecomputationType | null> {
    const raw = statementId(id);
    const statement = raw ? await statementById(ctx).load(raw) : null;
    if (!statement) return null;
    const { computation, differences, matches } = await recomputeStatement(ctx, statement);
    return Object.assign(new StatementRecomputationType(), {
      statement: StatementNode.of(statement, ctx.clock.now()),
      matches,
      differences: differences.map(StatementLineDifferenceType.of),
      recomputedTotal: computation && Money.cny(computation.total),
    });
  }

  @Mutation(() => StatementGeneratePayload, {
    description:
      'The vendor’s finance drafts (or redrafts) the statement of an ended month from the facts recorded now, instead of waiting for the job. An issued month is left alone (outcome UNCHANGED).',
  })
  @Permission(STATEMENT_PERMISSIONS.statementDraft)
  statementGenerate(
    @Ctx() ctx: RequestContext,
    @Arg('contractId', () => ID, { description: 'Global ID of the contract.' }) contractId: string,
    @Arg('month', () => YearMonthScalar, { description: 'An ended month, e.g. "2026-10".' }) month: string,
  ): Promise<StatementGeneratePayload> {
    const now = ctx.clock.now();
    return mutationResult(
      ctx,
      () => generateStatement(ctx, idOfType(contractId, CONTRACT_TYPE), month),
      (result) => ({ statement: result?.statement ? StatementNode.of(result.statement, now) : null, outcome: result?.outcome ?? null }),
    );
  }

  @Mutation(() => StatementPayload, {
    description:
      'The vendor’s finance issues a draft: its lines and amounts never change again. Refused if the facts changed since it was drafted (regenerate first). Issuing after the deadline (the 5th of the next month) is recorded as late.',
  })
  @Permission(STATEMENT_PERMISSIONS.statementIssue)
  statementIssue(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the draft.' }) id: string): Promise<StatementPayload> {
    return statementPayload(ctx, () => issueStatement(ctx, statementId(id)));
  }

  @Mutation(() => StatementPayload, { description: 'The merchant’s finance confirms an issued statement.' })
  @Permission(STATEMENT_PERMISSIONS.statementDecide)
  statementConfirm(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Global ID of the statement.' }) id: string): Promise<StatementPayload> {
    return statementPayload(ctx, () => confirmStatement(ctx, statementId(id)));
  }

  @Mutation(() => StatementPayload, { description: 'The merchant’s finance disputes an issued statement, with a reason per disputed line.' })
  @Permission(STATEMENT_PERMISSIONS.statementDecide)
  statementDispute(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the statement.' }) id: string,
    @Arg('input', () => StatementDisputeInput, { description: 'The disputed lines.' }) input: StatementDisputeInput,
  ): Promise<StatementPayload> {
    return statementPayload(ctx, () => disputeStatement(ctx, statementId(id), input));
  }

  @Mutation(() => StatementGeneratePayload, {
    description:
      'The vendor’s finance drafts the revision of a disputed statement (the next version) from the facts recorded now; issuing it supersedes the disputed one.',
  })
  @Permission(STATEMENT_PERMISSIONS.statementDraft)
  statementRevise(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the disputed statement.' }) id: string,
  ): Promise<StatementGeneratePayload> {
    const now = ctx.clock.now();
    return mutationResult(
      ctx,
      () => reviseStatement(ctx, statementId(id)),
      (result) => ({ statement: result?.statement ? StatementNode.of(result.statement, now) : null, outcome: result?.outcome ?? null }),
    );
  }

  @Mutation(() => StatementPayload, {
    description:
      'Either party’s finance records a payment (date, amount) of an issued or confirmed statement; the payment completing the total makes it PAID. Paid after the due date, it adds a late-payment fee to a later statement.',
  })
  @Permission(STATEMENT_PERMISSIONS.statementPaymentRecord)
  statementPaymentRecord(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global ID of the statement.' }) id: string,
    @Arg('input', () => StatementPaymentInput, { description: 'The payment.' }) input: StatementPaymentInput,
  ): Promise<StatementPayload> {
    return statementPayload(ctx, () =>
      recordPayment(ctx, statementId(id), { paidOn: input.paidOn, amount: input.amount.toFixed(), reference: input.reference }),
    );
  }
}

function statementPayload(ctx: RequestContext, work: () => Promise<import('./statement.entity.js').Statement>): Promise<StatementPayload> {
  return mutationResult(ctx, work, (result) => ({ statement: result && StatementNode.of(result, ctx.clock.now()) }));
}
