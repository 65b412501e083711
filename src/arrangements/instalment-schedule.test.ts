import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { buildInstalmentSchedule, instalmentDueDate } from './instalment-schedule.ts';

describe('instalment schedule', () => {
  it('clamps monthly dates to the month end', () => {
    const dates = [1, 2, 3, 4].map((sequence) =>
      instalmentDueDate('2024-01-31', 'monthly', sequence),
    );

    expect(dates).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    expect(instalmentDueDate('2025-01-31', 'monthly', 2)).toBe('2025-02-28');
  });

  it('adds weeks, fortnights and quarters', () => {
    expect(instalmentDueDate('2025-12-29', 'weekly', 2)).toBe('2026-01-05');
    expect(instalmentDueDate('2025-12-29', 'fortnightly', 3)).toBe('2026-01-26');
    expect(instalmentDueDate('2025-11-30', 'quarterly', 2)).toBe('2026-02-28');
    expect(instalmentDueDate('2025-11-30', 'quarterly', 3)).toBe('2026-05-30');
  });

  it('puts the remainder cent on the last instalment', () => {
    const schedule = buildInstalmentSchedule({
      currency: 'EUR',
      totalMinor: 10_000,
      instalmentCount: 3,
      frequency: 'monthly',
      firstDueDate: '2025-01-15',
    });

    expect(schedule).toEqual([
      { sequence: 1, dueDate: '2025-01-15', amountMinor: 3333 },
      { sequence: 2, dueDate: '2025-02-15', amountMinor: 3333 },
      { sequence: 3, dueDate: '2025-03-15', amountMinor: 3334 },
    ]);
  });

  it('keeps given amounts that sum to the total', () => {
    const schedule = buildInstalmentSchedule({
      currency: 'EUR',
      totalMinor: 10_000,
      instalmentCount: 2,
      frequency: 'weekly',
      firstDueDate: '2025-01-15',
      amountsMinor: [2500, 7500],
    });

    expect(schedule.map((instalment) => instalment.amountMinor)).toEqual([2500, 7500]);
  });

  it.each([
    ['amounts that miss the total', { amountsMinor: [2500, 2500] }, /sum to 50.00 EUR/],
    ['one amount too few', { amountsMinor: [10_000] }, /amounts has 1 entries/],
    ['a zero amount', { amountsMinor: [0, 10_000] }, /amounts\[0\]/],
    ['one instalment', { instalmentCount: 1 }, /instalmentCount 1 is invalid/],
    ['61 instalments', { instalmentCount: 61 }, /instalmentCount 61 is invalid/],
    ['an invalid date', { firstDueDate: '2025-02-30' }, /firstDueDate "2025-02-30"/],
    [
      'dates past 2099',
      { firstDueDate: '2099-11-30', instalmentCount: 3 },
      /Instalment 3 would fall due on 2100-01-30/,
    ],
  ])('rejects %s', (_name, change, message) => {
    const build = () =>
      buildInstalmentSchedule({
        currency: 'EUR',
        totalMinor: 10_000,
        instalmentCount: 2,
        frequency: 'monthly',
        firstDueDate: '2025-01-15',
        ...change,
      });

    expect(build).toThrow(AppError);
    expect(build).toThrow(message);
  });
});
