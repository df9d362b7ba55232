import { LockMode } from '@mikro-orm/core';
import { Decimal } from 'decimal.js';
import { fitsScale } from '../../core/decimal-scale.js';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail, type DomainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { maskPersonalData } from '../../core/personal-data.js';
import type { ContractAuditAction } from '../audit/audit.model.js';
import { recordAudit } from '../audit/audit.service.js';
import { calendarBetween, workingDaysAfter } from '../calendar/calendar.service.js';
import { addDays } from '../calendar/china-holidays.js';
import { localDate } from '../calendar/working-days.js';
import { startOfLocalDay } from '../incidents/availability.rules.js';
import { contractTimeZone, contractToday } from '../contracts/contract-state.js';
import { partyOf } from '../contracts/contract-lifecycle.service.js';
import type { Contract } from '../contracts/contract.entity.js';
import { contractById } from '../contracts/contract.loaders.js';
import { ContractParty } from '../contracts/contract.model.js';
import { draftStatement, figuresDiffer, type GenerationOutcome } from './statement-generation.service.js';
import { gatherFacts } from './statement-facts.service.js';
import { computeStatement } from './billing/index.js';
import { Statement, StatementDispute, StatementPayment } from './statement.entity.js';
import { STATEMENT_LIMITS, StatementStatus, type PaymentRecordCommand, type StatementDisputeCommand } from './statement.model.js';
import { STATEMENT_MACHINE, effectiveStatementStatus, type StatementAction } from './statement-state.js';

const fail = (...problems: DomainProblem[]) => new DomainErrors(problems);
const notFound = () => fail(domainProblem(DomainErrorCode.NOT_FOUND, ['id'], 'No such statement.'));

interface Acting {
  statement: Statement;
  contract: Contract;
  party: ContractParty;
  userId: string | null;
}

function snapshot(statement: Statement): Record<string, unknown> {
  return { status: statement.status, amountPaid: statement.amountPaid, confirmedAt: statement.confirmedAt, paidAt: statement.paidAt };
}

/**
 * A statement of one of the acting organization's contracts, locked for the rest of the transaction
 * and caught up with the clock (an ISSUED statement past its moment is stored DEEMED_CONFIRMED first).
 */
async function lockStatement(ctx: RequestContext, statementId: string | null, party?: ContractParty): Promise<Acting> {
  const statement = statementId ? await ctx.uow.em.findOne(Statement, { id: statementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true }) : null;
  const contract = statement && (await contractById(ctx).load(statement.contractId));
  const acting = contract && partyOf(contract, actingOrganizationId(ctx.viewer));
  if (!statement || !contract || !acting) throw notFound();
  if (party && acting !== party) {
    throw fail(
      domainProblem(
        DomainErrorCode.INVALID_STATE,
        ['id'],
        party === ContractParty.VENDOR ? 'Only the vendor drafts, issues and revises its statements.' : 'Only the merchant confirms or disputes a statement.',
      ),
    );
  }
  catchUpStatement(ctx, statement);
  return { statement, contract, party: acting, userId: ctx.viewer.kind === 'member' ? ctx.viewer.userId : null };
}

/** Stores DEEMED_CONFIRMED when its moment has passed (reads show it already), audited as the system's doing. */
export function catchUpStatement(ctx: RequestContext, statement: Statement): boolean {
  const now = ctx.clock.now();
  if (effectiveStatementStatus(statement, now) === statement.status) return false;
  const before = snapshot(statement);
  STATEMENT_MACHINE.apply(statement, 'deemConfirmed', now);
  statement.confirmedAt = statement.deemedConfirmationAt;
  recordAudit(ctx, {
    action: 'statement.deemConfirmed',
    entityType: 'Statement',
    entityId: statement.id,
    contractId: statement.contractId,
    before,
    after: snapshot(statement),
  });
  return true;
}

function step(
  ctx: RequestContext,
  statement: Statement,
  action: StatementAction,
  change: () => void,
  auditAction: Extract<ContractAuditAction, `statement.${string}`>,
) {
  const before = snapshot(statement);
  transitionOrFail(() => STATEMENT_MACHINE.apply(statement, action, ctx.clock.now()));
  change();
  recordAudit(ctx, {
    action: auditAction,
    entityType: 'Statement',
    entityId: statement.id,
    contractId: statement.contractId,
    before,
    after: snapshot(statement),
  });
}

/**
 * The vendor issues a draft: its figures must still be what the facts give now (otherwise it is
 * refused, to be regenerated and reviewed). Issuing records whether it is late (after the 5th of the
 * next month), the moment it will be deemed confirmed (end of the 5th PRC working day after the day
 * of issuance; a note when a year's holiday notice is missing), locks the month's usage, supersedes
 * the disputed version it revises and claims the late-payment fees it charges.
 */
