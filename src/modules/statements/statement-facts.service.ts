import { Decimal } from 'decimal.js';
import type { RequestContext } from '../../core/request-context.js';
import { loadPricing } from '../bids/pricing-mapping.js';
import { calendarBetween } from '../calendar/calendar.service.js';
import { addDays, daysInMonth } from '../calendar/china-holidays.js';
import { localDate } from '../calendar/working-days.js';
import { contractTimeZone, effectiveState } from '../contracts/contract-state.js';
import type { Contract } from '../contracts/contract.entity.js';
import { amendmentsByContract } from '../contracts/contract.loaders.js';
import { termsOn } from '../contracts/terms-on.js';
import { monthWindow, monthlyAvailability } from '../incidents/availability.rules.js';
import { breachesVerifiedNearMonth, outagesNearMonth } from '../incidents/incident.loaders.js';
import { IncidentStatus } from '../incidents/incident.model.js';
import { deductionsOfMonth } from '../inspections/inspection.loaders.js';
import { usageDaysByContract } from '../usage/usage.loaders.js';
import { usageDayView } from '../usage/usage.service.js';
import type { DailyUsage } from './billing/pricing-terms.js';
import type { StatementFacts, StatementRules, TermsSpan } from './billing/statement-facts.js';
import { storeAvailability, storeRules, type StatementInputs } from './statement-inputs.js';
import { latePaymentsForMonth } from './statement.loaders.js';

export interface GatheredFacts {
  facts: StatementFacts;
  inputs: StatementInputs;
}

/** The first and last day of a month ("2026-10" → 2026-10-01, 2026-10-31). */
export function monthBounds(month: string): { first: string; last: string } {
  return { first: `${month}-01`, last: `${month}-${String(daysInMonth(month)).padStart(2, '0')}` };
}

/**
 * The days of `month` the contract was in service: from its start (both signed) to the end of its
 * term (renewals due by the clock included) or of the transition after a termination. Null when none.
 */
export function billedDays(contract: Contract, month: string, now: Date): { from: string; to: string } | null {
  if (!contract.merchantSignedAt || !contract.vendorSignedAt) return null;
  const { first, last } = monthBounds(month);
  const lastServiceDay = contract.transitionEndsOn ?? effectiveState(contract, now).endDate;
  const from = contract.startDate > first ? contract.startDate : first;
  const to = lastServiceDay < last ? lastServiceDay : last;
  return from <= to ? { from, to } : null;
}

function rulesOf(rules: Contract['terms']['rules']): StatementRules {
  return {
    availability: {
      targetPercent: new Decimal(rules.availability.targetPercent),
      deductionPercentPerPoint: new Decimal(rules.availability.deductionPercentPerPoint),
      tiers: rules.availability.tiers.map((t) => ({ atMostPercent: new Decimal(t.atMostPercent), payablePercent: new Decimal(t.payablePercent) })),
    },
    dataBreachDeductionPercent: new Decimal(rules.breaches.dataBreachDeductionPercent),
    lateFeePercentPerDay: new Decimal(rules.statements.lateFeePercentPerDay),
  };
}

/**
 * Everything a contract's statement of `month` is computed from, read through the other modules'
 * loaders (batched: gathering for many contracts at once costs one query per kind of fact). Usage
 * days are the days both parties read (records when the day has any, else the reported aggregate).
 */
export async function gatherFacts(ctx: RequestContext, contract: Contract, month: string): Promise<GatheredFacts | null> {
  const now = ctx.clock.now();
  const days = billedDays(contract, month, now);
  if (!days) return null;
  const timeZone = contractTimeZone(contract);
  const [amendments, usageRows, outages, breaches, failures, payments, calendar] = await Promise.all([
    amendmentsByContract(ctx).load(contract.id),
    usageDaysByContract(ctx, month).load(contract.id),
    outagesNearMonth(ctx, month).load(contract.id),
    breachesVerifiedNearMonth(ctx, month).load(contract.id),
    deductionsOfMonth(ctx, month).load(contract.id),
    latePaymentsForMonth(ctx, month).load(contract.id),
    calendarBetween(ctx, days.from, days.to),
  ]);

  // The terms change only where a binding amendment takes effect: spans between those days.
  const changes = [...new Set(amendments.filter((a) => a.effectiveFrom > days.from && a.effectiveFrom <= days.to).map((a) => a.effectiveFrom))].sort();
  const starts = [days.from, ...changes];
  const spans: (TermsSpan & { stored: Contract['terms']['pricing'] })[] = [];
  starts.forEach((from, i) => {
    const to = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : days.to;
    const inForce = termsOn(contract, amendments, from);
    const previous = spans.at(-1);
    if (previous && previous.amendmentNumbers.join() === inForce.amendmentNumbers.join()) previous.to = to;
    else spans.push({ from, to, pricing: loadPricing(inForce.terms.pricing), amendmentNumbers: inForce.amendmentNumbers, stored: inForce.terms.pricing });
  });
  const rules = rulesOf(termsOn(contract, amendments, days.to).terms.rules);

  const usage: DailyUsage[] = usageRows
    .filter((row) => row.day >= days.from && row.day <= days.to)
    .map((row) => {
      const view = usageDayView(row);
      return { date: view.date, qualifiedContacts: view.qualifiedContacts, seats: Object.fromEntries(view.seats.map((s) => [s.seatType, s.seats])) };
    });

  const measured = monthlyAvailability(
    monthWindow(month, timeZone),
    outages.map((o) => ({ id: o.id, startedAt: o.startedAt, endedAt: o.endedAt, exempt: o.status === IncidentStatus.EXEMPT })),
    now,
  );
  const availability = {
    percent: measured.availabilityPercent,
    nonExemptOutageMinutes: measured.nonExemptOutageMinutes,
    minutesInMonth: measured.minutesInMonth,
    incidentIds: measured.outages.filter((o) => !o.exempt).map((o) => o.id),
  };
  const { first, last } = monthBounds(month);
  const facts: StatementFacts = {
    month,
    contract: { startDate: contract.startDate, endDate: days.to < last ? days.to : null },
    terms: spans.map(({ stored: _stored, ...span }) => span),
    rules,
    usage,
    calendar,
    availability,
    verifiedBreaches: breaches
      .map((b) => ({ incidentId: b.id, verifiedOn: localDate(b.decidedAt!, timeZone) }))
      .filter((b) => b.verifiedOn >= first && b.verifiedOn <= last),
    failedInspections: failures.map((i) => ({
      inspectionId: i.id,
      failureNumber: i.failureNumber ?? 0,
      deductionPercent: i.deductionPercent === null ? null : new Decimal(i.deductionPercent),
    })),
    latePayments: payments.map((p) => ({
      paymentId: p.id,
      statementId: p.statementId,
      statementMonth: p.statementMonth,
      dueDate: p.dueDate,
      paidOn: p.paidOn,
      amount: new Decimal(p.amount),
    })),
  };
  const inputs: StatementInputs = {
    month,
    from: days.from,
    to: days.to,
    terms: spans.map((s) => ({ from: s.from, to: s.to, amendmentNumbers: s.amendmentNumbers, pricing: s.stored })),
    rules: storeRules(rules),
    availability: storeAvailability(availability),
    noticeMissingYears: calendar.noticeMissingYears(days.from, days.to),
  };
  return { facts, inputs };
}
