import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatDecimalText,
  parseDecimalText,
  readDecimalText,
} from './decimal-text.ts';

describe('decimal text', () => {
  it.each([
    ['1250,50', 'nl', '1250.50'],
    ['1.250,50', 'nl', '1250.50'],
    [' 250 ', 'nl', '250'],
    ['1,250.50', 'en', '1250.50'],
    ['0.5', 'en', '0.5'],
    ['3000.00', 'nl', '3000.00'],
    ['250.5', 'nl', '250.5'],
    ['3.000', 'nl', '3000'],
    ['12.500', 'nl', '12500'],
  ])('reads %s in %s', (text, locale, expected) => {
    expect(parseDecimalText(text, locale, 2)).toBe(expected);
  });

  it.each([
    ['12,50', 'en'],
    ['1,2345', 'nl'],
    ['0,00', 'nl'],
    ['-5', 'en'],
    ['abc', 'en'],
    ['', 'en'],
    ['1.5.0', 'en'],
  ])('rejects %s in %s', (text, locale) => {
    expect(parseDecimalText(text, locale, 2)).toBeNull();
  });

  it.each([
    ['', 'nl', 'empty'],
    ['abc', 'nl', 'invalid'],
    ['€ 300', 'nl', 'invalid'],
    ['12,50', 'en', 'separators'],
    ['1.250.50', 'nl', 'separators'],
    ['30.00.00', 'nl', 'separators'],
    ['3000,', 'nl', 'separators'],
    ['1,2345', 'nl', 'decimals'],
    ['3000.005', 'en', 'decimals'],
    ['0,00', 'nl', 'notPositive'],
    ['0.00', 'nl', 'notPositive'],
    ['-5', 'en', 'notPositive'],
  ])('names the problem of %s in %s', (text, locale, problem) => {
    expect(readDecimalText(text, locale, 2)).toEqual({ ok: false, problem });
  });

  it('reads a point before three decimals as grouping in Dutch', () => {
    expect(readDecimalText('3.000', 'nl', 2)).toEqual({ ok: true, value: '3000' });
    expect(readDecimalText('3.000,00', 'nl', 2)).toEqual({ ok: true, value: '3000.00' });
  });

  it('rejects decimals a currency lacks', () => {
    expect(parseDecimalText('100.5', 'en', currencyDigits('JPY'))).toBeNull();
    expect(readDecimalText('3000.00', 'nl', currencyDigits('JPY'))).toEqual({
      ok: false,
      problem: 'decimals',
    });
  });

  it('writes the decimal separator of the language', () => {
    expect(formatDecimalText('1250.50', 'nl')).toBe('1250,50');
    expect(formatDecimalText('1250.50', 'en')).toBe('1250.50');
  });
});
