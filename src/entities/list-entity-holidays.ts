import { publicHolidays } from '../calendar/public-holidays.ts';
import type { HolidayKey } from '../calendar/holiday-keys.ts';
import type { Executor } from '../db/database.ts';
import { isHolidayCalendar } from './entity-options.ts';
import { findEntity } from './find-entity.ts';

/** A day without sending: a public holiday of the entity's calendar or one of its own closing days. */
export interface EntityHoliday {
  date: string;
  name: string;
  /** Key of a public holiday, for translation; null for the entity's own closing days. */
  key: HolidayKey | null;
  source: 'calendar' | 'entity';
}

/**
 * Lists the days of `year` on which the entity sends nothing besides its
 * non-working weekdays: the public holidays of its holiday calendar and its
 * own closing days, by date. Throws not_found for an entity the caller
 * cannot see.
 */
export async function listEntityHolidays(
  executor: Executor,
  params: { organisationId: string; entityId: string; year: number },
): Promise<EntityHoliday[]> {
  const entity = await findEntity(executor, params);
  const closingDays = await executor
    .selectFrom('entity_holidays')
    .select(['holiday', 'name'])
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId)
    .where('holiday', '>=', `${params.year}-01-01`)
    .where('holiday', '<=', `${params.year}-12-31`)
    .execute();

  const calendar = entity.holiday_calendar;
  const holidays: EntityHoliday[] =
    calendar !== null && isHolidayCalendar(calendar)
      ? publicHolidays(calendar, params.year).map((holiday) => ({
          ...holiday,
          source: 'calendar' as const,
        }))
      : [];
  for (const day of closingDays) {
    holidays.push({ date: day.holiday, name: day.name, key: null, source: 'entity' });
  }

  return holidays.sort(
    (left, right) => left.date.localeCompare(right.date) || left.source.localeCompare(right.source),
  );
}
