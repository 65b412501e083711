import type { Executor } from '../db/database.ts';
import { addDays, isoWeekday, type PlainDate } from '../dates/plain-date.ts';
import { isHolidayCalendar, type HolidayCalendar } from '../entities/entity-options.ts';
import { AppError } from '../errors.ts';
import { publicHolidays } from './public-holidays.ts';

/** The days on which an entity may send messages to debtors. */
export interface SendingCalendar {
  /** ISO weekdays (1 = Monday ... 7 = Sunday) on which messages may be sent. */
  workingDays: readonly number[];
  /** The built-in public holidays that apply, or null for none. */
  holidayCalendar: HolidayCalendar | null;
  /** The entity's own closing days, YYYY-MM-DD. */
  closingDays: ReadonlySet<PlainDate>;
}

/**
 * Maximum number of days that nextSendingDay searches: three years. A longer
 * gap means that the working days and closing days leave no day at all.
 */
const MAX_SEARCH_DAYS = 3 * 366;

/** Returns whether `date` is a working day that is neither a public holiday nor a closing day. */
export function isSendingDay(entity: SendingCalendar, date: PlainDate): boolean {
  if (!entity.workingDays.includes(isoWeekday(date))) {
    return false;
  }
  if (entity.closingDays.has(date)) {
    return false;
  }
  if (entity.holidayCalendar === null) {
    return true;
  }
  const year = Number(date.slice(0, 4));

  return !publicHolidays(entity.holidayCalendar, year).some((holiday) => holiday.date === date);
}

/**
 * Returns the first sending day on or after `date`: `date` itself when it
 * is one. Throws invalid_input when there is none within three years.
 */
export function nextSendingDay(entity: SendingCalendar, date: PlainDate): PlainDate {
  let candidate = date;
  for (let day = 0; day < MAX_SEARCH_DAYS; day += 1) {
    if (isSendingDay(entity, candidate)) {
      return candidate;
    }
    candidate = addDays(candidate, 1);
  }

  throw new AppError(
    'invalid_input',
    `The entity has no sending day in the ${MAX_SEARCH_DAYS} days from ${date}. Check its working days and closing days.`,
  );
}

/** Reads the sending calendar of one entity: its working days, holiday calendar and closing days. */
export async function loadSendingCalendar(
  executor: Executor,
  params: { organisationId: string; entityId: string },
): Promise<SendingCalendar> {
  const entity = await executor
    .selectFrom('entities')
    .select(['working_days', 'holiday_calendar'])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }
  const closingDays = await executor
    .selectFrom('entity_holidays')
    .select('holiday')
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId)
    .execute();

  return {
    workingDays: entity.working_days,
    holidayCalendar:
      entity.holiday_calendar !== null && isHolidayCalendar(entity.holiday_calendar)
        ? entity.holiday_calendar
        : null,
    closingDays: new Set(closingDays.map((row) => row.holiday)),
  };
}
