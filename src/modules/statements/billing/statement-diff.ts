import type { Decimal } from 'decimal.js';
import type { LineDifference, StatementComputation, StatementLineKind } from './statement-facts.js';

/** What diffStatement needs of a recorded line. */
export interface RecordedLine {
  position: number;
  kind: StatementLineKind;
  amount: Decimal;
}

const keyOf = (line: { position: number; kind: StatementLineKind }) => `${line.position}/${line.kind}`;

/**
 * The lines of a recorded statement that a recomputation does not reproduce to the cent, matched by
 * (position, kind): a changed amount, a line only recorded, a line only recomputed. Empty when they
 * match. VAT and the totals are not lines: compare them separately.
 */
export function diffStatement(recorded: readonly RecordedLine[], recomputed: StatementComputation): LineDifference[] {
  // A queue per key: a key recorded twice pairs once and the extra copy shows as a difference.
  const pending = new Map<string, Decimal[]>();
  for (const line of recomputed.lines) pending.set(keyOf(line), [...(pending.get(keyOf(line)) ?? []), line.amount]);
  const differences: LineDifference[] = [];
  for (const line of recorded) {
    const match = pending.get(keyOf(line))?.shift();
    if (match === undefined) differences.push({ position: line.position, kind: line.kind, recorded: line.amount, recomputed: null });
    else if (!match.eq(line.amount)) differences.push({ position: line.position, kind: line.kind, recorded: line.amount, recomputed: match });
  }
  for (const line of recomputed.lines) {
    const left = pending.get(keyOf(line));
    const extra = left?.shift();
    if (extra !== undefined) differences.push({ position: line.position, kind: line.kind, recorded: null, recomputed: extra });
  }
  return differences.sort((a, b) => a.position - b.position || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || rank(a) - rank(b));
}

/** Same position and kind: the recorded side first. */
const rank = (difference: LineDifference) => (difference.recorded === null ? 1 : 0);
