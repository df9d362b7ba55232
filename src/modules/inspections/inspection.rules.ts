import { Decimal } from 'decimal.js';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { DomainErrorCode, DomainErrors, domainProblem, type DomainProblem } from '../../core/domain-error.js';
import { fitsScale, fixed } from '../../core/decimal-scale.js';
import { invariant } from '../../core/invariant.js';
import { maskPersonalData } from '../../core/personal-data.js';
import { addDays } from '../calendar/china-holidays.js';
import type { ScorecardSnapshot } from './inspection.entity.js';
import type { ContactScore, InspectionScoreCommand, ScorecardCommand, ScorecardCriterion } from './inspection.model.js';

/** Bounds of what an inspector enters. */
export const INSPECTION_LIMITS = {
  criteria: { min: 1, max: 30 },
  criterionName: { min: 1, max: 100 },
  sampleSize: { min: 1, max: 500 },
  externalIdLength: 100,
  noteLength: 2_000,
  answerLength: { min: 3, max: 4_000 },
} as const;

/** The defaults of product.md §6 when a contract's rules say nothing. */
export const DEFAULT_PASS_MARK = '80.00';
export const DEFAULT_WEEKLY_SAMPLE_SIZE = 50;

/** Pinned with the exact version in package.json (a test checks it): an auditor redoes the draw with the same library. */
export const PURE_RAND_VERSION = '8.4.2';

/**
 * The sampling algorithm, stored with each random inspection beside its seed: the week's contact
 * records ordered by (started_at, external_id) and numbered 1…N; a pure-rand xoroshiro128plus
 * generator seeded with the seed; a partial Fisher–Yates shuffle taking `uniformInt(rng, i, N)` for
 * i = 1…n; the sample is positions 1…n of the shuffled list, in that order.
 */
export const SAMPLING_ALGORITHM = `pure-rand@${PURE_RAND_VERSION}/xoroshiro128plus+uniformInt/partial-fisher-yates/order(started_at,external_id)/v1`;

/** Seeds are non-negative 31-bit integers (a GraphQL Int). */
export const MAX_SEED = 2 ** 31 - 1;

/**
 * The 1-based positions among `population` ordered records that the seed draws, `size` at most, in
 * the order drawn. Pure: the same seed and population always give the same positions (memory grows
 * with the sample, not the population).
 */
export function drawPositions(seed: number, population: number, size: number): number[] {
  const rng = xoroshiro128plus(seed);
  const n = Math.min(size, population);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const drawn: number[] = [];
  for (let i = 1; i <= n; i++) {
    const j = uniformInt(rng, i, population);
    const picked = at(j);
    swapped.set(j, at(i));
    swapped.set(i, picked);
    drawn.push(picked);
  }
  return drawn;
}

/** An ISO week ("2027-W02") as its Monday and Sunday, or null when there is no such week. */
export function isoWeekDays(week: string): { start: string; end: string } | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  const start = new Date(mondayOfWeek1.getTime() + (number - 1) * 7 * 86_400_000);
  // Week 53 exists only when its Thursday is still in `year`.
  const thursday = new Date(start.getTime() + 3 * 86_400_000);
  if (thursday.getUTCFullYear() !== year) return null;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { start: iso(start), end: addDays(iso(start), 6) };
}

/** The month a week belongs to: its Thursday's (the ISO convention), as its first day. */
export function weekMonth(weekStart: string): string {
  return `${addDays(weekStart, 3).slice(0, 7)}-01`;
}

function invalid(path: (string | number)[], message: string): DomainProblem {
  return domainProblem(DomainErrorCode.INVALID, path.map(String), message);
}