export async function issueStatement(ctx: RequestContext, statementId: string | null): Promise<Statement> {
  const { statement, contract, userId } = await lockStatement(ctx, statementId, ContractParty.VENDOR);
  transitionOrFail(() => STATEMENT_MACHINE.check(statement, 'issue', ctx.clock.now()));
  const month = statement.periodStart.slice(0, 7);
  const gathered = await gatherFacts(ctx, contract, month);
  if (!gathered || (await figuresDiffer(ctx, statement, computeStatement(gathered.facts)))) {
    throw fail(
      domainProblem(
        DomainErrorCode.CONFLICT,
        ['id'],
        'The facts of the month changed since this draft was generated (usage, incidents, inspections, payments or terms): regenerate it (statementGenerate), review it, then issue it.',
      ),
    );
  }
  const now = ctx.clock.now();
  const timeZone = contractTimeZone(contract);
  const issuedOn = localDate(now, timeZone);
  const workingDays = contract.terms.rules.statements.deemedConfirmedAfterWorkingDays;
  const deemedOn = await workingDaysAfter(ctx, now, timeZone, workingDays);
  const missing = (await calendarBetween(ctx, issuedOn, deemedOn)).noticeMissingYears(issuedOn, deemedOn);
  step(
    ctx,
    statement,
    'issue',
    () =>
      Object.assign(statement, {
        issuedAt: now,
        issuedByUser: userId,
        issuedLate: issuedOn > statement.issueDeadline,
        deemedConfirmationOn: deemedOn,
        deemedConfirmationAt: startOfLocalDay(addDays(deemedOn, 1), timeZone),
        deemedConfirmationNote: missing.length
          ? `The State Council's holiday notice for ${missing.join(', ')} is not recorded: working days are counted by the statutory rule and weekdays only, and the date may move when it is recorded.`
          : null,
      }),
    'statement.issue',
  );
  await ctx.uow.em.flush();
  await ctx.uow.em.execute(`insert into usage_locked_month (contract_id, merchant_id, vendor_id, month) values (?, ?, ?, ?) on conflict do nothing`, [
    contract.id,
    contract.merchantId,
    contract.vendorId,
    statement.periodStart,
  ]);
  const paymentIds = gathered.facts.latePayments.map((p) => p.paymentId);
  if (paymentIds.length) await ctx.uow.em.execute(`update statement_payment set fee_statement_id = ? where id in (?)`, [statement.id, paymentIds]);
  if (statement.revisionOf) {
    const disputed = await ctx.uow.em.findOne(Statement, { id: statement.revisionOf }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (disputed && disputed.status === StatementStatus.DISPUTED) {
      step(ctx, disputed, 'supersede', () => (disputed.supersededAt = now), 'statement.supersede');
    }
  }
  return statement;
}

/** The merchant's finance confirms an issued statement. */
export async function confirmStatement(ctx: RequestContext, statementId: string | null): Promise<Statement> {
  const { statement, userId } = await lockStatement(ctx, statementId, ContractParty.MERCHANT);
  step(ctx, statement, 'confirm', () => Object.assign(statement, { confirmedAt: ctx.clock.now(), confirmedByUser: userId }), 'statement.confirm');
  return statement;
}

/**
 * The merchant's finance disputes an issued statement, with a reason for each disputed line
 * (masked personal data). The month's usage is unlocked for corrections until the revision is issued.
 */
export async function disputeStatement(ctx: RequestContext, statementId: string | null, command: StatementDisputeCommand): Promise<Statement> {
  const { statement, contract, userId } = await lockStatement(ctx, statementId, ContractParty.MERCHANT);
  const now = ctx.clock.now();
  transitionOrFail(() => STATEMENT_MACHINE.check(statement, 'dispute', now));
  const positions = new Set(
    (await ctx.uow.em.execute<{ position: number }[]>(`select position from statement_line where statement_id = ?`, [statement.id])).map((r) =>
      Number(r.position),
    ),
  );
  const problems: DomainProblem[] = [];
  if (!command.lines.length) problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'lines'], 'Say which lines you dispute, with a reason for each.'));
  if (command.lines.length > 200) problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'lines'], 'At most 200 disputed lines.'));
  const seen = new Set<number>();
  const reasons = command.lines.slice(0, 200).map((line, i) => {
    const reason = maskPersonalData(line.reason.trim());
    const { min, max } = STATEMENT_LIMITS.disputeReason;
    if (!positions.has(line.position))
      problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'lines', String(i), 'position'], `The statement has no line ${line.position}.`));
    else if (seen.has(line.position))
      problems.push(
        domainProblem(DomainErrorCode.INVALID, ['input', 'lines', String(i), 'position'], `Line ${line.position} is disputed twice: give one reason.`),
      );
    if (reason.length < min || reason.length > max)
      problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'lines', String(i), 'reason'], `A reason is ${min} to ${max} characters.`));
    seen.add(line.position);
    return { position: line.position, reason };
  });
  if (problems.length) throw new DomainErrors(problems.slice(0, 100));
  step(ctx, statement, 'dispute', () => Object.assign(statement, { disputedAt: now, disputedByUser: userId }), 'statement.dispute');
  for (const { position, reason } of reasons) {
    ctx.uow.em.persist(
      Object.assign(new StatementDispute(), {
        statementId: statement.id,
        position,
        merchantId: contract.merchantId,
        vendorId: contract.vendorId,
        reason,
        disputedAt: now,
      }),
    );
  }
  await ctx.uow.em.flush();
  await ctx.uow.em.execute(`delete from usage_locked_month where contract_id = ? and month = ?`, [contract.id, statement.periodStart]);
  return statement;
}

