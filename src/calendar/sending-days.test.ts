import { describe, expect, it } from 'vitest';
import { isSendingDay, nextSendingDay, type SendingCalendar } from './sending-days.ts';

const dutchOffice: SendingCalendar = {
  workingDays: [1, 2, 3, 4, 5],
  holidayCalendar: 'NL',
  closingDays: new Set(),
};

describe('isSendingDay', () => {
  it.each([
    ['2026-04-06', 'Easter Monday'],
    ['2026-04-27', "King's Day"],
    ['2026-05-14', 'Ascension Day'],
    ['2026-05-25', 'Whit Monday'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-26', 'Second day of Christmas'],
    ['2026-04-04', 'a Saturday'],
    ['2026-04-05', 'a Sunday'],
  ])('NL 2026: %s (%s) is none', (date) => {
    expect(isSendingDay(dutchOffice, date)).toBe(false);
  });

  it.each(['2026-04-03', '2026-04-07', '2026-04-28', '2026-05-05', '2026-12-24'])(
    'NL 2026: %s is one',
    (date) => {
      expect(isSendingDay(dutchOffice, date)).toBe(true);
    },
  );

  it('skips own closing days', () => {
    const calendar = { ...dutchOffice, closingDays: new Set(['2026-12-24']) };

    expect(isSendingDay(calendar, '2026-12-24')).toBe(false);
    expect(isSendingDay(calendar, '2026-12-23')).toBe(true);
  });

  it('ignores holidays without a calendar', () => {
    const calendar = { ...dutchOffice, holidayCalendar: null };

    expect(isSendingDay(calendar, '2026-04-06')).toBe(true);
  });

  it('sends on Saturdays when a working day', () => {
    const calendar = { ...dutchOffice, workingDays: [1, 2, 3, 4, 5, 6] };

    expect(isSendingDay(calendar, '2026-04-04')).toBe(true);
    expect(isSendingDay(calendar, '2026-12-26')).toBe(false);
  });
});

describe('nextSendingDay', () => {
  it('returns the date itself when it is one', () => {
    expect(nextSendingDay(dutchOffice, '2026-04-07')).toBe('2026-04-07');
  });

  it('skips Easter weekend and Easter Monday', () => {
    expect(nextSendingDay(dutchOffice, '2026-04-04')).toBe('2026-04-07');
  });

  it('skips Good Friday in Germany only', () => {
    const german = { ...dutchOffice, holidayCalendar: 'DE' as const };

    expect(nextSendingDay(dutchOffice, '2026-04-03')).toBe('2026-04-03');
    expect(nextSendingDay(german, '2026-04-03')).toBe('2026-04-07');
  });

  it('skips Christmas and a closing day', () => {
    const calendar = { ...dutchOffice, closingDays: new Set(['2026-12-24']) };

    expect(nextSendingDay(calendar, '2026-12-24')).toBe('2026-12-28');
  });

  it('crosses into the next year', () => {
    const calendar = { ...dutchOffice, closingDays: new Set(['2026-12-31']) };

    expect(nextSendingDay(calendar, '2026-12-31')).toBe('2027-01-04');
  });

  it('throws without any working day', () => {
    const calendar = { ...dutchOffice, workingDays: [] };

    expect(() => nextSendingDay(calendar, '2026-01-01')).toThrow(/no sending day in the 1098 days/);
  });
});
