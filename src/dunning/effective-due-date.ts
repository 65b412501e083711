import { nextSendingDay, type SendingCalendar } from '../calendar/sending-days.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/**
 * Returns the date from which an invoice's days past due are counted. With
 * `shift` on, a due date that is no sending day of the entity counts as the
 * next sending day. A day is no sending day when it is not a working day, or
 * is a public holiday or a closing day. With `shift` off, it is the due date.
 * NOTE: message explanations still list days past due from the invoice's own due date.
 */
export function effectiveDueDate(
  calendar: SendingCalendar,
  dueDate: PlainDate,
  shift: boolean,
): PlainDate {
  return shift ? nextSendingDay(calendar, dueDate) : dueDate;
}
