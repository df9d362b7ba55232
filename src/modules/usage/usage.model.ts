import { Channel } from '../requirements/requirement.model.js';

export { Channel };

/** Active seats of one seat type on a day. */
export interface SeatCountCommand {
  seatType: string;
  seats: number;
}

/** One day's aggregate as reported by the vendor. */
export interface UsageDayCommand {
  /** The day, in the contract's time zone ("2027-01-15"). */
  date: string;
  qualifiedContacts: number;
  totalContacts: number;
  seats?: SeatCountCommand[] | null;
}

/** One contact (call, chat, …) as the vendor's system recorded it. */
export interface ContactRecordCommand {
  externalId: string;
  channel: Channel;
  agentRef: string;
  startedAt: Date;
  durationSeconds: number;
}

/** A usage report for one contract: daily aggregates and/or contact records. */
export interface UsageReportCommand {
  days?: UsageDayCommand[] | null;
  records?: ContactRecordCommand[] | null;
}

/** Where a day's contacts come from. */
export enum UsageSource {
  /** The day has contact records: its contacts are counted from them. */
  RECORDS = 'RECORDS',
  /** No records for the day: the reported aggregate stands. */
  AGGREGATE = 'AGGREGATE',
}

/** One day of usage as both parties read it. */
export interface UsageDayView {
  date: string;
  qualifiedContacts: number;
  totalContacts: number;
  seats: SeatCountCommand[];
  source: UsageSource;
  /** Contact records of the day (0 for an aggregate-only day). */
  recordCount: number;
}

/** What a report changed. */
export interface UsageReportResult {
  contractId: string;
  recordsWritten: number;
  daysReported: number;
  /** Every day the report touched, as it now stands. */
  days: UsageDayView[];
}
