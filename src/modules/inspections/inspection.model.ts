import type { Decimal } from 'decimal.js';

/*
 * Quality inspections' values and commands: plain TypeScript, no GraphQL. The GraphQL input classes
 * (inspection.types.ts) match them by shape.
 */

/** One criterion of a scorecard (as stored: decimals as strings with their scale). */
export interface ScorecardCriterion {
  name: string;
  /** Relative weight, > 0, 4 decimals. */
  weight: string;
  /** A violation of a critical criterion fails the contact (score 0). */
  critical: boolean;
}

/** One criterion's score of a contact, as stored. */
export interface ContactScore {
  criterion: string;
  score: string;
  violation: boolean;
}

export enum SampleMethod {
  RANDOM = 'RANDOM',
  ENTERED = 'ENTERED',
}

export interface ScorecardCriterionCommand {
  name: string;
  weight: Decimal;
  critical?: boolean | null;
}

/** inspectionScorecardSet: a new version of the contract's scorecard. */
export interface ScorecardCommand {
  criteria: ScorecardCriterionCommand[];
  /** Default: the contract's rules (80.00). */
  passMark?: Decimal | null;
  /** Default: the contract's rules (50). */
  weeklySampleSize?: number | null;
}

/** inspectionCreate: an inspection of a week, sampled at random (seed optional) or from entered external ids. */
export interface InspectionCreateCommand {
  week: string;
  /** RANDOM: the seed (a new random one when absent). */
  seed?: number | null;
  /** RANDOM: how many to draw (default: the scorecard's weekly sample size). */
  sampleSize?: number | null;
  /** ENTERED: the contacts' external ids. */
  externalIds?: string[] | null;
}

export interface CriterionScoreCommand {
  criterion: string;
  score: Decimal;
  /** Only on critical criteria: the contact violated it (fails the contact). */
  violation?: boolean | null;
}

export interface ContactScoreCommand {
  externalId: string;
  scores: CriterionScoreCommand[];
  note?: string | null;
}

/** inspectionScore: the scores of every sampled contact. */
export interface InspectionScoreCommand {
  contacts: ContactScoreCommand[];
}