/** The vendor drafts the revision of a disputed statement from the facts recorded now (corrections included); issuing it supersedes the disputed one. */
export async function reviseStatement(ctx: RequestContext, statementId: string | null): Promise<GenerationOutcome> {
  const { statement, contract } = await lockStatement(ctx, statementId, ContractParty.VENDOR);
  if (statement.status !== StatementStatus.DISPUTED) {
    throw fail(domainProblem(DomainErrorCode.INVALID_STATE, ['id'], `The statement is ${statement.status}: only a DISPUTED statement is revised.`));
  }
  const month = statement.periodStart.slice(0, 7);
  const outcome = await draftStatement(ctx, contract, month, undefined, statement);
  if (outcome.outcome === 'NO_SERVICE') throw fail(domainProblem(DomainErrorCode.INVALID_STATE, ['id'], 'No day of the month is in service any more.'));
  return outcome;
}

/**
 * Either party's finance records a payment of an issued or confirmed statement (date and amount);
 * the payment completing the total makes it PAID. A payment after the due date carries a late fee
 * (0.05% of the amount per day late) onto the contract's statement of the month it was made in, or
 * the next one drafted.
 */
export async function recordPayment(ctx: RequestContext, statementId: string | null, command: PaymentRecordCommand): Promise<Statement> {
  const { statement, contract, userId } = await lockStatement(ctx, statementId);
  const now = ctx.clock.now();
  transitionOrFail(() => STATEMENT_MACHINE.check(statement, 'recordPayment', now));
  const problems: DomainProblem[] = [];
  const amount = (() => {
    try {
      return new Decimal(command.amount);
    } catch {
      return null;
    }
  })();
  const outstanding = new Decimal(statement.total).minus(statement.amountPaid);
  if (!amount || amount.lte(0) || !fitsScale(amount, 'MONEY'))
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'amount'], 'The amount is above 0, to the cent (at most 2 decimals).'));
  else if (amount.gt(outstanding))
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'amount'], `At most the amount outstanding, ${outstanding.toFixed(2)}, can be paid.`));
  const today = contractToday(contract, now);
  const issuedOn = localDate(statement.issuedAt!, contractTimeZone(contract));
  if (command.paidOn > today)
    problems.push(domainProblem(DomainErrorCode.INVALID, ['input', 'paidOn'], `A payment is recorded once made: ${command.paidOn} is after today (${today}).`));
  if (command.paidOn < issuedOn)
    problems.push(
      domainProblem(DomainErrorCode.INVALID, ['input', 'paidOn'], `The statement was issued on ${issuedOn}: it cannot have been paid on ${command.paidOn}.`),
    );
  const reference = command.reference?.trim() || null;
  if (reference && reference.length > STATEMENT_LIMITS.paymentReference.max)
    problems.push(
      domainProblem(DomainErrorCode.INVALID, ['input', 'reference'], `A reference is at most ${STATEMENT_LIMITS.paymentReference.max} characters.`),
    );
  if (problems.length) throw new DomainErrors(problems);

  const payment = Object.assign(new StatementPayment(), {
    statementId: statement.id,
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    paidOn: command.paidOn,
    amount: amount!.toFixed(2),
    reference: reference && maskPersonalData(reference),
    recordedByOrganization: actingOrganizationId(ctx.viewer)!,
    recordedByUser: userId,
    recordedAt: now,
    dueDate: statement.dueDate,
  });
  ctx.uow.em.persist(payment);
  const before = snapshot(statement);
  const paid = new Decimal(statement.amountPaid).plus(amount!);
  const settles = paid.eq(statement.total);
  transitionOrFail(() => STATEMENT_MACHINE.apply(statement, settles ? 'settle' : 'recordPayment', now));
  statement.amountPaid = paid.toFixed(2);
  if (settles) statement.paidAt = now;
  recordAudit(ctx, {
    action: 'statement.payment.record',
    entityType: 'Statement',
    entityId: statement.id,
    contractId: statement.contractId,
    before,
    after: { ...snapshot(statement), paymentId: payment.id, paidOn: payment.paidOn, amount: payment.amount, late: payment.paidOn > payment.dueDate },
  });
  return statement;
}

/** The deemed-confirmation job's step for one statement (idempotent: a statement answered meanwhile is left alone). */
export async function deemConfirmed(ctx: RequestContext, statementId: string): Promise<boolean> {
  const statement = await ctx.uow.em.findOne(Statement, { id: statementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return statement ? catchUpStatement(ctx, statement) : false;
}
