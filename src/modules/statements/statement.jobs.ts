import type { MikroORM } from '@mikro-orm/postgresql';
import { SYSTEM_CLOCK, type Clock } from '../../core/clock.js';
import type { ScheduledJob } from '../../core/module.js';
import { OrganizationKind } from '../../core/organization-kind.js';
import { loadConfig, type Config } from '../../config.js';
import { DomainErrors } from '../../core/domain-error.js';
import { runAsSystem } from '../../jobs/job-context.js';
import { localDate } from '../calendar/working-days.js';
import { DEFAULT_CONTRACT_TIME_ZONE } from '../contracts/contract-state.js';
import type { Contract } from '../contracts/contract.entity.js';
import { contractById } from '../contracts/contract.loaders.js';
import { gatherFacts, monthBounds, type GatheredFacts } from './statement-facts.service.js';
import { decideDraft, draftStatement, previousMonth, storedLinesOfMany, type GenerationOutcome } from './statement-generation.service.js';
import { versionsByContractMonth } from './statement.loaders.js';
import { StatementStatus } from './statement.model.js';
import { deemConfirmed } from './statement-lifecycle.service.js';

export const STATEMENT_GENERATION_QUEUE = 'statement-generation';
export const STATEMENT_GENERATION_VIA = 'job:statement-generation';
export const STATEMENT_DEEMED_QUEUE = 'statement-deemed-confirmation';
export const STATEMENT_DEEMED_VIA = 'job:statement-deemed-confirmation';

/** Contracts whose facts are read together (one query per kind of fact), all of one vendor. */
const CHUNK = 200;

export interface GenerationReport {
  month: string;
  contracts: number;
  outcomes: Record<GenerationOutcome['outcome'], number>;
  /** Contracts whose generation threw: the others are done; a re-run retries these (it is idempotent). */
  failed: { contractId: string; error: string }[];
}

export interface GenerationOptions {
  /** Contract-months written at the same time (each its own transaction). */
  concurrency?: number;
  /** Test hook: called before each contract's write; throwing fails that contract only. */
  beforeWrite?: (contractId: string) => void;
}

interface ToWrite {
  contract: Contract;
  gathered: GatheredFacts | null;
}

/**
 * Drafts the statement of `month` for every contract in service during it, across tenants (found by
 * a narrow definer function). The facts of up to 200 contracts of one vendor are read together, as
 * that vendor, with the month's versions: a contract-month they show settled (issued, or a draft
 * whose figures and inputs match the facts, or no day in service) needs no write and is counted as
 * such — whatever a writer does after that read is at least as new. The others are written each in
 * its own transaction (advisory lock, then the same decision again, so replicas and re-runs never
 * draft twice) by `concurrency` writers, while the next vendor's facts are read. A contract that
 * fails is reported and left for the next run; the others are not held up. Idempotent.
 */
