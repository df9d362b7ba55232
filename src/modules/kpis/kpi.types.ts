import type { Decimal } from 'decimal.js';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { fixed } from '../../core/decimal-scale.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { Node } from '../../graphql/node.js';
import { DateScalar, DateTimeScalar, DecimalScalar, YearMonthScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { ContractNode } from '../contracts/contract.types.js';
import { KpiComparatorEnum, KpiMetric } from '../requirements/requirement.types.js';
import type { KpiDayView } from './kpi.model.js';
import type { KpiMonthLine, KpiMonthRollup } from './kpi.rules.js';

export const KPI_NOTICE_TYPE = 'KpiRectificationNotice';

@ObjectType('KpiDay', { description: 'One day’s value of one KPI, judged against the definition in force on that day.' })
export class KpiDayType {
  @Field(() => KpiMetric, { description: 'What was measured.' }) metric!: KpiMetric;
  @Field(() => DateScalar, { description: 'The day, in the contract’s time zone.' }) date!: string;
  @Field(() => DecimalScalar, { description: 'The value (2 decimals).' }) value!: string;
  @Field(() => KpiComparatorEnum, { description: 'Ceiling (AT_MOST) or floor (AT_LEAST) of the definition in force on the day.' })
  comparator!: KpiComparatorEnum;
  @Field(() => DecimalScalar, { description: 'The target in force on the day (2 decimals).' }) target!: string;
  @Field({ description: 'Unit of the value, e.g. "s" or "%".' }) unit!: string;
  @Field(() => Boolean, { description: 'Whether the day met the target (exactly at the target is met).' }) met!: boolean;

  static of(view: KpiDayView): KpiDayType {
    return Object.assign(new KpiDayType(), {
      metric: view.metric as KpiMetric,
      date: view.date,
      value: fixed(view.value, 'PERCENT'),
      comparator: view.comparator,
      target: fixed(view.target, 'PERCENT'),
      unit: view.unit,
      met: view.met,
    });
  }
}

@ObjectType('KpiMonthLine', { description: 'One KPI’s month: days measured and met, attainment and its streak of missed days.' })
export class KpiMonthLineType {
  @Field(() => KpiMetric, { description: 'The KPI.' }) metric!: KpiMetric;
  @Field(() => KpiComparatorEnum, { description: 'Comparator in force on the month’s last measured day.' }) comparator!: KpiComparatorEnum;
  @Field(() => DecimalScalar, { description: 'Target in force on the month’s last measured day (2 decimals).' }) target!: string;
  @Field({ description: 'Unit of the values.' }) unit!: string;
  @Field(() => DecimalScalar, { description: 'Weight in force on the month’s last measured day (4 decimals); the score normalizes weights.' })
  weight!: string;
  @Field(() => Int, { description: 'Days measured in the month.' }) daysMeasured!: number;
  @Field(() => Int, { description: 'Days met in the month.' }) daysMet!: number;
  @Field(() => DecimalScalar, { description: 'Met days ÷ measured days, as a percentage rounded half-up to 2 decimals.' }) attainment!: string;
  @Field(() => Int, {
    description: 'Missed measured days in a row at the month’s last measured day (a streak begun before the month counts whole; 0 after a met day).',
  })
  currentMissedStreak!: number;
  @Field(() => Int, { description: 'The longest run of consecutive missed measured days reached in the month.' }) longestMissedStreak!: number;

  static of(line: KpiMonthLine): KpiMonthLineType {
    return Object.assign(new KpiMonthLineType(), {
      ...line,
      metric: line.metric as KpiMetric,
      comparator: line.comparator as KpiComparatorEnum,
      target: fixed(line.target, 'PERCENT'),
      weight: fixed(line.weight, 'FRACTION'),
      attainment: fixed(line.attainment, 'PERCENT'),
    });
  }
}

@ObjectType('KpiMonth', { description: 'A contract’s KPI roll-up for a calendar month (days in the contract’s time zone).' })
export class KpiMonthType {
  @Field(() => YearMonthScalar, { description: 'The month.' }) month!: string;
  @Field(() => [KpiMonthLineType], { description: 'Each KPI measured in the month, by metric.' }) kpis!: KpiMonthLineType[];
  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'Weighted KPI score 0–100: Σ weight × attainment ÷ Σ weight over the KPIs measured in the month (exact attainments, rounded once, half-up to 2 decimals). Null when nothing was measured.',
  })
  score!: string | null;

  static of(month: string, rollup: KpiMonthRollup): KpiMonthType {
    return Object.assign(new KpiMonthType(), {
      month,
      kpis: rollup.kpis.map(KpiMonthLineType.of),
      score: rollup.score === null ? null : fixed(rollup.score as Decimal, 'PERCENT'),
    });
  }
}

