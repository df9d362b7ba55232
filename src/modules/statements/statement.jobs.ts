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
import { draftStatement, previousMonth, type GenerationOutcome } from './statement-generation.service.js';
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

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * Drafts the statement of `month` for every contract in service during it, across tenants (found by
 * a narrow definer function). The facts of up to 200 contracts of one vendor are read together, as
 * that vendor; then each contract-month is written in its own transaction (advisory lock, so replicas
 * and re-runs never draft twice). A contract that fails is reported and left for the next run; the
 * others are not held up. Idempotent: issued months and unchanged drafts are left alone.
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
  const concurrency = options.concurrency ?? 4;
  for (const { vendorId, ids } of chunks) {
    const viewer = { kind: 'system', via: STATEMENT_GENERATION_VIA, organizationId: vendorId, organizationKind: OrganizationKind.VENDOR } as const;
    let read: { contract: Contract; gathered: GatheredFacts | null }[];
    try {
      read = await runAsSystem(
        orm,
        config,
        viewer,
        jobId,
        async (ctx) => {
          const loaded = await contractById(ctx).loadMany(ids);
          const found = loaded.filter((c): c is Contract => c !== null && !(c instanceof Error));
          return Promise.all(found.map(async (contract) => ({ contract, gathered: await gatherFacts(ctx, contract, month) })));
        },
        clock,
      );
    } catch (error) {
      for (const contractId of ids) report.failed.push({ contractId, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    await pool(read, concurrency, async ({ contract, gathered }) => {
      try {
        options.beforeWrite?.(contract.id);
        const { outcome } = await runAsSystem(orm, config, viewer, jobId, (ctx) => draftStatement(ctx, contract, month, gathered), clock);
        report.outcomes[outcome] += 1;
      } catch (error) {
        report.failed.push({ contractId: contract.id, error: error instanceof DomainErrors || error instanceof Error ? error.message : String(error) });
      }
    });
  }
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
