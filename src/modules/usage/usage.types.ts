import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar, YearMonthScalar } from '../../graphql/scalars.js';
import { UserError } from '../../graphql/user-error.js';
import { ContractNode } from '../contracts/contract.types.js';
import { Channel } from '../requirements/requirement.types.js';
import { UsageSource, type SeatCountCommand, type UsageDayView } from './usage.model.js';

registerEnumType(UsageSource, {
  name: 'UsageSource',
  description: 'Where a day’s contacts come from.',
  valuesConfig: {
    RECORDS: { description: 'The day has contact records: its contacts are counted from them (a reported aggregate is overridden).' },
    AGGREGATE: { description: 'The day has no contact records: the reported daily aggregate stands.' },
  },
});

@ObjectType('SeatCount', { description: 'Active seats of one seat type.' })
export class SeatCountType {
  @Field({ description: 'Seat type, e.g. "INBOUND".' }) seatType!: string;
  @Field(() => Int, { description: 'Active seats.' }) seats!: number;

  static of(seat: SeatCountCommand): SeatCountType {
    return Object.assign(new SeatCountType(), { seatType: seat.seatType, seats: seat.seats });
  }
}

@ObjectType('UsageDay', { description: 'One day of a contract’s usage, in the contract’s time zone.' })
export class UsageDayType {
  @Field(() => DateScalar, { description: 'The day.' }) date!: string;
  @Field(() => Int, { description: 'Contacts lasting at least the contract’s qualifying minimum (the ones charged per contact).' })
  qualifiedContacts!: number;
  @Field(() => Int, { description: 'All contacts.' }) totalContacts!: number;
  @Field(() => [SeatCountType], { description: 'Active seats by seat type, as reported for the day.' }) seats!: SeatCountType[];
  @Field(() => UsageSource, { description: 'Whether the contacts are counted from records or reported as an aggregate.' }) source!: UsageSource;
  @Field(() => Int, { description: 'Contact records of the day (0 when only an aggregate was reported).' }) recordCount!: number;

  static of(view: UsageDayView): UsageDayType {
    return Object.assign(new UsageDayType(), { ...view, seats: view.seats.map(SeatCountType.of) });
  }
}

@ObjectType('UsageMonth', { description: 'A contract’s usage in one calendar month: the days reported and the month’s totals.' })
export class UsageMonthType {
  @Field(() => YearMonthScalar, { description: 'The month.' }) month!: string;
  @Field(() => Int, { description: 'Qualified contacts of the month.' }) qualifiedContacts!: number;
  @Field(() => Int, { description: 'All contacts of the month.' }) totalContacts!: number;
  @Field(() => Int, { description: 'Contact records of the month.' }) recordCount!: number;
  @Field(() => [UsageDayType], { description: 'The days with usage reported, in order.' }) days!: UsageDayType[];

  static of(month: string, days: UsageDayView[]): UsageMonthType {
    return Object.assign(new UsageMonthType(), {
      month,
      qualifiedContacts: days.reduce((sum, d) => sum + d.qualifiedContacts, 0),
      totalContacts: days.reduce((sum, d) => sum + d.totalContacts, 0),
      recordCount: days.reduce((sum, d) => sum + d.recordCount, 0),
      days: days.map(UsageDayType.of),
    });
  }
}

@InputType({ description: 'Active seats of one seat type on a day.' })
export class SeatCountInput {
  @Field({ description: 'Seat type, e.g. "INBOUND" (1–50 characters, once per day).' }) seatType!: string;
  @Field(() => Int, { description: 'Active seats (not negative).' }) seats!: number;
}

@InputType({ description: 'One day’s usage as an aggregate. Re-sending a day replaces it.' })
export class UsageDayInput {
  @Field(() => DateScalar, { description: 'The day in the contract’s time zone, inside the contract term and not after today.' }) date!: string;
  @Field(() => Int, { description: 'Qualified contacts (not negative, at most totalContacts). Overridden by the day’s contact records, if any.' })
  qualifiedContacts!: number;
  @Field(() => Int, { description: 'All contacts (not negative). Overridden by the day’s contact records, if any.' }) totalContacts!: number;
  @Field(() => [SeatCountInput], { nullable: true, description: 'Active seats by seat type (kept whether or not the day has records).' })
  seats?: SeatCountInput[] | null;
}

@InputType({ description: 'One contact as the call-centre system recorded it. Re-sending the same externalId replaces it.' })
export class ContactRecordInput {
  @Field({ description: 'The contact’s id in the vendor’s system (1–100 characters, once per batch): the key that makes re-sending safe.' })
  externalId!: string;
  @Field(() => Channel, { description: 'The channel.' }) channel!: Channel;
  @Field({ description: 'The agent’s reference in the vendor’s system (1–100 characters; never shown to the merchant).' }) agentRef!: string;
  @Field(() => DateTimeScalar, { description: 'When the contact started; its day in the contract’s time zone must be inside the term.' })
  startedAt!: Date;
  @Field(() => Int, { description: 'Duration in seconds, 0 to 86,400. Shorter than the contract’s qualifying minimum: kept, not qualified.' })
  durationSeconds!: number;
}

@InputType({ description: 'Usage of one contract: daily aggregates, contact records (up to 10,000 per call), or both.' })
export class UsageReportInput {
  @Field(() => [UsageDayInput], { nullable: true, description: 'Daily aggregates (at most 366).' }) days?: UsageDayInput[] | null;
  @Field(() => [ContactRecordInput], { nullable: true, description: 'Contact records (at most 10,000); the days they fall on are recounted from them.' })
  records?: ContactRecordInput[] | null;
}

@ObjectType({ description: 'Result of usageReport.' })
export class UsageReportPayload {
  @Field(() => ContractNode, { nullable: true, description: 'The contract reported on.' }) contract!: ContractNode | null;
  @Field(() => Int, { description: 'Contact records written (new or replaced); 0 after a failure.' }) recordsWritten!: number;
  @Field(() => Int, { description: 'Daily aggregates written; 0 after a failure.' }) daysReported!: number;
  @Field(() => [UsageDayType], { description: 'Every day the report touched, as it now stands.' }) days!: UsageDayType[];
  @Field(() => [UserError], { description: 'Why nothing was written, if so (nothing is written when anything is wrong).' }) userErrors!: UserError[];
}
