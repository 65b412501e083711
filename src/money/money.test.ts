import { describe, expect, it } from 'vitest';
import {
  AmountParseError,
  formatDecimal,
  isCurrencyCode,
  minorDigits,
  parseAmount,
} from './money.ts';

describe('minorDigits', () => {
  it.each([
    ['EUR', 2],
    ['usd', 2],
    ['JPY', 0],
    ['KWD', 3],
  ])('gives %s %i digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });
});

describe('isCurrencyCode', () => {
  it.each([
    ['EUR', true],
    ['eur', false],
    ['EU', false],
    ['EURO', false],
  ])('checks %s', (code, valid) => {
    expect(isCurrencyCode(code)).toBe(valid);
  });
});

describe('formatDecimal', () => {
  it.each([
    [123450, 'EUR', '1234.50'],
    [5, 'EUR', '0.05'],
    [0, 'EUR', '0.00'],
    [-1, 'EUR', '-0.01'],
    [-30000, 'EUR', '-300.00'],
    [1500, 'JPY', '1500'],
    [-5, 'JPY', '-5'],
    [1234, 'KWD', '1.234'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
  ])('formats %i %s as %s', (minor, currency, text) => {
    expect(formatDecimal(minor, currency)).toBe(text);
  });
});

describe('parseAmount', () => {
  it.each([
    ['1234.50', '.', 123450],
    ['1,234.50', '.', 123450],
    ['1.234,50', ',', 123450],
    ['1 234,50', ',', 123450],
    ['12', '.', 1200],
    ['.5', '.', 50],
    ['0.1', '.', 10],
    ['-300.00', '.', -30000],
    ['300.00-', '.', -30000],
    ['(12.00)', '.', -1200],
    ['+7.25', '.', 725],
    ['-0', '.', 0],
    ['4563.74', '.', 456374],
  ] as const)('reads "%s" with "%s" as %i', (text, separator, minor) => {
    expect(parseAmount(text, 'EUR', separator)).toBe(minor);
  });

  it('reads whole yen', () => {
    expect(parseAmount('1500', 'JPY')).toBe(1500);
  });

  it('never goes through floating point', () => {
    expect(parseAmount('0.29', 'EUR')).toBe(29);
    expect(parseAmount('1.15', 'EUR')).toBe(115);
  });

  it.each([
    ['', '.', /is empty/],
    ['-', '.', /is empty/],
    ['1,234', ',', /3 decimals/],
    ['0.004', '.', /3 decimals/],
    ['15.5', '.', /has 1 decimals, but JPY has 0/],
    ['1.2.3', '.', /more than one decimal separator/],
    ['1,23,456.00', '.', /thousands separator/],
    ['12a', '.', /is not a number/],
    ['1e5', '.', /is not a number/],
    ['5.', '.', /is not a number/],
    ['99999999999999999', '.', /too large/],
  ] as const)('rejects "%s" with "%s"', (text, separator, message) => {
    const currency = text === '15.5' ? 'JPY' : 'EUR';

    expect(() => parseAmount(text, currency, separator)).toThrow(AmountParseError);
    expect(() => parseAmount(text, currency, separator)).toThrow(message);
  });
});
