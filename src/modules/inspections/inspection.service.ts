import { randomInt } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { Decimal } from 'decimal.js';
import { DomainErrorCode, DomainErrors, domainProblem, transitionOrFail } from '../../core/domain-error.js';
import { invariant } from '../../core/invariant.js';
import type { RequestContext } from '../../core/request-context.js';
import { actingOrganizationId } from '../../core/viewer.js';
import { recordAudit } from '../audit/audit.service.js';
import { grantTerminationRight, lockContract, terminateContract } from '../contracts/contract-lifecycle.service.js';
import { DEFAULT_CONTRACT_RULES, type ContractRules } from '../contracts/contract-terms.js';
import { contractToday, effectiveState } from '../contracts/contract-state.js';
import { type Contract, ContractStatus } from '../contracts/contract.entity.js';
import { ContractParty, TerminationKind, TerminationRightSource } from '../contracts/contract.model.js';
import { executeBound } from '../usage/usage.sql.js';
import { INSPECTION_MACHINE, RECTIFICATION_MACHINE } from './inspection-state.js';
import { Inspection, InspectionRectification, InspectionResult, InspectionScorecard, type ScorecardSnapshot } from './inspection.entity.js';
import { SampleMethod, type InspectionCreateCommand, type InspectionScoreCommand, type ScorecardCommand } from './inspection.model.js';
import {
  DEFAULT_PASS_MARK,
  DEFAULT_WEEKLY_SAMPLE_SIZE,
  INSPECTION_LIMITS,
  MAX_SEED,
  SAMPLING_ALGORITHM,
  checkAnswer,
  checkScorecard,
  checkScores,
  drawPositions,
  inspectionScore,
  isoWeekDays,
  ladderStep,
  weekMonth,
} from './inspection.rules.js';

const HOUR_MS = 3_600_000;

function invalid(path: string[], message: string): DomainErrors {
  return new DomainErrors([domainProblem(DomainErrorCode.INVALID, path, message)]);
}

function notFound(path: string[], what: string): DomainErrors {
  return new DomainErrors([domainProblem(DomainErrorCode.NOT_FOUND, path, `No such ${what}.`)]);
}

function personOf(ctx: RequestContext): string | null {
  return ctx.viewer.kind === 'member' ? ctx.viewer.userId : null;
}

/** The contract's inspection rules (the frozen contract rules, defaults where absent). */
export function inspectionRules(contract: Pick<Contract, 'terms'>): ContractRules['inspections'] {
  const rules = (contract.terms as Partial<Contract['terms']> | undefined)?.rules?.inspections;
  return { ...DEFAULT_CONTRACT_RULES.inspections, ...(rules ?? {}) };
}

/** The contract, locked, when the acting organization is its merchant; NOT_FOUND otherwise (the vendor and strangers alike). */
async function lockAsMerchant(ctx: RequestContext, contractId: string | null, field: string[]): Promise<Contract> {
  const acting = await lockContract(ctx, contractId, field);
  if (acting.party !== ContractParty.MERCHANT) throw notFound(field, 'contract');
  return acting.contract;
}

function requireActive(ctx: RequestContext, contract: Contract, field: string[]): void {
  const status = effectiveState(contract, ctx.clock.now()).status;
  if (status !== ContractStatus.ACTIVE) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, field, `Inspections are for ACTIVE contracts; this one is ${status}.`)]);
  }
}

/** The merchant sets a new version of the contract's scorecard; inspections created from now on copy it. */
export async function setScorecard(ctx: RequestContext, contractId: string | null, command: ScorecardCommand): Promise<InspectionScorecard> {
  const contract = await lockAsMerchant(ctx, contractId, ['contractId']);
  const status = effectiveState(contract, ctx.clock.now()).status;
  if (status !== ContractStatus.ACTIVE && status !== ContractStatus.PENDING_SIGNATURE) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['contractId'], `The contract is ${status}: its scorecard is final.`)]);
  }
  const rules = inspectionRules(contract);
  const checked = checkScorecard(command, {
    passMark: rules.passMark ?? DEFAULT_PASS_MARK,
    weeklySampleSize: rules.weeklySampleSize ?? DEFAULT_WEEKLY_SAMPLE_SIZE,
  });
  const [latest] = await executeBound<{ version: number | null }>(ctx, `select max(version)::int as version from inspection_scorecard where contract_id = $1`, [
    contract.id,
  ]);
  const scorecard = Object.assign(new InspectionScorecard(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    version: (latest?.version ?? 0) + 1,
    ...checked,
    createdByUser: personOf(ctx),
    createdAt: ctx.clock.now(),
  });
  ctx.uow.em.persist(scorecard);
  recordAudit(ctx, {
    action: 'inspection.scorecard.set',
    entityType: 'InspectionScorecard',
    entityId: scorecard.id,
    contractId: contract.id,
    after: { contractId: contract.id, version: scorecard.version, ...checked },
  });
  return scorecard;
}

