import { Decimal } from 'decimal.js';
import { DomainErrors } from '../../src/core/domain-error.js';
import type { ScorecardSnapshot } from '../../src/modules/inspections/inspection.entity.js';
import { checkAnswer, checkScorecard, checkScores } from '../../src/modules/inspections/inspection.rules.js';

const d = (value: string | number) => new Decimal(value);
const DEFAULTS = { passMark: '80', weeklySampleSize: 50 };

function problems(call: () => unknown): string[][] {
  try {
    call();
    return [];
  } catch (error) {
    if (!(error instanceof DomainErrors)) throw error;
    return error.problems.map((p) => [p.path.join('.'), p.message]);
  }
}

describe('a scorecard', () => {
  test('is stored with names trimmed and masked, weights to 4 decimals, the pass mark to 2; defaults from the contract', () => {
    expect(
      checkScorecard(
        {
          criteria: [
            { name: ' Greeting ', weight: d('1.5') },
            { name: 'No false information', weight: d(100), critical: true },
          ],
        },
        DEFAULTS,
      ),
    ).toEqual({
      criteria: [
        { name: 'Greeting', weight: '1.5000', critical: false },
        { name: 'No false information', weight: '100.0000', critical: true },
      ],
      passMark: '80.00',
      weeklySampleSize: 50,
    });
    expect(checkScorecard({ criteria: [{ name: 'x'.repeat(100), weight: d('0.0001') }], passMark: d(0), weeklySampleSize: 1 }, DEFAULTS)).toMatchObject({
      passMark: '0.00',
      weeklySampleSize: 1,
    });
    expect(checkScorecard({ criteria: [{ name: 'Call 13812345678 back', weight: d(1) }], passMark: d(100), weeklySampleSize: 500 }, DEFAULTS)).toMatchObject({
      criteria: [{ name: 'Call 138****5678 back' }],
      passMark: '100.00',
      weeklySampleSize: 500,
    });
  });

  test('1 to 30 criteria, each named once with 1 to 100 characters, weights in (0, 100] with 4 decimals; a pass mark of 0 to 100 with 2; a sample of 1 to 500', () => {
    expect(problems(() => checkScorecard({ criteria: [] }, DEFAULTS))).toEqual([['input.criteria', 'A scorecard has 1 to 30 criteria.']]);
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `c${i}`, weight: d(1) }));
    expect(problems(() => checkScorecard({ criteria: many }, DEFAULTS))).toEqual([['input.criteria', 'A scorecard has 1 to 30 criteria.']]);
    expect(
      problems(() =>
        checkScorecard(
          {
            criteria: [
              { name: '  ', weight: d(0) },
              { name: 'x'.repeat(101), weight: d('100.0001') },
              { name: 'A', weight: d('0.00001') },
              { name: 'A', weight: d('Infinity') },
            ],
            passMark: d('100.01'),
            weeklySampleSize: 0,
          },
          DEFAULTS,
        ),
      ),
    ).toEqual([
      ['input.criteria.0.name', "A criterion's name has 1 to 100 characters."],
      ['input.criteria.0.weight', 'A weight is above 0, at most 100, with at most 4 decimals.'],
      ['input.criteria.1.name', "A criterion's name has 1 to 100 characters."],
      ['input.criteria.1.weight', 'A weight is above 0, at most 100, with at most 4 decimals.'],
      ['input.criteria.2.weight', 'A weight is above 0, at most 100, with at most 4 decimals.'],
      ['input.criteria.3.name', 'The criterion "A" is listed twice.'],
      ['input.criteria.3.weight', 'A weight is above 0, at most 100, with at most 4 decimals.'],
      ['input.passMark', 'The pass mark is 0 to 100 with at most 2 decimals.'],
      ['input.weeklySampleSize', 'The weekly sample size is 1 to 500.'],
    ]);
    const one = [{ name: 'A', weight: d(1) }];
    for (const passMark of [d('-0.01'), d('80.001'), d('NaN')]) {
      expect(problems(() => checkScorecard({ criteria: one, passMark }, DEFAULTS))).toEqual([
        ['input.passMark', 'The pass mark is 0 to 100 with at most 2 decimals.'],
      ]);
    }
    for (const weeklySampleSize of [501, 2.5]) {
      expect(problems(() => checkScorecard({ criteria: one, weeklySampleSize }, DEFAULTS))).toEqual([
        ['input.weeklySampleSize', 'The weekly sample size is 1 to 500.'],
      ]);
    }
  });
});

