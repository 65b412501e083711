import { isoWeekday, type PlainDate } from '../dates/plain-date.ts';
import { publicHolidays } from './public-holidays.ts';
import { isSendingDay, nextSendingDay, type SendingCalendar } from './sending-days.ts';

/** The reason a date is no sending day, and the first sending day after it. */
export interface NonSendingDay {
  /** In words, such as "Saturday is not a working day" or "public holiday: Christmas Day". */
  reason: string;
  nextSendingDay: PlainDate;
}

const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

/**
 * Explains why `date` is no sending day of the calendar: not a working
 * day, a public holiday or a closing day of the entity. Returns null when
 * `date` is a sending day.
 */
export function explainNonSendingDay(
  calendar: SendingCalendar,
  date: PlainDate,
): NonSendingDay | null {
  if (isSendingDay(calendar, date)) {
    return null;
  }
  const weekday = isoWeekday(date);
  let reason = 'closing day of the entity';
  if (!calendar.workingDays.includes(weekday)) {
    reason = `${WEEKDAY_NAMES[weekday - 1] ?? 'the weekday'} is not a working day`;
  } else if (!calendar.closingDays.has(date) && calendar.holidayCalendar !== null) {
    const holiday = publicHolidays(calendar.holidayCalendar, Number(date.slice(0, 4))).find(
      (entry) => entry.date === date,
    );
    reason = `public holiday: ${holiday?.name ?? date}`;
  }

  return { reason, nextSendingDay: nextSendingDay(calendar, date) };
}