interface WeekRecord {
  population_position: number;
  external_id: string;
  channel: string;
  started_at: Date;
  duration_seconds: number;
}

/**
 * The merchant's inspector opens an inspection of an ISO week (in the contract's time zone): the
 * scorecard in force is copied in, and the sample is drawn at random with a stored seed — or taken
 * from the external ids the inspector entered. Contact records are the vendor's: the merchant reaches
 * the week's population size and the sampled records only, through two definer functions.
 */
export async function createInspection(ctx: RequestContext, contractId: string | null, command: InspectionCreateCommand): Promise<Inspection> {
  const contract = await lockAsMerchant(ctx, contractId, ['contractId']);
  requireActive(ctx, contract, ['contractId']);
  const days = isoWeekDays(command.week);
  if (!days) throw invalid(['input', 'week'], `"${command.week}" is not an ISO week such as "2027-W02".`);
  const today = contractToday(contract, ctx.clock.now());
  if (days.start > today) throw invalid(['input', 'week'], `The week ${command.week} has not begun (today is ${today} in the contract's time zone).`);
  if (days.end < contract.startDate) throw invalid(['input', 'week'], `The week ${command.week} ends before the contract starts (${contract.startDate}).`);

  const [head] = await executeBound<{ scorecard: InspectionScorecard | null; number: number }>(
    ctx,
    `select (select to_jsonb(s) from inspection_scorecard s where s.contract_id = $1 order by s.version desc limit 1) as scorecard,
            coalesce((select max(number) from inspection where contract_id = $1), 0)::int + 1 as number`,
    [contract.id],
  );
  const stored = head!.scorecard as unknown as {
    version: number;
    criteria: ScorecardSnapshot['criteria'];
    pass_mark: string | number;
    weekly_sample_size: number;
  } | null;
  if (!stored) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID_STATE, ['contractId'], 'Set the contract’s scorecard first (inspectionScorecardSet).')]);
  }
  const scorecard: ScorecardSnapshot = {
    version: stored.version,
    criteria: stored.criteria,
    passMark: Number(stored.pass_mark).toFixed(2),
    weeklySampleSize: stored.weekly_sample_size,
  };

  let records: WeekRecord[];
  let sampling: Pick<Inspection, 'sampleMethod' | 'seed' | 'algorithm' | 'population'>;
  if (command.externalIds != null) {
    if (command.seed != null || command.sampleSize != null)
      throw invalid(['input', 'externalIds'], 'Enter the contacts or let them be drawn (seed, sampleSize), not both.');
    const ids = command.externalIds;
    if (ids.length < 1 || ids.length > INSPECTION_LIMITS.sampleSize.max)
      throw invalid(['input', 'externalIds'], `Enter 1 to ${INSPECTION_LIMITS.sampleSize.max} contacts.`);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (id.length < 1 || id.length > INSPECTION_LIMITS.externalIdLength)
        throw invalid(['input', 'externalIds', String(i)], 'An external id has 1 to 100 characters.');
      if (seen.has(id)) throw invalid(['input', 'externalIds', String(i)], `"${id}" is entered twice.`);
      seen.add(id);
    });
    const found = await executeBound<WeekRecord>(ctx, `select * from inspection_week_records($1, $2, $3, null, $4::text[])`, [
      contract.id,
      days.start,
      days.end,
      ids,
    ]);
    const byId = new Map(found.map((r) => [r.external_id, r]));
    const missing = ids.map((id, i) => [id, i] as const).filter(([id]) => !byId.has(id));
    if (missing.length) {
      throw new DomainErrors(
        missing
          .slice(0, 100)
          .map(([id, i]) => domainProblem(DomainErrorCode.INVALID, ['input', 'externalIds', String(i)], `No contact "${id}" in the week ${command.week}.`)),
      );
    }
    records = ids.map((id) => byId.get(id)!);
    sampling = { sampleMethod: SampleMethod.ENTERED, seed: null, algorithm: null, population: null };
  } else {
    const seed = command.seed ?? randomInt(0, MAX_SEED);
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw invalid(['input', 'seed'], `A seed is an integer from 0 to ${MAX_SEED}.`);
    const size = command.sampleSize ?? scorecard.weeklySampleSize;
    if (!Number.isInteger(size) || size < INSPECTION_LIMITS.sampleSize.min || size > INSPECTION_LIMITS.sampleSize.max) {
      throw invalid(['input', 'sampleSize'], `A sample has ${INSPECTION_LIMITS.sampleSize.min} to ${INSPECTION_LIMITS.sampleSize.max} contacts.`);
    }
    const [count] = await executeBound<{ population: number | null }>(ctx, `select inspection_week_population($1, $2, $3) as population`, [
      contract.id,
      days.start,
      days.end,
    ]);
    const population = count?.population ?? 0;
    if (population === 0) {
      throw new DomainErrors([
        domainProblem(DomainErrorCode.INVALID_STATE, ['input', 'week'], `The vendor reported no contact records for the week ${command.week}.`),
      ]);
    }
    const positions = drawPositions(seed, population, size);
    const found = await executeBound<WeekRecord>(ctx, `select * from inspection_week_records($1, $2, $3, $4::int[], null)`, [
      contract.id,
      days.start,
      days.end,
      positions,
    ]);
    const byPosition = new Map(found.map((r) => [r.population_position, r]));
    records = positions.map((p) => byPosition.get(p)!);
    invariant(records.every(Boolean), 'every drawn position is a record of the week');
    sampling = { sampleMethod: SampleMethod.RANDOM, seed, algorithm: SAMPLING_ALGORITHM, population };
  }

  const now = ctx.clock.now();
  const inspection = Object.assign(new Inspection(), {
    contractId: contract.id,
    merchantId: contract.merchantId,
    vendorId: contract.vendorId,
    number: head!.number,
    week: command.week,
    weekStart: days.start,
    weekEnd: days.end,
    scorecard,
    ...sampling,
    createdByUser: personOf(ctx),
    createdAt: now,
  });
  ctx.uow.em.persist(inspection);
  // The sample in one statement, whatever its size (the inspection row is flushed with the unit of work; the key is deferred).
  await executeBound(
    ctx,
    `insert into inspection_sample (inspection_id, position, contract_id, merchant_id, vendor_id, external_id, population_position, channel, started_at, duration_seconds)
     select $1, s.position, $2, $3, $4, s.external_id, s.population_position, s.channel, s.started_at, s.duration_seconds
     from unnest($5::int[], $6::text[], $7::int[], $8::text[], $9::timestamptz[], $10::int[]) as s(position, external_id, population_position, channel, started_at, duration_seconds)`,
    [
      inspection.id,
      contract.id,
      contract.merchantId,
      contract.vendorId,
      records.map((_, i) => i + 1),
      records.map((r) => r.external_id),
      records.map((r) => (sampling.sampleMethod === SampleMethod.RANDOM ? r.population_position : null)),
      records.map((r) => r.channel),
      records.map((r) => new Date(r.started_at).toISOString()),
      records.map((r) => r.duration_seconds),
    ],
  );
  recordAudit(ctx, {
    action: 'inspection.create',
    entityType: 'Inspection',
    entityId: inspection.id,
    contractId: contract.id,
    after: {
      contractId: contract.id,
      number: inspection.number,
      week: inspection.week,
      scorecardVersion: scorecard.version,
      sampleMethod: inspection.sampleMethod,
      seed: inspection.seed,
      algorithm: inspection.algorithm,
      population: inspection.population,
      sampleSize: records.length,
    },
  });
  return inspection;
}

