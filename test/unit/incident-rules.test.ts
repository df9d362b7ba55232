import type { DomainProblem } from '../../src/core/domain-error.js';
import { INCIDENT_TEXT_LIMITS, checkIncidentTimes, checkNote, checkText, type IncidentTerm } from '../../src/modules/incidents/incident.rules.js';

const view = (problems: DomainProblem[]) => problems.map((p) => [p.code, p.path.join('.'), p.message]);

describe('incident free text', () => {
  test('a cause is trimmed, 3 to 2,000 characters (not UTF-16 units), and stored with personal data masked', () => {
    const problems: DomainProblem[] = [];
    expect(checkText('  Carrier down, call 13812345678.  ', INCIDENT_TEXT_LIMITS.cause, ['input', 'cause'], problems)).toBe('Carrier down, call 138****5678.');
    expect(checkText('断网了', INCIDENT_TEXT_LIMITS.cause, ['c'], problems)).toBe('断网了');
    expect(checkText('x'.repeat(2000), INCIDENT_TEXT_LIMITS.cause, ['c'], problems)).toHaveLength(2000);
    expect(checkText('😀😀😀', INCIDENT_TEXT_LIMITS.cause, ['c'], problems)).toBe('😀😀😀');
    expect(problems).toEqual([]);
    for (const text of ['  ab ', 'x'.repeat(2001), null, undefined]) {
      const refused: DomainProblem[] = [];
      expect(checkText(text, INCIDENT_TEXT_LIMITS.cause, ['input', 'cause'], refused)).toBeNull();
      expect(view(refused)).toEqual([['INVALID', 'input.cause', 'Write 3 to 2,000 characters.']]);
    }
  });

  test('a note is optional: absent or blank is null; otherwise 1 to 2,000 characters, masked', () => {
    const problems: DomainProblem[] = [];
    expect(checkNote(null, ['n'], problems)).toBeNull();
    expect(checkNote(undefined, ['n'], problems)).toBeNull();
    expect(checkNote('   ', ['n'], problems)).toBeNull();
    expect(checkNote(' k ', ['n'], problems)).toBe('k');
    expect(checkNote('mail li.wei@example.cn', ['n'], problems)).toBe('mail l***@example.cn');
    expect(problems).toEqual([]);
    checkNote('x'.repeat(2001), ['input', 'note'], problems);
    expect(view(problems)).toEqual([['INVALID', 'input.note', 'Write 1 to 2,000 characters.']]);
  });
});

describe('incident times', () => {
  // October 2026 in Shanghai: 2026-09-30T16:00Z to 2026-10-31T16:00Z.
  const term: IncidentTerm = { start: new Date('2026-09-30T16:00:00Z'), end: new Date('2026-10-31T16:00:00Z'), firstDay: '2026-10-01', lastDay: '2026-10-31' };
  const now = new Date('2026-10-20T04:00:00Z');
  const paths = { startedAt: ['input', 'startedAt'], endedAt: ['input', 'endedAt'] };
  const check = (startedAt: string, endedAt: string | null, outage = true, at = now) => {
    const problems: DomainProblem[] = [];
    checkIncidentTimes({ startedAt: new Date(startedAt), endedAt: endedAt === null ? null : new Date(endedAt), outage }, term, at, paths, problems);
    return problems.map((p) => [p.path.join('.'), p.message]);
  };

  test('an outage on whole minutes, inside the term, not in the future, ending after it starts, passes; an open one too', () => {
    expect(check('2026-09-30T16:00:00Z', '2026-09-30T16:01:00Z')).toEqual([]);
    expect(check('2026-10-20T03:59:00Z', '2026-10-20T04:00:00Z')).toEqual([]);
    expect(check('2026-10-10T00:00:00Z', null)).toEqual([]);
    const lateNow = new Date('2026-11-05T00:00:00Z');
    expect(check('2026-10-31T15:59:00Z', '2026-10-31T16:00:00Z', true, lateNow)).toEqual([]);
  });

  test('seconds, the future, outside the term, an end at or before the start are refused, each at its path', () => {
    expect(check('2026-10-10T00:00:30Z', '2026-10-10T00:01:01Z')).toEqual([
      ['input.startedAt', 'Give the start to the whole minute (no seconds): availability counts minutes.'],
      ['input.endedAt', 'Give the end to the whole minute (no seconds): availability counts minutes.'],
    ]);
    expect(check('2026-10-20T04:01:00Z', null)).toEqual([['input.startedAt', 'The start is in the future (now is 2026-10-20T04:00:00.000Z).']]);
    expect(check('2026-10-20T03:00:00Z', '2026-10-20T04:01:00Z')).toEqual([['input.endedAt', 'The end is in the future (now is 2026-10-20T04:00:00.000Z).']]);
    expect(check('2026-09-30T15:59:00Z', null)).toEqual([['input.startedAt', 'The start is outside the contract’s term (2026-10-01 to 2026-10-31).']]);
    const lateNow = new Date('2026-11-05T00:00:00Z');
    expect(check('2026-10-31T16:00:00Z', null, true, lateNow)).toEqual([
      ['input.startedAt', 'The start is outside the contract’s term (2026-10-01 to 2026-10-31).'],
    ]);
    expect(check('2026-10-31T15:00:00Z', '2026-10-31T16:01:00Z', true, lateNow)).toEqual([
      ['input.endedAt', 'The end is outside the contract’s term (2026-10-01 to 2026-10-31).'],
    ]);
    expect(check('2026-10-10T00:00:00Z', '2026-10-10T00:00:00Z')).toEqual([['input.endedAt', 'The end must come after the start.']]);
    expect(check('2026-10-10T00:01:00Z', '2026-10-10T00:00:00Z')).toEqual([['input.endedAt', 'The end must come after the start.']]);
  });

  test('a data breach may be timed to the second; the end check is not repeated when the end is already refused', () => {
    expect(check('2026-10-10T00:00:30Z', null, false)).toEqual([]);
    expect(check('2026-10-10T00:00:00Z', '2026-10-09T00:00:30Z', true)).toEqual([
      ['input.endedAt', 'Give the end to the whole minute (no seconds): availability counts minutes.'],
    ]);
  });
});
