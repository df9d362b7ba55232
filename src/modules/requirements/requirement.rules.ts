import { MAX_AMOUNT, fitsScale } from '../../core/decimal-scale.js';
import { Decimal } from 'decimal.js';
import { DomainErrorCode, DomainErrors, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import type { KpiTarget, PeakPlan, ServiceHours } from './requirement.entity.js';
import type { RequirementDraft } from './requirement.model.js';
import { REQUIREMENT_LIMITS as L, formatBound } from './requirement.model.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The requirement's terms in stored form, or every problem with their input paths. */
export interface NormalizedRequirement {
  title: string;
  description: string;
  serviceScopes: string[];
  channels: string[];
  serviceHours: ServiceHours;
  seatsRequired: number;
  expectedMonthlyVolume: number;
  peakPlans: PeakPlan[];
  kpiTargets: KpiTarget[];
  termStart: string;
  termMonths: number;
  budgetMin: string | null;
  budgetMax: string | null;
  requiredCertifications: string[];
  bidDeadline: Date;
  visibility: RequirementDraft['visibility'];
  timeZone: string;
}

export function normalizeRequirement(input: RequirementDraft): { value: NormalizedRequirement | null; errors: DomainProblem[] } {
  const errors: DomainProblem[] = [];
  const invalid = (path: string[], message: string) => errors.push(domainProblem(DomainErrorCode.INVALID, ['input', ...path], message));
  const title = input.title.trim();
  if (title.length < L.titleLength.min || title.length > L.titleLength.max)
    invalid(['title'], `Title must have ${L.titleLength.min} to ${L.titleLength.max} characters.`);
  const description = (input.description ?? '').trim();
  if (description.length > L.descriptionLength) invalid(['description'], `Description may have at most ${formatBound(L.descriptionLength)} characters.`);
  if (!input.serviceScopes.length) invalid(['serviceScopes'], 'Choose at least one service scope.');
  if (!input.channels.length) invalid(['channels'], 'Choose at least one channel.');

  const hours = input.serviceHours;
  const days = [...new Set(hours.daysOfWeek)].sort();
  if (!days.length || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    invalid(['serviceHours', 'daysOfWeek'], 'Days of week are 1 (Monday) to 7 (Sunday), at least one.');
  const roundTheClock = !hours.startTime && !hours.endTime;
  if (!roundTheClock && (!TIME.test(hours.startTime ?? '') || !TIME.test(hours.endTime ?? '') || hours.startTime! >= hours.endTime!)) {
    invalid(['serviceHours'], 'Give a daily window "HH:MM"–"HH:MM" with start before end, or neither time for round the clock.');
  }
  const timeZone = hours.timeZone ?? 'Asia/Shanghai';

  if (!Number.isInteger(input.seatsRequired) || input.seatsRequired < L.seats.min || input.seatsRequired > L.seats.max)
    invalid(['seatsRequired'], `Seats required must be ${L.seats.min} to ${formatBound(L.seats.max)}.`);
  if (!Number.isInteger(input.expectedMonthlyVolume) || input.expectedMonthlyVolume < 0 || input.expectedMonthlyVolume > L.monthlyVolume) {
    invalid(['expectedMonthlyVolume'], 'Expected monthly volume must be a whole number ≥ 0.');
  }
  const peakPlans = (input.peakPlans ?? []).map((p, i) => {
    if (p.from > p.to) invalid(['peakPlans', String(i), 'to'], 'A peak plan ends on or after it starts.');
    if (p.staffingMultiplier.lte(0) || p.staffingMultiplier.gt(L.peakStaffingMultiplier) || !fitsScale(p.staffingMultiplier, 'FRACTION')) {
      invalid(
        ['peakPlans', String(i), 'staffingMultiplier'],
        `Staffing multiplier must be above 0 and at most ${L.peakStaffingMultiplier}, with at most 4 decimals.`,
      );
    }
    return { from: p.from, to: p.to, staffingMultiplier: p.staffingMultiplier.toFixed(), note: p.note?.trim() || null };
  });
  const seen = new Set<string>();
  const kpiTargets = (input.kpiTargets ?? []).map((k, i) => {
    if (seen.has(k.metric)) invalid(['kpiTargets', String(i), 'metric'], `${k.metric} is listed twice.`);
    seen.add(k.metric);
    if (k.target.isNegative() || !fitsScale(k.target, 'PERCENT'))
      invalid(['kpiTargets', String(i), 'target'], 'A KPI target is not negative and has at most 2 decimals.');
    const weight = k.weight ?? new Decimal(1);
    if (weight.lte(0) || weight.gt(L.kpiWeight) || !fitsScale(weight, 'FRACTION'))
      invalid(['kpiTargets', String(i), 'weight'], `Weight must be above 0 and at most ${L.kpiWeight}, with at most 4 decimals.`);
    return { metric: k.metric, comparator: k.comparator, target: k.target.toFixed(), unit: k.unit.trim(), weight: weight.toFixed() };
  });
  if (!Number.isInteger(input.termMonths) || input.termMonths < L.termMonths.min || input.termMonths > L.termMonths.max) {
    invalid(['termMonths'], `Term must be ${L.termMonths.min} to ${L.termMonths.max} months.`);
  }
  for (const [key, value] of [
    ['budgetMin', input.budgetMin],
    ['budgetMax', input.budgetMax],
  ] as const) {
    if (value && (value.isNegative() || !fitsScale(value, 'MONEY') || value.gt(MAX_AMOUNT)))
      invalid([key], 'A budget is a non-negative amount in CNY with at most 2 decimals and 16 digits before them.');
  }
  if (input.budgetMin && input.budgetMax && input.budgetMin.gt(input.budgetMax)) invalid(['budgetMax'], 'The highest budget is below the lowest.');
  const deadlineDate = input.bidDeadline.toISOString().slice(0, 10);
  if (deadlineDate >= input.termStart) invalid(['bidDeadline'], 'Bidding must close before the term starts.');

  if (errors.length) return { value: null, errors };
  return {
    value: {
      title,
      description,
      serviceScopes: [...new Set(input.serviceScopes)],
      channels: [...new Set(input.channels)],
      serviceHours: { daysOfWeek: days, startTime: roundTheClock ? null : hours.startTime!, endTime: roundTheClock ? null : hours.endTime!, timeZone },
      seatsRequired: input.seatsRequired,
      expectedMonthlyVolume: input.expectedMonthlyVolume,
      peakPlans,
      kpiTargets,
      termStart: input.termStart,
      termMonths: input.termMonths,
      budgetMin: input.budgetMin?.toFixed(2) ?? null,
      budgetMax: input.budgetMax?.toFixed(2) ?? null,
      requiredCertifications: [...new Set((input.requiredCertifications ?? []).map((c) => c.trim()).filter(Boolean))],
      bidDeadline: input.bidDeadline,
      visibility: input.visibility,
      timeZone,
    },
    errors: [],
  };
}

/** Reasons shown to vendors (cancellation, rejection): trimmed, at most this many characters. */
export const MAX_REASON_LENGTH = 1000;

/**
 * A reason given to vendors, trimmed: null when blank and optional; refused (userErrors) when
 * blank and required, or longer than MAX_REASON_LENGTH.
 */
export function checkReason(reason: string | null | undefined, field: string[], options: { required: boolean }): string | null {
  const text = reason?.trim() ?? '';
  if (!text) {
    if (options.required) throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, 'Give a reason: the vendors will see it.')]);
    return null;
  }
  if ([...text].length > MAX_REASON_LENGTH) {
    throw new DomainErrors([domainProblem(DomainErrorCode.INVALID, field, `A reason has at most ${MAX_REASON_LENGTH.toLocaleString('en')} characters.`)]);
  }
  return text;
}
