import { addDays, isoWeekday, type PlainDate } from '../dates/plain-date.ts';
import { easterSunday } from './easter.ts';
import { dateOf, type HolidayDate, type HolidayKey } from './holiday-keys.ts';

/**
 * Bank holidays proclaimed for a single year: a regular one moved to
 * another date, or an extra one. Years without an entry follow the rules.
 * TODO: add each new proclamation here; the rules cannot predict them.
 */
const proclamations: Record<
  number,
  { moved?: Partial<Record<HolidayKey, PlainDate>>; added?: HolidayDate[] }
> = {
  2002: { moved: { springBankHoliday: '2002-06-04' }, added: [['goldenJubilee', '2002-06-03']] },
  2011: { added: [['royalWedding', '2011-04-29']] },
  2012: { moved: { springBankHoliday: '2012-06-04' }, added: [['diamondJubilee', '2012-06-05']] },
  2020: { moved: { earlyMayBankHoliday: '2020-05-08' } },
  2022: {
    moved: { springBankHoliday: '2022-06-02' },
    added: [
      ['platinumJubilee', '2022-06-03'],
      ['stateFuneral', '2022-09-19'],
    ],
  },
  2023: { added: [['coronation', '2023-05-08']] },
};

/** Holidays that get a substitute weekday when they fall on a Saturday or Sunday. */
const substitutes: ReadonlyArray<[holiday: HolidayKey, substitute: HolidayKey]> = [
  ['newYearsDay', 'newYearsDaySubstitute'],
  ['christmasDay', 'christmasDaySubstitute'],
  ['boxingDay', 'boxingDaySubstitute'],
];

/**
 * Returns the bank holidays of England and Wales (Scotland and Northern
 * Ireland have others). New Year's Day, Christmas Day and Boxing Day on a weekend
 * are listed on their own date and get a substitute: the next weekday that
 * is no bank holiday already.
 */
export function englandAndWalesBankHolidays(year: number): HolidayDate[] {
  const easter = easterSunday(year);
  const proclamation = proclamations[year] ?? {};
  const regular: HolidayDate[] = [
    ['newYearsDay', dateOf(year, 1, 1)],
    ['goodFriday', addDays(easter, -2)],
    ['easterMonday', addDays(easter, 1)],
    ['earlyMayBankHoliday', firstMonday(year, 5)],
    ['springBankHoliday', lastMonday(year, 5)],
    ['summerBankHoliday', lastMonday(year, 8)],
    ['christmasDay', dateOf(year, 12, 25)],
    ['boxingDay', dateOf(year, 12, 26)],
  ];
  const holidays = regular.map(([key, date]): HolidayDate => [
    key,
    proclamation.moved?.[key] ?? date,
  ]);
  holidays.push(...(proclamation.added ?? []));

  const taken = new Set(holidays.map(([, date]) => date));
  for (const [holidayKey, substituteKey] of substitutes) {
    const date = holidays.find(([key]) => key === holidayKey)?.[1];
    if (date && isoWeekday(date) >= 6) {
      let substitute = addDays(date, 1);
      while (isoWeekday(substitute) >= 6 || taken.has(substitute)) {
        substitute = addDays(substitute, 1);
      }
      taken.add(substitute);
      holidays.push([substituteKey, substitute]);
    }
  }

  return holidays;
}

function firstMonday(year: number, month: number): PlainDate {
  const first = dateOf(year, month, 1);

  return addDays(first, (8 - isoWeekday(first)) % 7);
}

function lastMonday(year: number, month: number): PlainDate {
  const nextMonthFirst = month === 12 ? dateOf(year + 1, 1, 1) : dateOf(year, month + 1, 1);
  const last = addDays(nextMonthFirst, -1);

  return addDays(last, -((isoWeekday(last) + 6) % 7));
}
