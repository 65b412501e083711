import { describe, expect, it } from 'vitest';
import { statutoryCollectionCostsCents } from './statutory-collection-costs.ts';

describe('statutoryCollectionCostsCents', () => {
  // Worked examples of the scale: 15% to EUR 2,500, 10% to 5,000, 5% to 10,000, 1% to 200,000, 0.5% above.
  it.each([
    [10_000, 4_000, 'minimum EUR 40'],
    [26_666, 4_000, 'EUR 266.66 gives 40.00, still the minimum'],
    [26_667, 4_000, 'EUR 266.67 gives 40.0005, rounded down'],
    [26_700, 4_005, 'EUR 267 gives 40.05'],
    [100_000, 15_000, 'EUR 1,000 gives 150'],
    [250_000, 37_500, 'the end of the first bracket'],
    [300_000, 42_500, 'EUR 3,000 gives 375 + 50'],
    [500_000, 62_500, 'the end of the second bracket'],
    [1_000_000, 87_500, 'EUR 10,000 gives 875'],
    [20_000_000, 277_500, 'EUR 200,000 gives 2,775'],
    [100_000_000, 677_500, 'EUR 1,000,000 reaches the maximum'],
    [500_000_000, 677_500, 'the maximum holds above it'],
    [1_234_567, 89_846, 'EUR 12,345.67 gives 875 + 23.4567, rounded to the cent'],
  ])('%i cents gives %i cents (%s)', (principal, costs) => {
    expect(statutoryCollectionCostsCents(principal)).toBe(costs);
  });

  it('charges nothing without a principal', () => {
    expect(statutoryCollectionCostsCents(0)).toBe(0);
    expect(statutoryCollectionCostsCents(-5_000)).toBe(0);
  });

  it('rounds half a cent up', () => {
    // 10% of the 5 cents above EUR 2,500 is half a cent: 375.005 rounds to 375.01.
    expect(statutoryCollectionCostsCents(250_005)).toBe(37_501);
  });

  it('rejects a principal that is not whole cents', () => {
    expect(() => statutoryCollectionCostsCents(100.5)).toThrow(RangeError);
  });
});
