import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import type { RecordedNotice } from './calendar.loaders.js';
import type { CalendarRange } from './calendar.service.js';
import { isoWeekday } from './china-holidays.js';
import type { CalendarDay } from './china-calendar.js';

export enum CalendarDayKind {
  WORKING_DAY = 'WORKING_DAY',
  WEEKEND = 'WEEKEND',
  STATUTORY_HOLIDAY = 'STATUTORY_HOLIDAY',
  REST_DAY = 'REST_DAY',
  MAKE_UP_WORKING_DAY = 'MAKE_UP_WORKING_DAY',
}
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: 'What a day is in the PRC holiday calendar.',
  valuesConfig: {
    WORKING_DAY: { description: 'Monday to Friday, not moved by a notice.' },
    WEEKEND: { description: 'Saturday or Sunday, not moved by a notice.' },
    STATUTORY_HOLIDAY: { description: '法定节假日 (13 a year since 2025): charged at the holiday multiplier.' },
    REST_DAY: { description: '调休: a day off moved by the State Council’s notice; not a statutory holiday (charged at the base rate).' },
    MAKE_UP_WORKING_DAY: { description: '补班: a weekend day that is a working day by the notice.' },
  },
});

export enum CalendarDaySource {
  RULE = 'RULE',
  NOTICE = 'NOTICE',
  WEEKDAY = 'WEEKDAY',
}
registerEnumType(CalendarDaySource, {
  name: 'CalendarDaySource',
  description: 'Where a day’s kind comes from.',
  valuesConfig: {
    RULE: { description: 'The statutory rule (《全国年节及纪念日放假办法》), computed for any year from the lunar calendar.' },
    NOTICE: { description: 'The year’s State Council notice, as recorded by a platform administrator.' },
    WEEKDAY: { description: 'The day of the week (no rule or recorded notice moves it).' },
  },
});

@ObjectType('CalendarDay', { description: 'One day of the PRC holiday calendar.' })
export class CalendarDayType {
  @Field(() => DateScalar, { description: 'The date.' }) date!: string;
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday.' }) weekday!: number;
  @Field(() => CalendarDayKind, { description: 'What the day is.' }) kind!: CalendarDayKind;
  @Field(() => CalendarDaySource, { description: 'Where its kind comes from.' }) source!: CalendarDaySource;
  @Field({
    description:
      'Whether it is a working day (make-up working days included). In a year without a recorded notice this follows the weekday and may still change.',
  })
  isWorkingDay!: boolean;
  @Field({ description: 'Whether it is a statutory holiday (charged at the holiday multiplier).' }) isStatutoryHoliday!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'The festival of a statutory holiday, e.g. "春节"; "中秋节、国庆节" when they share the day. Null otherwise.',
  })
  holidayName!: string | null;
  @Field({ description: 'Whether the notice of the day’s year is recorded.' }) noticeRecorded!: boolean;

  static of(day: CalendarDay): CalendarDayType {
    return Object.assign(new CalendarDayType(), {
      date: day.date,
      weekday: isoWeekday(day.date),
      kind: day.kind as CalendarDayKind,
      source: day.source as CalendarDaySource,
      isWorkingDay: day.isWorkingDay,
      isStatutoryHoliday: day.isStatutoryHoliday,
      holidayName: day.holidayNames.length ? day.holidayNames.join('、') : null,
      noticeRecorded: day.noticeRecorded,
    });
  }
}

@ObjectType('CalendarNotice', { description: 'A year’s State Council holiday notice: the days it moves (statutory holidays themselves follow the rule).' })
export class CalendarNoticeType {
  @Field(() => Int, { description: 'The year it schedules.' }) year!: number;
  @Field({ description: 'Title and document number.' }) reference!: string;
  @Field(() => DateScalar, { nullable: true, description: 'When it was published.' }) publishedOn!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it was recorded on the platform.' }) recordedAt!: Date;
  @Field(() => [DateScalar], { description: 'Moved rest days (调休), ascending.' }) restDays!: string[];
  @Field(() => [DateScalar], { description: 'Make-up working days (weekend days worked), ascending.' }) makeUpWorkingDays!: string[];

  static of(notice: RecordedNotice): CalendarNoticeType {
    return Object.assign(new CalendarNoticeType(), {
      year: notice.year,
      reference: notice.reference,
      publishedOn: notice.publishedOn,
      recordedAt: notice.recordedAt,
      restDays: [...notice.restDays],
      makeUpWorkingDays: [...notice.makeUpWorkingDays],
    });
  }
}

@ObjectType('CalendarRange', { description: 'The days of a date range, with the notices that apply and the years still lacking one.' })
export class CalendarRangeType {
  @Field(() => DateScalar, { description: 'First day.' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day.' }) to!: string;
  @Field(() => [CalendarDayType], { description: 'Every day of the range, in order.' }) days!: CalendarDayType[];
  @Field(() => [CalendarNoticeType], { description: 'The recorded notices of the range’s years.' }) notices!: CalendarNoticeType[];
  @Field(() => [Int], {
    description:
      'Years of the range whose notice is not recorded: their statutory holidays are right (by rule), but rest days and make-up working days are not known yet.',
  })
  noticeMissingYears!: number[];

  static of(range: CalendarRange): CalendarRangeType {
    return Object.assign(new CalendarRangeType(), {
      from: range.from,
      to: range.to,
      days: range.days.map(CalendarDayType.of),
      notices: range.notices.map(CalendarNoticeType.of),
      noticeMissingYears: range.noticeMissingYears,
    });
  }
}

@InputType({ description: 'A year’s State Council holiday notice: only the days it moves.' })
export class CalendarNoticeInput {
  @Field(() => Int, { description: 'The year it schedules (2025–2100).' }) year!: number;
  @Field({ description: 'Title and document number, e.g. "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕…号)".' }) reference!: string;
  @Field(() => DateScalar, { nullable: true, description: 'When it was published.' }) publishedOn?: string | null;
  @Field(() => [DateScalar], { description: 'Moved rest days (调休) in that year; not statutory holidays (those follow the rule).' }) restDays!: string[];
  @Field(() => [DateScalar], { description: 'Make-up working days in that year: weekend days.' }) makeUpWorkingDays!: string[];
}

@ObjectType({ description: 'Result of recording a holiday notice.' })
export class CalendarNoticePayload {
  @Field(() => CalendarNoticeType, { nullable: true, description: 'The notice as recorded.' }) notice!: CalendarNoticeType | null;
  @Field(() => [UserError], { description: 'Why nothing was recorded, if so.' }) userErrors!: UserError[];
}
