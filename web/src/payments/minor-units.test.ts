import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from './minor-units.ts';

describe('minor units', () => {
  it('reads decimals on the digits', () => {
    expect(toMinor('1250.5', 2)).toBe(125_050);
    expect(toMinor('0.07', 2)).toBe(7);
    expect(toMinor('-40.00', 2)).toBe(-4_000);
    expect(toMinor('12', 0)).toBe(12);
    expect(toMinor('1.005', 3)).toBe(1_005);
  });

  it('writes decimals with the currency digits', () => {
    expect(fromMinor(125_050, 2)).toBe('1250.50');
    expect(fromMinor(7, 2)).toBe('0.07');
    expect(fromMinor(-4_000, 2)).toBe('-40.00');
    expect(fromMinor(12, 0)).toBe('12');
  });
});
