import { isDeepStrictEqual } from 'node:util';
import { Decimal } from 'decimal.js';
import { DomainErrorCode, DomainErrors, domainProblem } from '../../core/domain-error.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { auditEventInsert } from '../audit/audit.service.js';
import { executeWrites } from '../../db/one-round-trip.js';
import { sql, type Sql } from '../../db/sql.js';
import { invariant } from '../../core/invariant.js';
import { addDays } from '../calendar/china-holidays.js';
import { contractToday } from '../contracts/contract-state.js';
import { partyOf } from '../contracts/contract-lifecycle.service.js';
import type { Contract } from '../contracts/contract.entity.js';
import { contractById } from '../contracts/contract.loaders.js';
import { ContractParty } from '../contracts/contract.model.js';
import { computeStatement, diffStatement, issueDeadline, paymentDueDate, type LineDifference, type StatementComputation } from './billing/index.js';
import { gatherFacts, type GatheredFacts } from './statement-facts.service.js';
import { Statement, StatementLineRow } from './statement.entity.js';
import { StatementStatus } from './statement.model.js';
import { STATEMENT_MACHINE } from './statement-state.js';
import { versionsByContractMonth } from './statement.loaders.js';
import { readsPlainRows, toPlainRows } from '../../db/rows.js';

const fail = (path: string[], message: string, code = DomainErrorCode.INVALID) => new DomainErrors([domainProblem(code, path, message)]);
export const contractNotFound = () => fail(['contractId'], 'No such contract.', DomainErrorCode.NOT_FOUND);

/** The month before "2026-11" ("2026-10"). */
export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}

/** The contract's current month in its time zone ("2026-11"). */
export function currentMonth(contract: Contract, now: Date): string {
  return contractToday(contract, now).slice(0, 7);
}

/** Deadlines of a month's statement under the contract's rules: issue by the 5th of the next month, pay by the 20th of the one after the period. */
export function statementDeadlines(contract: Contract, month: string): { issueDeadline: string; dueDate: string } {
  const rules = contract.terms.rules.statements;
  return { issueDeadline: issueDeadline(month, rules), dueDate: paymentDueDate(month, rules) };
}

const money = (d: Decimal) => d.toFixed(2);

function amountsOf(computation: StatementComputation) {
  return {
    serviceCharges: money(computation.serviceCharges),
    deductions: money(computation.deductions),
    subtotal: money(computation.subtotal),
    vatRate: computation.vatRate.toFixed(4),
    vat: money(computation.vat),
    fees: money(computation.fees),
    total: money(computation.total),
    investigationReportRequired: computation.investigationReportRequired,
  };
}

function snapshot(statement: Statement): Record<string, unknown> {
  return {
    status: statement.status,
    version: statement.version,
    total: statement.total,
    serviceCharges: statement.serviceCharges,
    deductions: statement.deductions,
  };
}

/**
 * Whether two JSON values are the same document. Not by their JSON.stringify text: a value read back
 * from jsonb has its keys in jsonb's order (shorter keys first), not in the order they were written.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** Inserts a version's lines (it is a DRAFT: the database refuses lines of any other); null when it has none. */
function linesInsert(statement: Statement, computation: StatementComputation): Sql | null {
  if (!computation.lines.length) return null;
  const rows = computation.lines.map((line) => ({
    position: line.position,
    section: line.section,
    kind: line.kind,
    description: line.description,
    quantity: line.quantity?.toFixed() ?? null,
    unit_price: line.unitPrice ? money(line.unitPrice) : null,
    percent: line.percent?.toFixed() ?? null,
    amount: money(line.amount),
    evidence: line.evidence,
  }));
  return sql`insert into statement_line (statement_id, position, contract_id, merchant_id, vendor_id, section, kind, description, quantity, unit_price, percent, amount, evidence)
     select ${statement.id}::uuid, x.position, ${statement.contractId}::uuid, ${statement.merchantId}::uuid, ${statement.vendorId}::uuid, x.section, x.kind, x.description, x.quantity, x.unit_price, x.percent, x.amount, x.evidence
     from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(position int, section text, kind text, description text, quantity numeric, unit_price numeric, percent numeric, amount numeric, evidence jsonb)`;
}

/**
 * Inserts a new version: every column the entity gives a value (what a flush of `statement` would
 * write; the others are null). Keep in step with Statement.
 */