describe('scores of an inspection', () => {
  const scorecard: ScorecardSnapshot = {
    version: 1,
    criteria: [
      { name: 'Greeting', weight: '1.0000', critical: false },
      { name: 'Accuracy', weight: '3.0000', critical: true },
    ],
    passMark: '80.00',
    weeklySampleSize: 2,
  } as ScorecardSnapshot;
  const full = (externalId: string, greeting: string | number, accuracy: string | number, violation = false) => ({
    externalId,
    scores: [
      { criterion: 'Greeting', score: d(greeting) },
      { criterion: 'Accuracy', score: d(accuracy), violation },
    ],
  });

  test('each sampled contact scored on every criterion: weighted averages, 0 after a critical violation; notes trimmed and masked', () => {
    const scored = checkScores({ contacts: [{ ...full('a', 60, 100), note: '  ok, mail li.wei@example.cn ' }, full('b', 100, 100, true)] }, scorecard, [
      'a',
      'b',
    ]);
    expect(scored.map((s) => [s.externalId, s.score, s.criticalViolation, s.note])).toEqual([
      ['a', '90.00', false, 'ok, mail l***@example.cn'],
      ['b', '0.00', true, null],
    ]);
    expect(scored[0]!.scores).toEqual([
      { criterion: 'Greeting', score: '60.00', violation: false },
      { criterion: 'Accuracy', score: '100.00', violation: false },
    ]);
    expect(
      checkScores({ contacts: [{ ...full('a', 0, 100), note: '   ' }, full('b', '100', '0')] }, scorecard, ['a', 'b']).map((s) => [s.score, s.note]),
    ).toEqual([
      ['75.00', null],
      ['25.00', null],
    ]);
  });

  test('unknown, repeated or missing contacts and criteria, scores out of 0–100 or finer than cents, violations of non-critical criteria, long notes: refused at their paths', () => {
    expect(
      problems(() =>
        checkScores(
          {
            contacts: [
              {
                externalId: 'zzz',
                scores: [
                  { criterion: 'Greeting', score: d(50) },
                  { criterion: 'Accuracy', score: d(50) },
                ],
              },
              {
                externalId: 'a',
                scores: [
                  { criterion: 'Greeting', score: d('-1'), violation: true },
                  { criterion: 'Greeting', score: d('100.01') },
                  { criterion: 'Tone', score: d('50.001') },
                ],
                note: 'x'.repeat(2001),
              },
              full('a', 50, 50),
            ],
          },
          scorecard,
          ['a', 'b'],
        ),
      ),
    ).toEqual([
      ['input.contacts.0.externalId', '"zzz" is not in this inspection\'s sample.'],
      ['input.contacts.1.scores.0.score', 'A score is 0 to 100 with at most 2 decimals.'],
      ['input.contacts.1.scores.0.violation', '"Greeting" is not a critical criterion: score it instead.'],
      ['input.contacts.1.scores.1.criterion', '"Greeting" is scored twice.'],
      ['input.contacts.1.scores.1.score', 'A score is 0 to 100 with at most 2 decimals.'],
      ['input.contacts.1.scores.2.criterion', 'The scorecard has no criterion "Tone".'],
      ['input.contacts.1.scores.2.score', 'A score is 0 to 100 with at most 2 decimals.'],
      ['input.contacts.1.scores', 'Every criterion is scored; missing: Accuracy.'],
      ['input.contacts.1.note', 'A note has at most 2000 characters.'],
      ['input.contacts.2.externalId', '"a" is scored twice.'],
      ['input.contacts', 'Every sampled contact is scored; missing: b.'],
    ]);
    expect(checkScores({ contacts: [full('a', 0, 0), full('b', 100, 100)] }, scorecard, ['a', 'b'])).toHaveLength(2);
  });
});

test('a rectification answer is trimmed, masked and 3 to 4,000 characters', () => {
  expect(checkAnswer('  Retrained agent 7; call 13812345678.  ', ['input', 'answer'])).toBe('Retrained agent 7; call 138****5678.');
  expect(checkAnswer('abc', ['a'])).toBe('abc');
  expect(checkAnswer('x'.repeat(4000), ['a'])).toHaveLength(4000);
  const refused = [['input.answer', 'An answer has 3 to 4000 characters.']];
  expect(problems(() => checkAnswer('  ab ', ['input', 'answer']))).toEqual(refused);
  expect(problems(() => checkAnswer('x'.repeat(4001), ['input', 'answer']))).toEqual(refused);
});
