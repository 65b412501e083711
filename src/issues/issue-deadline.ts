import { isSendingDay, type SendingCalendar } from '../calendar/sending-days.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import type { DayKind } from '../db/schema.ts';

/** How long a category allows to resolve its issues. */
export interface ResolutionTerm {
  daysToResolve: number;
  dayKind: DayKind;
}

/**
 * Returns the deadline of an issue registered on `openedOn`. Calendar days
 * count every day after `openedOn`. Working days count only the entity's
 * working days that are neither public holidays nor closing days. So an
 * issue of 5 working days registered on a Friday is due the next Friday,
 * one day later for every holiday in between. The day of registration
 * itself does not count.
 */
export function issueDeadline(
  openedOn: PlainDate,
  term: ResolutionTerm,
  calendar: SendingCalendar,
): PlainDate {
  if (term.dayKind === 'calendar') {
    return addDays(openedOn, term.daysToResolve);
  }
  let date = openedOn;
  let counted = 0;
  // A category allows at most 365 days, so three years of days contain them.
  for (let step = 0; step < 3 * 366 && counted < term.daysToResolve; step += 1) {
    date = addDays(date, 1);
    if (isSendingDay(calendar, date)) {
      counted += 1;
    }
  }

  return counted === term.daysToResolve ? date : addDays(openedOn, term.daysToResolve);
}