/** Checks a scorecard and returns it as stored (decimals at their scale). */
export function checkScorecard(command: ScorecardCommand, defaults: { passMark: string; weeklySampleSize: number }): Omit<ScorecardSnapshot, 'version'> {
  const problems: DomainProblem[] = [];
  const { criteria } = command;
  if (criteria.length < INSPECTION_LIMITS.criteria.min || criteria.length > INSPECTION_LIMITS.criteria.max) {
    problems.push(invalid(['input', 'criteria'], `A scorecard has ${INSPECTION_LIMITS.criteria.min} to ${INSPECTION_LIMITS.criteria.max} criteria.`));
  }
  const names = new Set<string>();
  const stored: ScorecardCriterion[] = criteria.map((criterion, i) => {
    const name = maskPersonalData(criterion.name.trim());
    if (name.length < INSPECTION_LIMITS.criterionName.min || name.length > INSPECTION_LIMITS.criterionName.max) {
      problems.push(invalid(['input', 'criteria', i, 'name'], `A criterion's name has 1 to ${INSPECTION_LIMITS.criterionName.max} characters.`));
    } else if (names.has(name)) {
      problems.push(invalid(['input', 'criteria', i, 'name'], `The criterion "${name}" is listed twice.`));
    }
    names.add(name);
    if (!criterion.weight.isFinite() || criterion.weight.lte(0) || criterion.weight.gt(100) || !fitsScale(criterion.weight, 'FRACTION')) {
      problems.push(invalid(['input', 'criteria', i, 'weight'], 'A weight is above 0, at most 100, with at most 4 decimals.'));
    }
    return { name, weight: criterion.weight.isFinite() ? fixed(criterion.weight, 'FRACTION') : '0', critical: criterion.critical === true };
  });
  let passMark = defaults.passMark;
  if (command.passMark != null) {
    if (!command.passMark.isFinite() || command.passMark.lt(0) || command.passMark.gt(100) || !fitsScale(command.passMark, 'PERCENT')) {
      problems.push(invalid(['input', 'passMark'], 'The pass mark is 0 to 100 with at most 2 decimals.'));
    } else passMark = fixed(command.passMark, 'PERCENT');
  }
  const weeklySampleSize = command.weeklySampleSize ?? defaults.weeklySampleSize;
  if (!Number.isInteger(weeklySampleSize) || weeklySampleSize < INSPECTION_LIMITS.sampleSize.min || weeklySampleSize > INSPECTION_LIMITS.sampleSize.max) {
    problems.push(
      invalid(['input', 'weeklySampleSize'], `The weekly sample size is ${INSPECTION_LIMITS.sampleSize.min} to ${INSPECTION_LIMITS.sampleSize.max}.`),
    );
  }
  if (problems.length) throw new DomainErrors(problems);
  return { criteria: stored, passMark: fixed(passMark, 'PERCENT'), weeklySampleSize };
}

/** One contact's scores, checked against the scorecard, with its score: the weighted average, or 0 after a critical violation. */
export interface ScoredContact {
  externalId: string;
  scores: ContactScore[];
  criticalViolation: boolean;
  score: string;
  note: string | null;
}

/** A contact's score: 0 with a critical violation, else Σ(weight × score) ÷ Σ weight, 2 decimals half-up. */
export function contactScore(criteria: readonly ScorecardCriterion[], scores: readonly ContactScore[]): { score: string; criticalViolation: boolean } {
  const critical = new Set(criteria.filter((c) => c.critical).map((c) => c.name));
  const criticalViolation = scores.some((s) => s.violation && critical.has(s.criterion));
  if (criticalViolation) return { score: fixed(0, 'PERCENT'), criticalViolation };
  const weights = new Map(criteria.map((c) => [c.name, new Decimal(c.weight)]));
  let total = new Decimal(0);
  let weight = new Decimal(0);
  for (const s of scores) {
    const w = weights.get(s.criterion);
    invariant(w, () => `no criterion "${s.criterion}" on the scorecard`);
    total = total.plus(w.times(s.score));
    weight = weight.plus(w);
  }
  return { score: fixed(weight.isZero() ? 0 : total.div(weight), 'PERCENT'), criticalViolation };
}

/** The inspection's score: the average of its contacts' scores, 2 decimals half-up. */
export function inspectionScore(contactScores: readonly string[]): string {
  if (!contactScores.length) return fixed(0, 'PERCENT');
  return fixed(contactScores.reduce((sum, s) => sum.plus(s), new Decimal(0)).div(contactScores.length), 'PERCENT');
}

