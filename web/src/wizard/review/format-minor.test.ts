import { describe, expect, it } from 'vitest';
import { formatMinor } from './format-minor.ts';

describe('formatMinor', () => {
  it.each([
    [125000, 'EUR', '1250.00'],
    [5, 'EUR', '0.05'],
    [-1999, 'EUR', '-19.99'],
    [0, 'EUR', '0.00'],
    [1500, 'JPY', '1500'],
    [12345, 'KWD', '12.345'],
  ])('writes %i %s as %s', (minor, currency, expected) => {
    expect(formatMinor(minor, currency)).toBe(expected);
  });
});
