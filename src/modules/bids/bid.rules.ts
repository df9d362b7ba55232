import { fitsScale } from '../../core/decimal-scale.js';
import { DomainErrorCode, type DomainProblem, domainProblem } from '../../core/domain-error.js';
import { validatePricing } from '../statements/billing/pricing-validation.js';
import type { PricingTerms } from '../statements/billing/pricing-terms.js';
import type { Requirement } from '../requirements/requirement.entity.js';
import type { KpiCommitment, StaffingPlan } from './bid.entity.js';
import type { BidDraft } from './bid.model.js';
import { pricingTermsOf } from './pricing-mapping.js';
import { BID_LIMITS } from './bid.model.js';
import { formatBound } from '../requirements/requirement.model.js';

export interface NormalizedBid {
  staffing: StaffingPlan;
  pricing: PricingTerms;
  kpiCommitments: KpiCommitment[];
  notes: string | null;
}

/** Checks a bid against its requirement; every problem carries its input path. */
export function normalizeBid(input: BidDraft, requirement: Requirement): { value: NormalizedBid | null; errors: DomainProblem[] } {
  const errors: DomainProblem[] = [];
  const invalid = (path: string[], message: string) => errors.push(domainProblem(DomainErrorCode.INVALID, ['input', ...path], message));
  const s = input.staffing;
  if (!Number.isInteger(s.agents) || s.agents < BID_LIMITS.agents.min || s.agents > BID_LIMITS.agents.max) {
    invalid(['staffing', 'agents'], `Agents must be a whole number from ${BID_LIMITS.agents.min} to ${formatBound(BID_LIMITS.agents.max)}.`);
  }
  for (const key of ['teamLeads', 'qualityStaff', 'trainers'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 0 || s[key] > BID_LIMITS.otherStaff) invalid(['staffing', key], `${key} must be a whole number ≥ 0.`);
  }
  if (s.reserveRatio.isNegative() || s.reserveRatio.gt(1) || !fitsScale(s.reserveRatio, 'FRACTION')) {
    invalid(['staffing', 'reserveRatio'], 'Reserve ratio is a fraction from 0 to 1 with at most 4 decimals (0.2 = 20% reserve).');
  }
  if (s.maxMonthlyAttrition && (s.maxMonthlyAttrition.isNegative() || s.maxMonthlyAttrition.gt(1) || !fitsScale(s.maxMonthlyAttrition, 'FRACTION'))) {
    invalid(['staffing', 'maxMonthlyAttrition'], 'Maximum monthly attrition is a fraction from 0 to 1 with at most 4 decimals (0.15 = 15%).');
  }
  const pricing = pricingTermsOf(input.pricing);
  for (const problem of validatePricing(pricing)) invalid(['pricing', ...problem.field], problem.message);

  const targets = new Set(requirement.kpiTargets.map((k) => k.metric));
  const seen = new Set<string>();
  const kpiCommitments = (input.kpiCommitments ?? []).map((k, i) => {
    if (!targets.has(k.metric))
      invalid(
        ['kpiCommitments', String(i), 'metric'],
        `The requirement has no ${k.metric} target: commit only to its KPIs (${[...targets].join(', ') || 'none'}).`,
      );
    if (seen.has(k.metric)) invalid(['kpiCommitments', String(i), 'metric'], `${k.metric} is committed twice.`);
    seen.add(k.metric);
    if (k.value.isNegative() || !fitsScale(k.value, 'PERCENT'))
      invalid(['kpiCommitments', String(i), 'value'], 'A KPI value is not negative and has at most 2 decimals.');
    return { metric: k.metric, value: k.value.toFixed() };
  });
  const notes = input.notes?.trim() || null;
  if (notes && notes.length > BID_LIMITS.notesLength) invalid(['notes'], `Notes may have at most ${formatBound(BID_LIMITS.notesLength)} characters.`);
  if (errors.length) return { value: null, errors };
  return {
    value: {
      staffing: {
        agents: s.agents,
        teamLeads: s.teamLeads,
        qualityStaff: s.qualityStaff,
        trainers: s.trainers,
        reserveRatio: s.reserveRatio.toFixed(),
        shifts: s.shifts?.trim() || null,
        languages: [...new Set((s.languages ?? []).map((l) => l.trim()).filter(Boolean))],
        trainingPlan: s.trainingPlan?.trim() || null,
        maxMonthlyAttrition: s.maxMonthlyAttrition?.toFixed() ?? null,
      },
      pricing,
      kpiCommitments,
      notes,
    },
    errors: [],
  };
}
