import { Decimal } from 'decimal.js';
import { KpiComparatorEnum, KpiReporter, type KpiDefinition, type KpiMeasurementCommand } from '../../src/modules/kpis/kpi.model.js';
import { KPI_MAX_MEASUREMENTS_PER_REPORT, KPI_MAX_PROBLEMS, checkMeasurements } from '../../src/modules/kpis/kpi.rules.js';

const d = (value: string | number) => new Decimal(value);
const WINDOW = { firstDay: '2027-01-01', termEnd: '2027-04-01', today: '2027-02-20' };
const definition = (metric: string, comparator: KpiComparatorEnum, target: string): KpiDefinition =>
  ({ metric, comparator, target: d(target), baseline: null, multiplier: null, unit: metric.endsWith('_RATE') ? '%' : 's', weight: d(2) }) as KpiDefinition;
const DEFINITIONS = new Map([
  ['FIRST_RESPONSE_SECONDS', definition('FIRST_RESPONSE_SECONDS', KpiComparatorEnum.AT_MOST, '15')],
  ['ANSWER_RATE', definition('ANSWER_RATE', KpiComparatorEnum.AT_LEAST, '95')],
  ['SATISFACTION_RATE', definition('SATISFACTION_RATE', KpiComparatorEnum.AT_LEAST, '90')],
]);
// A target changed on 2027-02-01: answer rate 97 from then on; first response is not a target before 2027-01-10.
const definitionsOn = (day: string) => {
  const definitions = new Map(DEFINITIONS);
  if (day >= '2027-02-01') definitions.set('ANSWER_RATE', definition('ANSWER_RATE', KpiComparatorEnum.AT_LEAST, '97'));
  if (day < '2027-01-10') definitions.delete('FIRST_RESPONSE_SECONDS');
  return definitions;
};
const m = (metric: string, date: string, value: string | number) => ({ metric, date, value: d(value) }) as KpiMeasurementCommand;
const check = (measurements: KpiMeasurementCommand[], reporter = KpiReporter.VENDOR) => checkMeasurements(measurements, reporter, WINDOW, definitionsOn);
const problems = (measurements: KpiMeasurementCommand[], reporter = KpiReporter.VENDOR) =>
  check(measurements, reporter).problems.map((p) => [p.path.join('.'), p.message]);

test('each day is judged against the definition in force on it, and stored with it', () => {
  const { problems: found, columns } = check([
    m('ANSWER_RATE', '2027-01-31', '96'),
    m('ANSWER_RATE', '2027-02-01', '96'),
    m('FIRST_RESPONSE_SECONDS', '2027-02-20', '15'),
  ]);
  expect(found).toEqual([]);
  expect(columns).toEqual({
    metrics: ['ANSWER_RATE', 'ANSWER_RATE', 'FIRST_RESPONSE_SECONDS'],
    days: ['2027-01-31', '2027-02-01', '2027-02-20'],
    values: ['96.00', '96.00', '15.00'],
    comparators: ['AT_LEAST', 'AT_LEAST', 'AT_MOST'],
    targets: ['95.00', '97.00', '15.00'],
    units: ['%', '%', 's'],
    weights: ['2.0000', '2.0000', '2.0000'],
    met: [true, false, true],
  });
});

test('days inside the term up to today; the metric of the reporting party, with a target in force; values from 0, 2 decimals, rates at most 100; a day once', () => {
  expect(
    problems([m('ANSWER_RATE', '2027-01-01', 0), m('ANSWER_RATE', '2027-03-31', '100'), m('FIRST_RESPONSE_SECONDS', '2027-01-10', '999999999999.99')]),
  ).toEqual([['input.measurements.1.date', "2027-03-31 is after today (2027-02-20) in the contract's time zone."]]);
  expect(
    problems([
      m('ANSWER_RATE', '2026-12-31', 90),
      m('ANSWER_RATE', '2027-04-01', 90),
      m('ANSWER_RATE', '2027-02-21', 90),
      m('SATISFACTION_RATE', '2027-02-01', 90),
      m('FIRST_RESPONSE_SECONDS', '2027-01-09', 10),
      m('ANSWER_RATE', '2027-02-02', '-0.01'),
      m('ANSWER_RATE', '2027-02-03', '95.001'),
      m('ANSWER_RATE', '2027-02-04', '100.01'),
      m('FIRST_RESPONSE_SECONDS', '2027-02-05', '1000000000000'),
      m('FIRST_RESPONSE_SECONDS', '2027-02-06', 'Infinity'),
      m('ANSWER_RATE', '2027-02-07', 96),
      m('ANSWER_RATE', '2027-02-07', 97),
    ]),
  ).toEqual([
    ['input.measurements.0.date', "2026-12-31 is outside the contract's term (from 2027-01-01)."],
    ['input.measurements.1.date', "2027-04-01 is outside the contract's term (from 2027-01-01)."],
    ['input.measurements.2.date', "2027-02-21 is after today (2027-02-20) in the contract's time zone."],
    ['input.measurements.3.metric', 'SATISFACTION_RATE is reported by the merchant, not the vendor.'],
    ['input.measurements.4.metric', 'The contract has no FIRST_RESPONSE_SECONDS target in force on 2027-01-09.'],
    ['input.measurements.5.value', 'A KPI value is a number from 0 with at most 2 decimals.'],
    ['input.measurements.6.value', 'A KPI value is a number from 0 with at most 2 decimals.'],
    ['input.measurements.7.value', 'ANSWER_RATE is a percentage: at most 100.'],
    ['input.measurements.8.value', 'A KPI value is a number from 0 with at most 2 decimals.'],
    ['input.measurements.9.value', 'A KPI value is a number from 0 with at most 2 decimals.'],
    ['input.measurements.11.date', 'ANSWER_RATE on 2027-02-07 is sent twice in this report.'],
  ]);
  expect(problems([m('ANSWER_RATE', '2027-02-01', 90)], KpiReporter.MERCHANT)).toEqual([
    ['input.measurements.0.metric', 'ANSWER_RATE is reported by the vendor, not the merchant.'],
  ]);
  expect(problems([m('SATISFACTION_RATE', '2027-02-01', 90)], KpiReporter.MERCHANT)).toEqual([]);
});

test('1 to 5,000 measurements per call; at most 100 problems, the first ones', () => {
  const message = [['input.measurements', 'Send 1 to 5,000 measurements per call.']];
  expect(problems([])).toEqual(message);
  const many = Array.from({ length: KPI_MAX_MEASUREMENTS_PER_REPORT + 1 }, () => m('ANSWER_RATE', '2027-02-01', 96));
  expect(problems(many)).toEqual(message);
  const bad = Array.from({ length: 150 }, () => m('ANSWER_RATE', '2027-02-01', -1));
  const found = check(bad).problems;
  expect(found).toHaveLength(KPI_MAX_PROBLEMS);
  expect(found.at(-1)!.path).toEqual(['input', 'measurements', '99', 'value']);
});