function statementInsert(s: Statement): Sql {
  return sql`insert into statement (id, contract_id, merchant_id, vendor_id, period_start, version, revision_of, status, service_charges, deductions,
       subtotal, vat_rate, vat, fees, total, investigation_report_required, inputs, generated_at, generated_by_user, issue_deadline, due_date, amount_paid,
       created_at, updated_at)
     values (${s.id}::uuid, ${s.contractId}::uuid, ${s.merchantId}::uuid, ${s.vendorId}::uuid, ${s.periodStart}::date, ${s.version}, ${s.revisionOf}::uuid,
       ${s.status}, ${s.serviceCharges}::numeric, ${s.deductions}::numeric, ${s.subtotal}::numeric, ${s.vatRate}::numeric, ${s.vat}::numeric,
       ${s.fees}::numeric, ${s.total}::numeric, ${s.investigationReportRequired}, ${JSON.stringify(s.inputs)}::jsonb, ${s.generatedAt.toISOString()}::timestamptz,
       ${s.generatedByUser}::uuid, ${s.issueDeadline}::date, ${s.dueDate}::date, ${s.amountPaid}::numeric, ${s.createdAt.toISOString()}::timestamptz,
       ${s.updatedAt.toISOString()}::timestamptz)`;
}

/**
 * The versions of a contract-month (oldest first), read after taking its advisory lock, which
 * serializes its writers (the job on several replicas, a vendor regenerating) until the transaction
 * ends: one round trip (statement_versions_locked). The month's versions loader is primed with them.
 */
async function lockedVersions(ctx: RequestContext, contractId: string, month: string): Promise<Statement[]> {
  const { em } = ctx.uow;
  const rows = await em.execute<Record<string, unknown>[]>(`select * from statement_versions_locked(?, ?)`, [contractId, month]);
  const versions = readsPlainRows(ctx.uow) ? toPlainRows(em, Statement, rows) : rows.map((row) => em.map(Statement, row as never));
  const key = `${contractId}/${month}`;
  versionsByContractMonth(ctx).clear(key).prime(key, versions);
  return versions;
}

export interface GenerationOutcome {
  statement: Statement | null;
  /** What happened: CREATED, REGENERATED, UNCHANGED (issued already, or the draft matches), NO_SERVICE (no day of the month in service). */
  outcome: 'CREATED' | 'REGENERATED' | 'UNCHANGED' | 'NO_SERVICE';
}

type StoredLine = Awaited<ReturnType<typeof storedLinesOf>>[number];

/** What drafting a contract-month does, given its versions (oldest first) and facts: a pure decision. */
export type DraftDecision =
  | { outcome: 'UNCHANGED' | 'NO_SERVICE'; statement: Statement | null }
  | { outcome: 'CREATE'; facts: GatheredFacts; computation: StatementComputation }
  | { outcome: 'REGENERATE'; draft: Statement; facts: GatheredFacts; computation: StatementComputation };

/**
 * The decision of `draftStatement`: a month with an issued version is left alone, and so is one
 * with versions but no draft (unless a revision is asked for); a draft is rewritten only when its
 * figures or inputs changed. `draftLines`: the recorded lines of the draft among `versions`, if any.
 */
export function decideDraft(
  versions: readonly Statement[],
  facts: GatheredFacts | null,
  draftLines: readonly StoredLine[] | null,
  revisionOf?: Statement,
): DraftDecision {
  const settled = settledMonth(versions, revisionOf);
  if (settled) return settled;
  const draft = liveDraft(versions);
  if (!facts) return { statement: draft, outcome: 'NO_SERVICE' };
  const computation = computationOf(facts);
  if (!draft) return { outcome: 'CREATE', facts, computation };
  invariant(draftLines, "the draft's lines are needed to compare it");
  if (!figuresDifferFrom(draft, draftLines, computation) && sameJson(draft.inputs, facts.inputs)) return { statement: draft, outcome: 'UNCHANGED' };
  return { outcome: 'REGENERATE', draft, facts, computation };
}

const liveDraft = (versions: readonly Statement[]) => versions.find((v) => v.status === StatementStatus.DRAFT) ?? null;

/** UNCHANGED whatever the facts: a version issued (or further), or versions but no draft and no revision asked for; else null. */
function settledMonth(versions: readonly Statement[], revisionOf?: Statement): (DraftDecision & { outcome: 'UNCHANGED' }) | null {
  const live = versions.filter((v) => v.status !== StatementStatus.SUPERSEDED && v.status !== StatementStatus.DISPUTED);
  if (live.some((v) => v.status !== StatementStatus.DRAFT)) return { statement: live[0]!, outcome: 'UNCHANGED' };
  if (!liveDraft(versions) && versions.length && !revisionOf) return { statement: versions.at(-1)!, outcome: 'UNCHANGED' };
  return null;
}

/** The computation of gathered facts, once per facts object (the job decides before it writes). */
const computations = new WeakMap<GatheredFacts, StatementComputation>();
function computationOf(facts: GatheredFacts): StatementComputation {
  let computation = computations.get(facts);
  if (!computation) computations.set(facts, (computation = computeStatement(facts.facts)));
  return computation;
}

