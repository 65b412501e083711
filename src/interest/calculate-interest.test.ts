import { describe, expect, it } from 'vitest';
import { calculateInterest } from './calculate-interest.ts';
import {
  COMMERCIAL_INTEREST_RATES,
  CONSUMER_INTEREST_RATES,
  type InterestRateTable,
} from './statutory-interest-rates.ts';

describe('statutory interest', () => {
  it('charges 60 days at 12.5%', () => {
    // 2,500 × 12.5% × 60 / 365 = 51.369…; 15 January through 14 March 2024 is 60 days.
    const result = calculateInterest({
      principalMinor: 250_000,
      from: '2024-01-15',
      to: '2024-03-14',
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'act365',
    });

    expect(result.interestMinor).toBe(5_137);
    expect(result.periods).toEqual([
      {
        from: '2024-01-15',
        to: '2024-03-14',
        days: 60,
        basisPoints: 1250,
        baseMinor: 250_000,
        interestMinor: 5_137,
      },
    ]);
    expect(result.beyondTable).toBeUndefined();
  });

  it('compounds yearly across rate changes', () => {
    // Year 1: 10,000 × (10.5% × 91 + 12% × 184 + 12.5% × 91) / 365 = 1,178.356… → 1,178.36.
    // Year 2 on 11,178.36: (12.5% × 91 + 12.25% × 184 + 11.15% × 90) / 365 = 1,346.00….
    const result = calculateInterest({
      principalMinor: 1_000_000,
      from: '2023-04-01',
      to: '2025-03-31',
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'act365',
    });

    expect(result.periods.map((period) => [period.from, period.to, period.days])).toEqual([
      ['2023-04-01', '2023-06-30', 91],
      ['2023-07-01', '2023-12-31', 184],
      ['2024-01-01', '2024-03-31', 91],
      ['2024-04-01', '2024-06-30', 91],
      ['2024-07-01', '2024-12-31', 184],
      ['2025-01-01', '2025-03-31', 90],
    ]);
    expect(result.periods.map((period) => period.baseMinor)).toEqual([
      1_000_000, 1_000_000, 1_000_000, 1_117_836, 1_117_836, 1_117_836,
    ]);
    expect(result.periods.map((period) => period.interestMinor)).toEqual([
      26_178, 60_493, 31_164, 34_837, 69_030, 30_733,
    ]);
    expect(result.interestMinor).toBe(252_436);
  });

  it('divides leap-year days by 366 (actact)', () => {
    // Year 1: 10,000 × (10.5% × 91/365 + 12% × 184/365 + 12.5% × 91/366) = 1,177.504… → 1,177.50.
    // Year 2 on 11,177.50: 12.5% × 91/366 + 12.25% × 184/366 + 11.15% × 90/365 → 1,343.06 in total.
    const result = calculateInterest({
      principalMinor: 1_000_000,
      from: '2023-04-01',
      to: '2025-03-31',
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'actact',
    });

    expect(result.periods[3]?.baseMinor).toBe(1_117_750);
    expect(result.interestMinor).toBe(252_056);
  });

  it('splits at 1 January (actact)', () => {
    const result = calculateInterest({
      principalMinor: 100_000,
      from: '2016-12-01',
      to: '2017-01-31',
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'actact',
    });

    expect(result.periods.map((period) => [period.from, period.to])).toEqual([
      ['2016-12-01', '2016-12-31'],
      ['2017-01-01', '2017-01-31'],
    ]);
  });

  it('rounds once per capitalisation', () => {
    // Each day accrues half a cent: shown per period that rounds to 1 cent twice, but the
    // accrued total is exactly 1 cent.
    const table: InterestRateTable = {
      kind: 'commercial',
      entries: [
        { from: '2020-01-01', basisPoints: 3650 },
        { from: '2020-01-02', basisPoints: 3650 },
      ],
      coveredThrough: '2020-12-31',
    };
    const result = calculateInterest({
      principalMinor: 500,
      from: '2020-01-01',
      to: '2020-01-02',
      table,
      dayCount: 'act365',
    });

    // 500 cents × 36.5% / 365 = 0.5 cents a day.
    expect(result.periods.map((period) => period.interestMinor)).toEqual([1, 1]);
    expect(result.interestMinor).toBe(1);
  });

  it('reports days past the table', () => {
    const result = calculateInterest({
      principalMinor: 1_000_000,
      from: '2025-04-01',
      to: '2026-03-31',
      table: CONSUMER_INTEREST_RATES,
      dayCount: 'act365',
    });

    expect(result.beyondTable).toEqual({ coveredThrough: '2025-06-30', appliedBasisPoints: 600 });
    expect(result.interestMinor).toBe(60_000);
  });

  it('capitalises 29 February on 1 March', () => {
    const result = calculateInterest({
      principalMinor: 1_000_000,
      from: '2024-02-29',
      to: '2025-03-31',
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'act365',
    });

    const capitalised = result.periods.find((period) => period.from === '2025-03-01');
    expect(capitalised?.baseMinor).toBeGreaterThan(1_000_000);
  });

  it('rejects impossible periods', () => {
    const base = {
      principalMinor: 100,
      table: COMMERCIAL_INTEREST_RATES,
      dayCount: 'act365' as const,
    };
    expect(() => calculateInterest({ ...base, from: '2024-02-01', to: '2024-01-31' })).toThrow(
      /to: 2024-01-31 lies before from 2024-02-01/,
    );
    expect(() => calculateInterest({ ...base, from: '2001-01-01', to: '2001-01-31' })).toThrow(
      /starts on 2002-08-08/,
    );
  });
});