export async function generateMonthStatements(
  orm: MikroORM,
  month: string,
  jobId = 'manual',
  config: Config = loadConfig(),
  clock: Clock = SYSTEM_CLOCK,
  options: GenerationOptions = {},
): Promise<GenerationReport> {
  const { first, last } = monthBounds(month);
  const report: GenerationReport = { month, contracts: 0, outcomes: { CREATED: 0, REGENERATED: 0, UNCHANGED: 0, NO_SERVICE: 0 }, failed: [] };
  // Only ended months (in Shanghai, where every contract's month has ended by then or within hours of UTC zones east of it).
  if (month >= localDate(clock.now(), DEFAULT_CONTRACT_TIME_ZONE).slice(0, 7)) return report;
  const contracts = await orm.em
    .getConnection()
    .execute<{ id: string; merchant_id: string; vendor_id: string }[]>('select * from jobs_contracts_in_service(?, ?)', [first, last]);
  report.contracts = contracts.length;
  const chunks: { vendorId: string; ids: string[] }[] = [];
  for (const c of contracts) {
    const chunk = chunks.at(-1);
    if (chunk && chunk.vendorId === c.vendor_id && chunk.ids.length < CHUNK) chunk.ids.push(c.id);
    else chunks.push({ vendorId: c.vendor_id, ids: [c.id] });
  }
  const viewerOf = (vendorId: string) =>
    ({ kind: 'system', via: STATEMENT_GENERATION_VIA, organizationId: vendorId, organizationKind: OrganizationKind.VENDOR }) as const;

  /** The chunk's contracts that need a write, read in a read-only transaction (plain rows); never rejects (a failed read fails the chunk's contracts). */
  const readChunk = async ({ vendorId, ids }: { vendorId: string; ids: string[] }): Promise<ToWrite[]> => {
    try {
      const { toWrite, settled } = await runAsSystem(
        orm,
        config,
        viewerOf(vendorId),
        jobId,
        async (ctx) => {
          const loaded = await contractById(ctx).loadMany(ids);
          const found = loaded.filter((c): c is Contract => c !== null && !(c instanceof Error));
          const [gathered, versions] = await Promise.all([
            Promise.all(found.map((contract) => gatherFacts(ctx, contract, month))),
            versionsByContractMonth(ctx).loadMany(found.map((c) => `${c.id}/${month}`)),
          ]);
          const drafts = versions.flatMap((v) => (Array.isArray(v) ? v.filter((s) => s.status === StatementStatus.DRAFT) : []));
          const draftLines = await storedLinesOfMany(
            ctx,
            drafts.map((d) => d.id),
          );
          const toWrite: ToWrite[] = [];
          const settled: ('UNCHANGED' | 'NO_SERVICE')[] = [];
          found.forEach((contract, i) => {
            const known = versions[i];
            if (!Array.isArray(known)) throw known ?? new Error(`no versions of ${contract.id}`);
            const draft = known.find((s) => s.status === StatementStatus.DRAFT);
            const decision = decideDraft(known, gathered[i]!, draft ? draftLines.get(draft.id)! : null);
            if (decision.outcome === 'UNCHANGED' || decision.outcome === 'NO_SERVICE') settled.push(decision.outcome);
            else toWrite.push({ contract, gathered: gathered[i]! });
          });
          return { toWrite, settled };
        },
        clock,
        { readOnly: true },
      );
      for (const outcome of settled) report.outcomes[outcome] += 1;
      return toWrite;
    } catch (error) {
      for (const contractId of ids) report.failed.push({ contractId, error: error instanceof Error ? error.message : String(error) });
      return [];
    }
  };
  // One vendor's chunk ahead: its facts are read while the writers write the one before.
  async function* toWrite(): AsyncGenerator<ToWrite> {
    let pending = chunks.length ? readChunk(chunks[0]!) : null;
    for (let i = 0; i < chunks.length; i++) {
      const items = await pending!;
      pending = i + 1 < chunks.length ? readChunk(chunks[i + 1]!) : null;
      yield* items;
    }
  }
  const write = async ({ contract, gathered }: ToWrite) => {
    try {
      options.beforeWrite?.(contract.id);
      const { outcome } = await runAsSystem(orm, config, viewerOf(contract.vendorId), jobId, (ctx) => draftStatement(ctx, contract, month, gathered), clock);
      report.outcomes[outcome] += 1;
    } catch (error) {
      report.failed.push({ contractId: contract.id, error: error instanceof DomainErrors || error instanceof Error ? error.message : String(error) });
    }
  };
  const source = toWrite();
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 4) }, async () => {
      for (let next = await source.next(); !next.done; next = await source.next()) await write(next.value);
    }),
  );
  return report;
}

/**
 * Stores DEEMED_CONFIRMED on every ISSUED statement whose moment has passed (reads show it already),
 * each as the system for its merchant. Idempotent.
 */
export async function runDeemedConfirmation(orm: MikroORM, jobId = 'manual', config: Config = loadConfig(), clock: Clock = SYSTEM_CLOCK): Promise<string[]> {
  const due = await orm.em
    .getConnection()
    .execute<{ id: string; merchant_id: string }[]>('select * from jobs_statements_deemed_due(?)', [clock.now().toISOString()]);
  const deemed: string[] = [];
  for (const { id, merchant_id: merchantId } of due) {
    const viewer = { kind: 'system', via: STATEMENT_DEEMED_VIA, organizationId: merchantId, organizationKind: OrganizationKind.MERCHANT } as const;
    try {
      if (await runAsSystem(orm, config, viewer, jobId, (ctx) => deemConfirmed(ctx, id), clock)) deemed.push(id);
    } catch (error) {
      if (!(error instanceof DomainErrors)) throw error;
    }
  }
  return deemed;
}

/**
 * Daily at 00:30 in Shanghai, for the month before today's: on the 1st it drafts the month just
 * ended; later days retry what failed and pick up contracts signed late. A run with failures throws
 * after finishing the others, so pg-boss retries it.
 */
export const statementGenerationJob: ScheduledJob = {
  queue: STATEMENT_GENERATION_QUEUE,
  cron: '30 0 * * *',
  timeZone: DEFAULT_CONTRACT_TIME_ZONE,
  run: async ({ orm, config }, jobId) => {
    const month = previousMonth(localDate(SYSTEM_CLOCK.now(), DEFAULT_CONTRACT_TIME_ZONE).slice(0, 7));
    const report = await generateMonthStatements(orm, month, jobId, config);
    if (report.failed.length) throw new Error(`statement generation of ${month}: ${report.failed.length} contract(s) failed; the others are done`);
    return report.outcomes.CREATED || report.outcomes.REGENERATED ? { message: 'statements drafted', ...report, failed: undefined } : null;
  },
};

/** Every 10 minutes (the moment is midnight in the contract's time zone; reads never wait for it). */
export const statementDeemedConfirmationJob: ScheduledJob = {
  queue: STATEMENT_DEEMED_QUEUE,
  cron: '*/10 * * * *',
  run: async ({ orm, config }, jobId) => {
    const deemed = await runDeemedConfirmation(orm, jobId, config);
    return deemed.length ? { message: 'statements deemed confirmed', statements: deemed.length } : null;
  },
};