/** The inspection and its contract, locked, when the acting organization is the contract's merchant. */
async function lockInspection(ctx: RequestContext, inspectionId: string | null): Promise<{ inspection: Inspection; contract: Contract }> {
  const found = inspectionId ? await ctx.uow.em.findOne(Inspection, { id: inspectionId }) : null;
  if (!found || found.merchantId !== actingOrganizationId(ctx.viewer)) throw notFound(['id'], 'inspection');
  const contract = await lockAsMerchant(ctx, found.contractId, ['id']);
  await ctx.uow.em.refresh(found);
  return { inspection: found, contract };
}

/**
 * The inspector scores every sampled contact at once: per criterion 0–100 (a critical criterion may be
 * marked violated, which fails the contact with 0); a contact's score is the weighted average, the
 * inspection's the average of its contacts', PASSED at the pass mark. A FAILED inspection climbs the
 * contract's escalation ladder: a rectification always; from the 2nd failure a deduction for the
 * week's month; from the 3rd a termination right for the merchant (or the contract ends, when its
 * rules say so).
 */
export async function scoreInspection(ctx: RequestContext, inspectionId: string | null, command: InspectionScoreCommand): Promise<Inspection> {
  const { inspection, contract } = await lockInspection(ctx, inspectionId);
  transitionOrFail(() => INSPECTION_MACHINE.check(inspection, 'score', ctx.clock.now()));
  const sampled = await executeBound<{ external_id: string }>(ctx, `select external_id from inspection_sample where inspection_id = $1 order by position`, [
    inspection.id,
  ]);
  const scored = checkScores(
    command,
    inspection.scorecard,
    sampled.map((s) => s.external_id),
  );
  await executeBound(
    ctx,
    `update inspection_sample t set scores = s.scores::jsonb, critical_violation = s.critical_violation, score = s.score, note = s.note
     from unnest($2::text[], $3::text[], $4::bool[], $5::numeric[], $6::text[]) as s(external_id, scores, critical_violation, score, note)
     where t.inspection_id = $1 and t.external_id = s.external_id`,
    [
      inspection.id,
      scored.map((c) => c.externalId),
      scored.map((c) => JSON.stringify(c.scores)),
      scored.map((c) => c.criticalViolation),
      scored.map((c) => c.score),
      scored.map((c) => c.note),
    ],
  );
  const now = ctx.clock.now();
  const score = inspectionScore(scored.map((c) => c.score));
  const passed = new Decimal(score).gte(inspection.scorecard.passMark);
  const { from, to } = INSPECTION_MACHINE.apply(inspection, 'score', now);
  Object.assign(inspection, { score, result: passed ? InspectionResult.PASSED : InspectionResult.FAILED, scoredAt: now, scoredByUser: personOf(ctx) });
  let rectification: InspectionRectification | null = null;
  let autoTerminate = false;
  if (!passed) {
    const rules = inspectionRules(contract);
    const failed = await executeBound<{ id: string }>(
      ctx,
      `select id from inspection where contract_id = $1 and result = 'FAILED' and id <> $2 order by failure_number, number`,
      [contract.id, inspection.id],
    );
    inspection.failureNumber = failed.length + 1;
    const step = ladderStep(inspection.failureNumber, rules);
    if (step.deductionPercent) Object.assign(inspection, { deductionPercent: step.deductionPercent, deductionMonth: weekMonth(inspection.weekStart) });
    rectification = Object.assign(new InspectionRectification(), {
      inspectionId: inspection.id,
      contractId: contract.id,
      merchantId: contract.merchantId,
      vendorId: contract.vendorId,
      openedAt: now,
      dueAt: new Date(now.getTime() + rules.rectificationHours * HOUR_MS),
    });
    ctx.uow.em.persist(rectification);
    if (step.terminationRight) {
      const right = grantTerminationRight(ctx, contract, {
        holderOrganization: contract.merchantId,
        source: TerminationRightSource.INSPECTION_LADDER,
        arisesAt: now,
        evidence: { inspectionIds: [...failed.map((f) => f.id), inspection.id], failureNumber: inspection.failureNumber },
      });
      inspection.terminationRightId = right.id;
    }
    autoTerminate = step.autoTerminate;
  }
  recordAudit(ctx, {
    action: 'inspection.score',
    entityType: 'Inspection',
    entityId: inspection.id,
    contractId: inspection.contractId,
    before: { status: from },
    after: {
      status: to,
      result: inspection.result,
      score,
      failureNumber: inspection.failureNumber,
      deductionPercent: inspection.deductionPercent,
      deductionMonth: inspection.deductionMonth,
      terminationRightId: inspection.terminationRightId,
    },
  });
  if (rectification) {
    recordAudit(ctx, {
      action: 'inspection.rectification.open',
      entityType: 'InspectionRectification',
      entityId: rectification.id,
      contractId: rectification.contractId,
      after: { inspectionId: inspection.id, dueAt: rectification.dueAt },
    });
  }
  if (autoTerminate && inspection.terminationRightId) {
    await ctx.uow.em.flush();
    await terminateContract(ctx, contract.id, {
      kind: TerminationKind.FOR_CAUSE,
      effectiveOn: contractToday(contract, now),
      reason: `Ended automatically by the contract's rules: failed quality inspection no. ${inspection.number} is failure ${inspection.failureNumber}.`,
      rightId: inspection.terminationRightId,
    });
  }
  return inspection;
}