/**
 * Drafts (or redrafts) a contract's statement of an ended month from the facts recorded now:
 * idempotent — a month with an issued version is left alone, a draft is rewritten only when its
 * figures changed. `revisionOf`: the disputed version a new draft revises. Runs as the vendor (the
 * job acts for it); one contract-month at a time (advisory lock), so replicas never draft twice.
 * The version and its lines and audit event are written in one round trip.
 */
export async function draftStatement(
  ctx: RequestContext,
  contract: Contract,
  month: string,
  gathered?: GatheredFacts | null,
  revisionOf?: Statement,
): Promise<GenerationOutcome> {
  const versions = await lockedVersions(ctx, contract.id, month);
  const settled = settledMonth(versions, revisionOf);
  if (settled) return settled;
  const facts = gathered === undefined ? await gatherFacts(ctx, contract, month) : gathered;
  const draft = liveDraft(versions);
  const decision = decideDraft(versions, facts, draft && facts ? await storedLinesOf(ctx, draft.id) : null, revisionOf);
  const now = ctx.clock.now();
  const userId = ctx.viewer.kind === 'member' ? ctx.viewer.userId : null;

  switch (decision.outcome) {
    case 'UNCHANGED':
    case 'NO_SERVICE':
      return { statement: decision.statement, outcome: decision.outcome };
    case 'REGENERATE': {
      const { draft, facts, computation } = decision;
      const before = snapshot(draft);
      STATEMENT_MACHINE.apply(draft, 'regenerate', now);
      Object.assign(draft, amountsOf(computation), { inputs: facts.inputs, generatedAt: now, generatedByUser: userId });
      await ctx.uow.em.flush();
      const lines = linesInsert(draft, computation);
      await executeWrites(ctx.uow.em, [
        sql`delete from statement_line where statement_id = ${draft.id}::uuid`,
        ...(lines ? [lines] : []),
        auditEventInsert(ctx, {
          action: 'statement.regenerate',
          entityType: 'Statement',
          entityId: draft.id,
          contractId: draft.contractId,
          before,
          after: snapshot(draft),
        }),
      ]);
      return { statement: draft, outcome: 'REGENERATED' };
    }
    case 'CREATE': {
      const { facts, computation } = decision;
      const statement = Object.assign(new Statement(), {
        contractId: contract.id,
        merchantId: contract.merchantId,
        vendorId: contract.vendorId,
        periodStart: `${month}-01`,
        version: (versions.at(-1)?.version ?? 0) + 1,
        revisionOf: revisionOf?.id ?? null,
        status: StatementStatus.DRAFT,
        ...amountsOf(computation),
        inputs: facts.inputs,
        generatedAt: now,
        generatedByUser: userId,
        ...statementDeadlines(contract, month),
      });
      const lines = linesInsert(statement, computation);
      // Not through the unit of work: its flush is most of a contract's time in the monthly job.
      await executeWrites(ctx.uow.em, [
        statementInsert(statement),
        ...(lines ? [lines] : []),
        auditEventInsert(ctx, {
          action: revisionOf ? 'statement.revise' : 'statement.generate',
          entityType: 'Statement',
          entityId: statement.id,
          contractId: statement.contractId,
          after: { ...snapshot(statement), month, revisionOf: revisionOf?.id ?? null },
        }),
      ]);
      return { statement, outcome: 'CREATED' };
    }
  }
}

/** A version's lines as recorded, for diffStatement. */
export async function storedLinesOf(
  ctx: RequestContext,
  statementId: string,
): Promise<{ position: number; kind: StatementLineRow['kind']; amount: Decimal }[]> {
  const rows = await ctx.uow.em.execute<{ position: number; kind: StatementLineRow['kind']; amount: string }[]>(
    `select position, kind, amount::text as amount from statement_line where statement_id = ? order by position`,
    [statementId],
  );
  return rows.map((r) => ({ position: Number(r.position), kind: r.kind, amount: new Decimal(r.amount) }));
}

/** The recorded lines of many versions in one query, by version id. */
export async function storedLinesOfMany(ctx: RequestContext, statementIds: readonly string[]): Promise<Map<string, StoredLine[]>> {
  const byId = new Map<string, StoredLine[]>(statementIds.map((id) => [id, []]));
  if (!statementIds.length) return byId;
  const rows = await ctx.uow.em.execute<{ statement_id: string; position: number; kind: StatementLineRow['kind']; amount: string }[]>(
    `select statement_id, position, kind, amount::text as amount from statement_line where statement_id in (?) order by statement_id, position`,
    [[...statementIds]],
  );
  for (const r of rows) byId.get(r.statement_id)?.push({ position: Number(r.position), kind: r.kind, amount: new Decimal(r.amount) });
  return byId;
}