@ObjectType(KPI_NOTICE_TYPE, {
  implements: Node,
  description:
    'A rectification notice opened by a KPI missed on consecutive measured days (default 3). Withdrawn — kept, never deleted — when a later correction makes one of its causing days met.',
})
export class KpiRectificationNoticeNode extends Node {
  @Field(() => KpiMetric, { description: 'The KPI.' }) metric!: KpiMetric;
  @Field(() => [DateScalar], { description: 'The consecutive missed days that opened it.' }) days!: string[];
  @Field(() => DateTimeScalar, { description: 'When it was opened.' }) openedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was withdrawn (its causing days corrected), or null while it stands.' })
  withdrawnAt!: Date | null;

  static of(row: { id: string; metric: string; days: string[]; openedAt: Date; withdrawnAt: Date | null }): KpiRectificationNoticeNode {
    return Object.assign(new KpiRectificationNoticeNode(), {
      id: toGlobalId(KPI_NOTICE_TYPE, row.id),
      metric: row.metric as KpiMetric,
      days: [...row.days].map(String).sort(),
      openedAt: row.openedAt,
      withdrawnAt: row.withdrawnAt,
    });
  }
}

@InputType({ description: 'One day’s value of one KPI. Re-sending the same metric and day replaces it.' })
export class KpiMeasurementInput {
  @Field(() => KpiMetric, {
    description:
      'The KPI; it must have a target in the terms in force on the day. SATISFACTION_RATE and CONVERSION_RATE are reported by the merchant, the others by the vendor.',
  })
  metric!: KpiMetric;
  @Field(() => DateScalar, { description: 'The day in the contract’s time zone, inside the term and not after today; once per metric per report.' })
  date!: string;
  @Field(() => DecimalScalar, { description: 'The value: not negative, at most 2 decimals; rates (…_RATE) at most 100.' }) value!: Decimal;
}

@InputType({ description: 'Daily KPI measurements of one contract (up to 5,000 per call).' })
export class KpiMeasurementsReportInput {
  @Field(() => [KpiMeasurementInput], { description: 'The measurements (1 to 5,000).' }) measurements!: KpiMeasurementInput[];
}

@ObjectType({ description: 'Result of kpiMeasurementsReport.' })
export class KpiMeasurementsReportPayload {
  @Field(() => ContractNode, { nullable: true, description: 'The contract reported on.' }) contract!: ContractNode | null;
  @Field(() => [KpiDayType], { description: 'The reported days as they now stand (met or missed).' }) days!: KpiDayType[];
  @Field(() => Int, { description: 'Rectification notices this report opened.' }) noticesOpened!: number;
  @Field(() => Int, { description: 'Rectification notices this report withdrew (their causing days corrected).' }) noticesWithdrawn!: number;
  @Field(() => Int, { description: 'Termination rights (source KPI_STREAK) this report gave the merchant.' }) rightsGranted!: number;
  @Field(() => [UserError], { description: 'Why nothing was written, if so (nothing is written when anything is wrong).' }) userErrors!: UserError[];
}
