import { describe, expect, it } from 'vitest';
import { publicHolidays } from './public-holidays.ts';

function datesOf(calendar: Parameters<typeof publicHolidays>[0], year: number) {
  return publicHolidays(calendar, year).map((holiday) => `${holiday.date} ${holiday.key}`);
}

describe('publicHolidays', () => {
  it('NL 2026', () => {
    expect(datesOf('NL', 2026)).toEqual([
      '2026-01-01 newYearsDay',
      '2026-04-06 easterMonday',
      '2026-04-27 kingsDay',
      '2026-05-14 ascensionDay',
      '2026-05-25 whitMonday',
      '2026-12-25 christmasDay',
      '2026-12-26 secondChristmasDay',
    ]);
  });

  it('NL King’s Day moves off Sunday', () => {
    const kingsDay = (year: number) =>
      publicHolidays('NL', year).find((holiday) => holiday.key === 'kingsDay')?.date;

    expect(kingsDay(2014)).toBe('2014-04-26');
    expect(kingsDay(2025)).toBe('2025-04-26');
    expect(kingsDay(2027)).toBe('2027-04-27');
  });

  it('NL Queen’s Day before 2014', () => {
    const holidays = publicHolidays('NL', 2006);

    expect(holidays.find((holiday) => holiday.key === 'queensDay')?.date).toBe('2006-04-29');
    expect(holidays.some((holiday) => holiday.key === 'kingsDay')).toBe(false);
  });

  it('NL Liberation Day in lustrum years only', () => {
    const liberationDay = (year: number) =>
      publicHolidays('NL', year).find((holiday) => holiday.key === 'liberationDay')?.date;

    expect(liberationDay(2025)).toBe('2025-05-05');
    expect(liberationDay(2030)).toBe('2030-05-05');
    expect(liberationDay(2026)).toBeUndefined();
  });

  it('BE 2026', () => {
    expect(datesOf('BE', 2026)).toEqual([
      '2026-01-01 newYearsDay',
      '2026-04-06 easterMonday',
      '2026-05-01 labourDay',
      '2026-05-14 ascensionDay',
      '2026-05-25 whitMonday',
      '2026-07-21 belgianNationalDay',
      '2026-08-15 assumptionDay',
      '2026-11-01 allSaintsDay',
      '2026-11-11 armisticeDay',
      '2026-12-25 christmasDay',
    ]);
  });

  it('DE 2026', () => {
    expect(datesOf('DE', 2026)).toEqual([
      '2026-01-01 newYearsDay',
      '2026-04-03 goodFriday',
      '2026-04-06 easterMonday',
      '2026-05-01 labourDay',
      '2026-05-14 ascensionDay',
      '2026-05-25 whitMonday',
      '2026-10-03 germanUnityDay',
      '2026-12-25 christmasDay',
      '2026-12-26 secondChristmasDay',
    ]);
  });

  it('DE Reformation Day 2017 only', () => {
    expect(datesOf('DE', 2017)).toContain('2017-10-31 reformationDay');
    expect(datesOf('DE', 2018)).not.toContain('2018-10-31 reformationDay');
  });

  it('FR 2026', () => {
    expect(datesOf('FR', 2026)).toEqual([
      '2026-01-01 newYearsDay',
      '2026-04-06 easterMonday',
      '2026-05-01 labourDay',
      '2026-05-08 victoryInEuropeDay',
      '2026-05-14 ascensionDay',
      '2026-05-25 whitMonday',
      '2026-07-14 frenchNationalDay',
      '2026-08-15 assumptionDay',
      '2026-11-01 allSaintsDay',
      '2026-11-11 armisticeDay',
      '2026-12-25 christmasDay',
    ]);
  });

  it('GB 2026 with Boxing Day substitute', () => {
    expect(datesOf('GB', 2026)).toEqual([
      '2026-01-01 newYearsDay',
      '2026-04-03 goodFriday',
      '2026-04-06 easterMonday',
      '2026-05-04 earlyMayBankHoliday',
      '2026-05-25 springBankHoliday',
      '2026-08-31 summerBankHoliday',
      '2026-12-25 christmasDay',
      '2026-12-26 boxingDay',
      '2026-12-28 boxingDaySubstitute',
    ]);
  });

  it('GB 2021 Christmas and Boxing Day on a weekend', () => {
    const december = datesOf('GB', 2021).filter((line) => line.startsWith('2021-12'));

    expect(december).toEqual([
      '2021-12-25 christmasDay',
      '2021-12-26 boxingDay',
      '2021-12-27 christmasDaySubstitute',
      '2021-12-28 boxingDaySubstitute',
    ]);
  });

  it('GB 2022 Christmas on Sunday and proclamations', () => {
    const holidays = datesOf('GB', 2022);

    expect(holidays).toContain('2022-01-03 newYearsDaySubstitute');
    expect(holidays).toContain('2022-06-02 springBankHoliday');
    expect(holidays).toContain('2022-06-03 platinumJubilee');
    expect(holidays).toContain('2022-09-19 stateFuneral');
    expect(holidays).toContain('2022-12-26 boxingDay');
    expect(holidays).toContain('2022-12-27 christmasDaySubstitute');
    expect(holidays).not.toContain('2022-05-30 springBankHoliday');
  });

  it('GB 2020 early May moved to VE day', () => {
    expect(datesOf('GB', 2020)).toContain('2020-05-08 earlyMayBankHoliday');
    expect(datesOf('GB', 2020)).not.toContain('2020-05-04 earlyMayBankHoliday');
  });

  it('names every holiday in English', () => {
    const [newYear] = publicHolidays('NL', 2026);

    expect(newYear).toEqual({ date: '2026-01-01', key: 'newYearsDay', name: "New Year's Day" });
  });

  it('rejects a year before 1980', () => {
    expect(() => publicHolidays('NL', 1979)).toThrow(/outside 1980 to 9999/);
  });
});
