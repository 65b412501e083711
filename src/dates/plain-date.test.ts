import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateInTimeZone,
  daysBetween,
  daysPastDue,
  isPlainDate,
  isTimeZone,
  isoWeekday,
} from './plain-date.ts';

describe('isPlainDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31'])('accepts %s', (date) => {
    expect(isPlainDate(date)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-04-31',
    '2024-6-30',
    '20240630',
    '2024-06-30T00:00',
  ])('rejects %s', (date) => {
    expect(isPlainDate(date)).toBe(false);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-01-31', 30, '2024-03-01'],
    ['2025-03-29', 2, '2025-03-31'],
    ['2025-10-25', 2, '2025-10-27'],
  ])('adds to %s %i days: %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => addDays('2024-02-30', 1)).toThrow(/not a valid YYYY-MM-DD date/);
  });
});

describe('daysBetween', () => {
  it('counts a leap year', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('is negative backwards', () => {
    expect(daysBetween('2024-06-30', '2024-06-29')).toBe(-1);
  });
});

describe('daysPastDue', () => {
  it.each([
    ['2024-06-30', '2024-06-30', 0],
    ['2024-06-29', '2024-06-30', 1],
    ['2024-05-31', '2024-06-30', 30],
    ['2024-04-30', '2024-06-30', 61],
    ['2024-07-10', '2024-06-30', -10],
    ['2025-03-31', '2025-04-07', 7],
  ])('due %s on %s is %i days', (dueDate, asOf, days) => {
    expect(daysPastDue(dueDate, asOf)).toBe(days);
  });
});

describe('isoWeekday', () => {
  it.each([
    ['2025-03-03', 1],
    ['2024-06-30', 7],
    ['2024-02-29', 4],
  ])('gives %s weekday %i', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});

describe('dateInTimeZone', () => {
  it('keeps New York on the local date in the afternoon UTC', () => {
    expect(dateInTimeZone(new Date('2025-04-07T13:00:00Z'), 'America/New_York')).toBe('2025-04-07');
  });

  it('moves Berlin to the next day before UTC midnight', () => {
    expect(dateInTimeZone(new Date('2025-04-06T22:30:00Z'), 'Europe/Berlin')).toBe('2025-04-07');
    expect(dateInTimeZone(new Date('2025-04-06T22:30:00Z'), 'UTC')).toBe('2025-04-06');
  });

  it('handles zones 26 hours apart', () => {
    const instant = new Date('2024-06-30T10:30:00Z');

    expect(dateInTimeZone(instant, 'Pacific/Kiritimati')).toBe('2024-07-01');
    expect(dateInTimeZone(instant, 'Pacific/Pago_Pago')).toBe('2024-06-29');
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/Amsterdam', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['', false],
  ])('checks "%s"', (zone, valid) => {
    expect(isTimeZone(zone)).toBe(valid);
  });
});
