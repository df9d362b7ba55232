import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { mutationPayload } from '../../graphql/mutation.js';
import { Permission } from '../../graphql/permission.js';
import { DateScalar } from '../../graphql/scalars.js';
import type { RequestContext } from '../../core/request-context.js';
import { calendarDays, MAX_CALENDAR_RANGE_DAYS, recordCalendarNotice } from './calendar.service.js';
import { CalendarNoticeInput, CalendarNoticePayload, CalendarNoticeType, CalendarRangeType } from './calendar.types.js';

@Resolver()
export class CalendarResolver {
  @Query(() => CalendarRangeType, {
    description: `The PRC holiday calendar of from..to (at most ${MAX_CALENDAR_RANGE_DAYS} days, from 2025): each day's kind and source, the recorded notices and the years lacking one.`,
  })
  @Permission('signedIn')
  async calendarDays(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => DateScalar, { description: 'First day of the range (from 2025-01-01).' }) from: string,
    @Arg('to', () => DateScalar, { description: 'Last day of the range, included.' }) to: string,
  ): Promise<CalendarRangeType> {
    return CalendarRangeType.of(await calendarDays(ctx, from, to));
  }

  @Mutation(() => CalendarNoticePayload, {
    description: "Platform administrators: record a year's State Council holiday notice (its rest days and make-up working days), or replace it. Audited.",
  })
  @Permission('platformAdmin')
  async calendarNoticeRecord(
    @Ctx() ctx: RequestContext,
    @Arg('input', { description: 'The year and its notice’s rest days and make-up working days.' }) input: CalendarNoticeInput,
  ): Promise<CalendarNoticePayload> {
    return mutationPayload(ctx, 'notice', () => recordCalendarNotice(ctx, input), CalendarNoticeType.of);
  }
}
