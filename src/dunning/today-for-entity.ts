import { dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';

/**
 * Returns the as-of date of a scheduled dunning run: the calendar date at `now` in
 * the entity's own time zone, not the server's and not UTC, so a step at
 * "due date + 7" fires on the seventh local day wherever the server runs.
 */
export function todayForEntity(entity: { time_zone: string }, now: Date): PlainDate {
  return dateInTimeZone(now, entity.time_zone);
}
