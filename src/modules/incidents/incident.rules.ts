import { DomainErrorCode, domainProblem, type DomainProblem } from '../../core/domain-error.js';
import { maskPersonalData } from '../../core/personal-data.js';
import { MINUTE_MS } from './availability.rules.js';

/** Free text of incidents: causes and notes. */
export const INCIDENT_TEXT_LIMITS = { cause: { min: 3, max: 2000 }, note: { min: 1, max: 2000 } } as const;

/** The instants a contract's incidents may lie in: from its first day's midnight to the midnight after its last day (contract time zone). */
export interface IncidentTerm {
  start: Date;
  end: Date;
  /** For messages: the days. */
  firstDay: string;
  lastDay: string;
}

/** Trimmed, checked and masked free text (mobile numbers, ID-card numbers, e-mail addresses), or a problem at `path`. */
export function checkText(text: string | null | undefined, limits: { min: number; max: number }, path: string[], problems: DomainProblem[]): string | null {
  const trimmed = text?.trim() ?? '';
  const length = [...trimmed].length;
  if (length < limits.min || length > limits.max) {
    problems.push(domainProblem(DomainErrorCode.INVALID, path, `Write ${limits.min} to ${limits.max.toLocaleString('en')} characters.`));
    return null;
  }
  return maskPersonalData(trimmed);
}

/** An optional note: null when absent or blank, otherwise checked and masked like any free text. */
export function checkNote(text: string | null | undefined, path: string[], problems: DomainProblem[]): string | null {
  if (text == null || text.trim() === '') return null;
  return checkText(text, INCIDENT_TEXT_LIMITS.note, path, problems);
}

const wholeMinute = (instant: Date) => instant.getTime() % MINUTE_MS === 0;

/**
 * An outage's start and end (or a breach's time): on whole minutes for outages (availability
 * counts minutes), not after now, inside the contract's term, and the end after the start.
 */
export function checkIncidentTimes(
  times: { startedAt: Date; endedAt?: Date | null; outage: boolean },
  term: IncidentTerm,
  now: Date,
  paths: { startedAt: string[]; endedAt: string[] },
  problems: DomainProblem[],
): void {
  const check = (instant: Date, path: string[], what: string) => {
    if (times.outage && !wholeMinute(instant)) {
      problems.push(domainProblem(DomainErrorCode.INVALID, path, `Give the ${what} to the whole minute (no seconds): availability counts minutes.`));
    } else if (instant.getTime() > now.getTime()) {
      problems.push(domainProblem(DomainErrorCode.INVALID, path, `The ${what} is in the future (now is ${now.toISOString()}).`));
    } else if (instant.getTime() < term.start.getTime() || instant.getTime() > term.end.getTime()) {
      problems.push(domainProblem(DomainErrorCode.INVALID, path, `The ${what} is outside the contract’s term (${term.firstDay} to ${term.lastDay}).`));
    } else {
      return true;
    }
    return false;
  };
  const startOk = check(times.startedAt, paths.startedAt, 'start');
  if (startOk && times.startedAt.getTime() === term.end.getTime()) {
    problems.push(domainProblem(DomainErrorCode.INVALID, paths.startedAt, `The start is outside the contract’s term (${term.firstDay} to ${term.lastDay}).`));
  }
  if (times.endedAt == null) return;
  const endOk = check(times.endedAt, paths.endedAt, 'end');
  if (endOk && times.endedAt.getTime() <= times.startedAt.getTime()) {
    problems.push(domainProblem(DomainErrorCode.INVALID, paths.endedAt, 'The end must come after the start.'));
  }
}