/** Checks the scores of every sampled contact (each once, every criterion once) and scores them. */
export function checkScores(command: InspectionScoreCommand, scorecard: ScorecardSnapshot, sampled: readonly string[]): ScoredContact[] {
  const problems: DomainProblem[] = [];
  const expected = new Set(sampled);
  const seen = new Set<string>();
  const byName = new Map(scorecard.criteria.map((c) => [c.name, c]));
  const scored = command.contacts.map((contact, i): ScoredContact => {
    const at = ['input', 'contacts', i];
    if (!expected.has(contact.externalId)) problems.push(invalid([...at, 'externalId'], `"${contact.externalId}" is not in this inspection's sample.`));
    else if (seen.has(contact.externalId)) problems.push(invalid([...at, 'externalId'], `"${contact.externalId}" is scored twice.`));
    seen.add(contact.externalId);
    const criteriaSeen = new Set<string>();
    const scores: ContactScore[] = contact.scores.map((s, j) => {
      const criterion = byName.get(s.criterion);
      if (!criterion) problems.push(invalid([...at, 'scores', j, 'criterion'], `The scorecard has no criterion "${s.criterion}".`));
      else if (criteriaSeen.has(s.criterion)) problems.push(invalid([...at, 'scores', j, 'criterion'], `"${s.criterion}" is scored twice.`));
      criteriaSeen.add(s.criterion);
      if (!s.score.isFinite() || s.score.lt(0) || s.score.gt(100) || !fitsScale(s.score, 'PERCENT')) {
        problems.push(invalid([...at, 'scores', j, 'score'], 'A score is 0 to 100 with at most 2 decimals.'));
      }
      if (s.violation && criterion && !criterion.critical) {
        problems.push(invalid([...at, 'scores', j, 'violation'], `"${s.criterion}" is not a critical criterion: score it instead.`));
      }
      return { criterion: s.criterion, score: s.score.isFinite() ? fixed(s.score, 'PERCENT') : '0.00', violation: s.violation === true };
    });
    const missing = scorecard.criteria.filter((c) => !criteriaSeen.has(c.name)).map((c) => c.name);
    if (missing.length) problems.push(invalid([...at, 'scores'], `Every criterion is scored; missing: ${missing.join(', ')}.`));
    const note = contact.note == null ? null : maskPersonalData(contact.note.trim()) || null;
    if (note && note.length > INSPECTION_LIMITS.noteLength)
      problems.push(invalid([...at, 'note'], `A note has at most ${INSPECTION_LIMITS.noteLength} characters.`));
    // Scores of unknown criteria are reported above; the contact's score is computed from the known ones (and discarded with the problems).
    const known = scores.filter((score) => byName.has(score.criterion));
    return { externalId: contact.externalId, scores, note, ...contactScore(scorecard.criteria, known) };
  });
  const unscored = sampled.filter((id) => !seen.has(id));
  if (unscored.length) problems.push(invalid(['input', 'contacts'], `Every sampled contact is scored; missing: ${unscored.slice(0, 10).join(', ')}.`));
  if (problems.length) throw new DomainErrors(problems.slice(0, 100));
  return scored;
}

/** The inspection rules of a contract that the ladder reads. */
export interface LadderRules {
  repeatFailureDeductionPercent: string;
  terminationRightAtFailure: number;
  autoTerminateAtThirdFailure: boolean;
}

/** What the n-th failed inspection of a contract brings: 1st a rectification only; 2nd and later a deduction; from the 3rd a termination right (or the end of the contract). */
export function ladderStep(failureNumber: number, rules: LadderRules): { deductionPercent: string | null; terminationRight: boolean; autoTerminate: boolean } {
  const terminationRight = failureNumber >= rules.terminationRightAtFailure;
  return {
    deductionPercent: failureNumber >= 2 ? fixed(rules.repeatFailureDeductionPercent, 'PERCENT') : null,
    terminationRight,
    autoTerminate: terminationRight && rules.autoTerminateAtThirdFailure,
  };
}

/** Checks the vendor's answer to a rectification and masks it. */
export function checkAnswer(text: string, path: string[]): string {
  const answer = maskPersonalData(text.trim());
  if (answer.length < INSPECTION_LIMITS.answerLength.min || answer.length > INSPECTION_LIMITS.answerLength.max) {
    throw new DomainErrors([invalid(path, `An answer has ${INSPECTION_LIMITS.answerLength.min} to ${INSPECTION_LIMITS.answerLength.max} characters.`)]);
  }
  return answer;
}