async function lockRectification(ctx: RequestContext, rectificationId: string | null, party: ContractParty): Promise<InspectionRectification> {
  const organizationId = actingOrganizationId(ctx.viewer);
  const rectification = rectificationId
    ? await ctx.uow.em.findOne(InspectionRectification, { id: rectificationId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : null;
  const owner = rectification && (party === ContractParty.MERCHANT ? rectification.merchantId : rectification.vendorId);
  if (!rectification || owner !== organizationId) throw notFound(['id'], 'rectification');
  return rectification;
}

/** The vendor answers a rectification (masked free text); a late answer is taken, its overdue flag stays. */
export async function answerRectification(ctx: RequestContext, rectificationId: string | null, text: string): Promise<InspectionRectification> {
  const rectification = await lockRectification(ctx, rectificationId, ContractParty.VENDOR);
  const now = ctx.clock.now();
  transitionOrFail(() => RECTIFICATION_MACHINE.check(rectification, 'answer', now));
  const answer = checkAnswer(text, ['input', 'answer']);
  const { from, to } = RECTIFICATION_MACHINE.apply(rectification, 'answer', now);
  const late = rectification.dueAt.getTime() <= now.getTime();
  Object.assign(rectification, { answer, answeredAt: now, answeredByUser: personOf(ctx) });
  recordAudit(ctx, {
    action: 'inspection.rectification.answer',
    entityType: 'InspectionRectification',
    entityId: rectification.id,
    contractId: rectification.contractId,
    before: { status: from },
    after: { status: to, round: rectification.round, answer, late },
  });
  return rectification;
}

/** The merchant accepts the answer (final). */
export async function acceptRectification(ctx: RequestContext, rectificationId: string | null): Promise<InspectionRectification> {
  const rectification = await lockRectification(ctx, rectificationId, ContractParty.MERCHANT);
  const now = ctx.clock.now();
  const { from, to } = transitionOrFail(() => RECTIFICATION_MACHINE.apply(rectification, 'accept', now));
  Object.assign(rectification, { decidedAt: now, decidedByUser: personOf(ctx) });
  recordAudit(ctx, {
    action: 'inspection.rectification.accept',
    entityType: 'InspectionRectification',
    entityId: rectification.id,
    contractId: rectification.contractId,
    before: { status: from },
    after: { status: to, round: rectification.round },
  });
  return rectification;
}

/**
 * The merchant rejects the answer, with a reason (masked): the rectification reopens for a new round,
 * due the contract's rectification hours (48) after the rejection; the rejected answer is kept in its history.
 */
export async function rejectRectification(ctx: RequestContext, rectificationId: string | null, reasonText: string): Promise<InspectionRectification> {
  const rectification = await lockRectification(ctx, rectificationId, ContractParty.MERCHANT);
  const now = ctx.clock.now();
  transitionOrFail(() => RECTIFICATION_MACHINE.check(rectification, 'reject', now));
  const reason = checkAnswer(reasonText, ['input', 'reason']);
  const contract = await lockAsMerchant(ctx, rectification.contractId, ['id']);
  const { from, to } = RECTIFICATION_MACHINE.apply(rectification, 'reject', now);
  invariant(rectification.answer !== null && rectification.answeredAt !== null, 'an answered rectification has its answer');
  rectification.history = [
    ...rectification.history,
    {
      round: rectification.round,
      dueAt: rectification.dueAt.toISOString(),
      answer: rectification.answer,
      answeredAt: rectification.answeredAt.toISOString(),
      rejectedAt: now.toISOString(),
      reason,
    },
  ];
  Object.assign(rectification, {
    round: rectification.round + 1,
    dueAt: new Date(now.getTime() + inspectionRules(contract).rectificationHours * HOUR_MS),
    overdueFlaggedAt: null,
    answer: null,
    answeredAt: null,
    answeredByUser: null,
    decidedAt: now,
    decidedByUser: personOf(ctx),
  });
  recordAudit(ctx, {
    action: 'inspection.rectification.reject',
    entityType: 'InspectionRectification',
    entityId: rectification.id,
    contractId: rectification.contractId,
    before: { status: from },
    after: { status: to, round: rectification.round, reason, dueAt: rectification.dueAt },
  });
  return rectification;
}

/** The overdue job: flags an OPEN round past its due time (as the system for the merchant). False when nothing was due. */
export async function flagOverdueRectification(ctx: RequestContext, rectificationId: string): Promise<boolean> {
  const rectification = await lockRectification(ctx, rectificationId, ContractParty.MERCHANT);
  const now = ctx.clock.now();
  if (!RECTIFICATION_MACHINE.can(rectification.status, 'flagOverdue')) return false;
  try {
    RECTIFICATION_MACHINE.apply(rectification, 'flagOverdue', now);
  } catch {
    return false;
  }
  rectification.overdueFlaggedAt = now;
  recordAudit(ctx, {
    action: 'inspection.rectification.overdue',
    entityType: 'InspectionRectification',
    entityId: rectification.id,
    contractId: rectification.contractId,
    after: { round: rectification.round, dueAt: rectification.dueAt, flaggedAt: now },
  });
  return true;
}
