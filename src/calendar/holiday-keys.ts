/**
 * Keys and English names of the built-in public holidays. The API returns
 * both; the web app translates by key.
 */
export const HOLIDAY_NAMES = {
  newYearsDay: "New Year's Day",
  newYearsDaySubstitute: "New Year's Day (substitute day)",
  goodFriday: 'Good Friday',
  easterMonday: 'Easter Monday',
  kingsDay: "King's Day",
  queensDay: "Queen's Day",
  liberationDay: 'Liberation Day',
  labourDay: 'Labour Day',
  victoryInEuropeDay: 'Victory in Europe Day',
  ascensionDay: 'Ascension Day',
  whitMonday: 'Whit Monday',
  belgianNationalDay: 'Belgian National Day',
  frenchNationalDay: 'French National Day',
  assumptionDay: 'Assumption Day',
  germanUnityDay: 'German Unity Day',
  reformationDay: 'Reformation Day',
  allSaintsDay: "All Saints' Day",
  armisticeDay: 'Armistice Day',
  christmasDay: 'Christmas Day',
  christmasDaySubstitute: 'Christmas Day (substitute day)',
  secondChristmasDay: 'Second day of Christmas',
  boxingDay: 'Boxing Day',
  boxingDaySubstitute: 'Boxing Day (substitute day)',
  earlyMayBankHoliday: 'Early May bank holiday',
  springBankHoliday: 'Spring bank holiday',
  summerBankHoliday: 'Summer bank holiday',
  royalWedding: 'Royal wedding bank holiday',
  goldenJubilee: 'Golden Jubilee bank holiday',
  diamondJubilee: 'Diamond Jubilee bank holiday',
  platinumJubilee: 'Platinum Jubilee bank holiday',
  stateFuneral: 'Bank holiday for the state funeral of Queen Elizabeth II',
  coronation: 'Bank holiday for the coronation of King Charles III',
} as const;

export type HolidayKey = keyof typeof HOLIDAY_NAMES;

/** A holiday by key and date, before its name is added. */
export type HolidayDate = [key: HolidayKey, date: string];

/** Formats a calendar date as YYYY-MM-DD; `month` counts from 1. */
export function dateOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