/** Whether a recorded version's lines or totals differ from a computation (VAT and totals are not lines). */
export async function figuresDiffer(ctx: RequestContext, statement: Statement, computation: StatementComputation): Promise<boolean> {
  return figuresDifferFrom(statement, await storedLinesOf(ctx, statement.id), computation);
}

/** figuresDiffer with the version's recorded lines at hand. */
export function figuresDifferFrom(statement: Statement, storedLines: readonly StoredLine[], computation: StatementComputation): boolean {
  const amounts = amountsOf(computation);
  const totalsDiffer = (['serviceCharges', 'deductions', 'subtotal', 'vat', 'fees', 'total'] as const).some((k) => !new Decimal(statement[k]).eq(amounts[k]));
  return totalsDiffer || diffStatement(storedLines, computation).length > 0;
}

/** The vendor's contract for a statement use case, or NOT_FOUND. */
async function vendorContract(ctx: RequestContext, contractId: string | null): Promise<Contract> {
  const contract = contractId ? await contractById(ctx).load(contractId) : null;
  if (!contract || partyOf(contract, actingOrganizationId(ctx.viewer)) === null) throw contractNotFound();
  if (partyOf(contract, actingOrganizationId(ctx.viewer)) !== ContractParty.VENDOR)
    throw fail(['contractId'], 'Only the vendor drafts its statements; the merchant confirms or disputes them.', DomainErrorCode.INVALID_STATE);
  return contract;
}

/** The vendor (re)drafts the statement of an ended month now, instead of waiting for the job. */
export async function generateStatement(ctx: RequestContext, contractId: string | null, month: string): Promise<GenerationOutcome> {
  const contract = await vendorContract(ctx, contractId);
  const now = ctx.clock.now();
  if (month >= currentMonth(contract, now))
    throw fail(['month'], `${month} has not ended yet: its running figures are in statementPreview; the statement is drafted after the month ends.`);
  if (month < contract.startDate.slice(0, 7)) throw fail(['month'], `The contract starts on ${contract.startDate}: there is no statement of ${month}.`);
  return draftStatement(ctx, contract, month);
}

/** The running figures of a month (the current one by default), computed from the facts recorded so far and stored nowhere. */
export async function previewStatement(
  ctx: RequestContext,
  contract: Contract,
  month: string | null,
): Promise<{ month: string; computation: StatementComputation | null; facts: GatheredFacts | null }> {
  const target = month ?? currentMonth(contract, ctx.clock.now());
  const facts = await gatherFacts(ctx, contract, target);
  return { month: target, computation: facts && computeStatement(facts.facts), facts };
}

export interface Recomputation {
  statement: Statement;
  computation: StatementComputation | null;
  differences: LineDifference[];
  /** Every line and every total the same to the cent. */
  matches: boolean;
}

/**
 * Recomputes a recorded statement from the facts recorded now and the terms in force: the same
 * engine over the same kinds of facts; the late-payment fees it charged stay its own. Either it
 * matches to the cent (no differences) or the lines that differ, and why is in the facts.
 */
export async function recomputeStatement(ctx: RequestContext, statement: Statement): Promise<Recomputation> {
  const contract = await contractById(ctx).load(statement.contractId);
  if (!contract) return { statement, computation: null, differences: [], matches: false };
  const month = statement.periodStart.slice(0, 7);
  const gathered = await gatherFacts(ctx, contract, month);
  if (gathered && statement.status !== StatementStatus.DRAFT) {
    const charged = new Set((await storedEvidencePayments(ctx, statement.id)).map(String));
    gathered.facts.latePayments = gathered.facts.latePayments.filter((p) => charged.has(p.paymentId));
  }
  const computation = gathered ? computeStatement(gathered.facts) : null;
  const stored = await storedLinesOf(ctx, statement.id);
  const differences = computation
    ? diffStatement(stored, computation)
    : stored.map((l) => ({ position: l.position, kind: l.kind, recorded: l.amount, recomputed: null }));
  const matches = computation !== null && !differences.length && !(await figuresDiffer(ctx, statement, computation));
  return { statement, computation, differences, matches };
}

async function storedEvidencePayments(ctx: RequestContext, statementId: string): Promise<string[]> {
  const rows = await ctx.uow.em.execute<{ id: string }[]>(
    `select jsonb_array_elements_text(evidence -> 'paymentIds') as id from statement_line where statement_id = ? and jsonb_exists(evidence, 'paymentIds')`,
    [statementId],
  );
  return rows.map((r) => r.id);
}
