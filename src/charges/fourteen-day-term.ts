import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { isSendingDay, type SendingCalendar } from '../calendar/sending-days.ts';

/** Days in the term of the Dutch consumer letter (art. 6:96 lid 6 BW). */
export const FOURTEEN_DAY_TERM_DAYS = 14;

/** The dates of a fourteen-day letter's term. */
export interface FourteenDayTerm {
  sentOn: PlainDate;
  /** The day the letter counts as delivered. */
  deliveredOn: PlainDate;
  /** The first day of the term: the day after delivery. */
  termStart: PlainDate;
  /** The last day of the term. */
  termEnd: PlainDate;
  /** The first day collection costs may be charged: the day after the term. */
  costsFrom: PlainDate;
}

/**
 * Computes the term of a fourteen-day letter. A letter sent by post counts
 * as delivered `deliveryWorkingDays` working days after it was sent. Those
 * days are counted on the entity's calendar of working days, public
 * holidays and closing days, and with 0 it is delivered the day it was sent. A message sent
 * by e-mail, or any channel other than a letter, counts as delivered the
 * day it was sent. The fourteen days start the day after delivery, and
 * costs are owed from the day after the fourteenth day.
 */
export function computeFourteenDayTerm(params: {
  sentOn: PlainDate;
  channel: string;
  deliveryWorkingDays: number;
  calendar: SendingCalendar;
}): FourteenDayTerm {
  const deliveredOn =
    params.channel === 'letter'
      ? addWorkingDays(params.calendar, params.sentOn, params.deliveryWorkingDays)
      : params.sentOn;
  const termStart = addDays(deliveredOn, 1);
  const termEnd = addDays(deliveredOn, FOURTEEN_DAY_TERM_DAYS);

  return {
    sentOn: params.sentOn,
    deliveredOn,
    termStart,
    termEnd,
    costsFrom: addDays(termEnd, 1),
  };
}

/** Returns the `count`-th working day after `date`, or `date` itself for 0. */
function addWorkingDays(calendar: SendingCalendar, date: PlainDate, count: number): PlainDate {
  let current = date;
  let left = count;
  // A calendar without any working day would loop forever; a year of search is plenty.
  for (let step = 0; left > 0 && step < 366; step += 1) {
    current = addDays(current, 1);
    if (isSendingDay(calendar, current)) {
      left -= 1;
    }
  }

  return current;
}
