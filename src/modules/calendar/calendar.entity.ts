import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A year's State Council holiday notice, as recorded by a platform administrator (public reference data). */
@Entity({ tableName: 'calendar_notice' })
export class CalendarNotice {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  year!: number;

  /** Title and document number, e.g. "国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)". */
  @Property({ type: 'text' })
  reference!: string;

  @Property({ type: 'date', nullable: true })
  publishedOn?: string | null;

  @Property({ type: 'uuid', nullable: true })
  recordedByUserId?: string | null;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();
}

export enum NoticeDayKind {
  REST_DAY = 'REST_DAY',
  MAKE_UP_WORKING_DAY = 'MAKE_UP_WORKING_DAY',
}

/** One day a notice moves: a rest day (调休) or a make-up working day. */
@Entity({ tableName: 'calendar_notice_day' })
export class CalendarNoticeDay {
  @PrimaryKey({ type: 'date' })
  date!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'text' })
  kind!: NoticeDayKind;
}
