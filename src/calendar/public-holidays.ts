import { addDays, isoWeekday, type PlainDate } from '../dates/plain-date.ts';
import type { HolidayCalendar } from '../entities/entity-options.ts';
import { easterSunday } from './easter.ts';
import { englandAndWalesBankHolidays } from './england-wales-bank-holidays.ts';
import { dateOf, HOLIDAY_NAMES, type HolidayDate, type HolidayKey } from './holiday-keys.ts';

export interface PublicHoliday {
  date: PlainDate;
  key: HolidayKey;
  /** English name; the web app translates by `key`. */
  name: string;
}

/** Earliest year the calendars are computed for: the Dutch Queen's Day rule below starts in 1980. */
export const FIRST_HOLIDAY_YEAR = 1980;

const holidaysByYear = new Map<string, readonly PublicHoliday[]>();

/**
 * Returns the public holidays of `calendar` in `year`, by date. Only
 * holidays of the whole country are included. Regional ones (German states,
 * Alsace-Moselle) are left out, so an entity adds those as its own closing
 * days. Results are cached per calendar and year.
 */
export function publicHolidays(calendar: HolidayCalendar, year: number): readonly PublicHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > 9999) {
    throw new RangeError(`Year ${year} is outside ${FIRST_HOLIDAY_YEAR} to 9999.`);
  }
  const cacheKey = `${calendar}:${year}`;
  const cached = holidaysByYear.get(cacheKey);
  if (cached) {
    return cached;
  }

  const holidays = holidayDates[calendar](year)
    .map(([key, date]) => ({ date, key, name: HOLIDAY_NAMES[key] }))
    .sort((left, right) => left.date.localeCompare(right.date));
  holidaysByYear.set(cacheKey, holidays);

  return holidays;
}

const holidayDates: Record<HolidayCalendar, (year: number) => HolidayDate[]> = {
  NL: netherlandsHolidays,
  BE: belgiumHolidays,
  DE: germanyHolidays,
  GB: englandAndWalesBankHolidays,
  FR: franceHolidays,
};

/**
 * The Netherlands: the days of the Algemene termijnenwet, except that
 * Liberation Day (5 May) counts only in lustrum years (2025, 2030, ...).
 * That follows most collective labour agreements, under which offices
 * close on 5 May once every five years. An entity that closes every year
 * adds 5 May as its own closing day. Good Friday is no general day off in
 * the Netherlands and is left out too. The Sundays of Easter and
 * Pentecost are left out because they are Sundays.
 */
function netherlandsHolidays(year: number): HolidayDate[] {
  const easter = easterSunday(year);
  const holidays: HolidayDate[] = [
    ['newYearsDay', dateOf(year, 1, 1)],
    ['easterMonday', addDays(easter, 1)],
    dutchMonarchsDay(year),
    ['ascensionDay', addDays(easter, 39)],
    ['whitMonday', addDays(easter, 50)],
    ['christmasDay', dateOf(year, 12, 25)],
    ['secondChristmasDay', dateOf(year, 12, 26)],
  ];
  if (year % 5 === 0) {
    holidays.push(['liberationDay', dateOf(year, 5, 5)]);
  }

  return holidays;
}

/**
 * King's Day is 27 April, or 26 April when the 27th is a Sunday (from
 * 2014). Before, Queen's Day was 30 April, or 29 April when the 30th was
 * a Sunday (1980 to 2013).
 */
function dutchMonarchsDay(year: number): HolidayDate {
  if (year >= 2014) {
    const kingsDay = dateOf(year, 4, 27);
    return ['kingsDay', isoWeekday(kingsDay) === 7 ? addDays(kingsDay, -1) : kingsDay];
  }
  const queensDay = dateOf(year, 4, 30);

  return ['queensDay', isoWeekday(queensDay) === 7 ? addDays(queensDay, -1) : queensDay];
}

/**
 * Belgium: the ten statutory public holidays. A holiday on a Sunday gets a
 * replacement day that each employer chooses, so none is computed here.
 */
function belgiumHolidays(year: number): HolidayDate[] {
  const easter = easterSunday(year);

  return [
    ['newYearsDay', dateOf(year, 1, 1)],
    ['easterMonday', addDays(easter, 1)],
    ['labourDay', dateOf(year, 5, 1)],
    ['ascensionDay', addDays(easter, 39)],
    ['whitMonday', addDays(easter, 50)],
    ['belgianNationalDay', dateOf(year, 7, 21)],
    ['assumptionDay', dateOf(year, 8, 15)],
    ['allSaintsDay', dateOf(year, 11, 1)],
    ['armisticeDay', dateOf(year, 11, 11)],
    ['christmasDay', dateOf(year, 12, 25)],
  ];
}

/**
 * Germany: the nine holidays of every state, plus Reformation Day 2017,
 * which was a holiday in every state once. The holidays of single states,
 * such as Epiphany or Corpus Christi, are left out.
 */
function germanyHolidays(year: number): HolidayDate[] {
  const easter = easterSunday(year);
  const holidays: HolidayDate[] = [
    ['newYearsDay', dateOf(year, 1, 1)],
    ['goodFriday', addDays(easter, -2)],
    ['easterMonday', addDays(easter, 1)],
    ['labourDay', dateOf(year, 5, 1)],
    ['ascensionDay', addDays(easter, 39)],
    ['whitMonday', addDays(easter, 50)],
    ['germanUnityDay', dateOf(year, 10, 3)],
    ['christmasDay', dateOf(year, 12, 25)],
    ['secondChristmasDay', dateOf(year, 12, 26)],
  ];
  if (year === 2017) {
    holidays.push(['reformationDay', dateOf(year, 10, 31)]);
  }

  return holidays;
}

/**
 * France: the eleven public holidays of the Labour Code. Whit Monday stays
 * in, although many employers make it the unpaid "solidarity day". Alsace
 * and Moselle also close on Good Friday and 26 December; entities there
 * add those as their own closing days.
 */
function franceHolidays(year: number): HolidayDate[] {
  const easter = easterSunday(year);

  return [
    ['newYearsDay', dateOf(year, 1, 1)],
    ['easterMonday', addDays(easter, 1)],
    ['labourDay', dateOf(year, 5, 1)],
    ['victoryInEuropeDay', dateOf(year, 5, 8)],
    ['ascensionDay', addDays(easter, 39)],
    ['whitMonday', addDays(easter, 50)],
    ['frenchNationalDay', dateOf(year, 7, 14)],
    ['assumptionDay', dateOf(year, 8, 15)],
    ['allSaintsDay', dateOf(year, 11, 1)],
    ['armisticeDay', dateOf(year, 11, 11)],
    ['christmasDay', dateOf(year, 12, 25)],
  ];
}
