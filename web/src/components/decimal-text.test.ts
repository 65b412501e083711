import { describe, expect, it } from 'vitest';
import { currencyDigits, formatDecimalText, parseDecimalText } from './decimal-text.ts';

describe('decimal text', () => {
  it.each([
    ['1250,50', 'nl', '1250.50'],
    ['1.250,50', 'nl', '1250.50'],
    [' 250 ', 'nl', '250'],
    ['1,250.50', 'en', '1250.50'],
    ['0.5', 'en', '0.5'],
  ])('reads %s in %s', (text, locale, expected) => {
    expect(parseDecimalText(text, locale, 2)).toBe(expected);
  });

  it.each([
    ['12,50', 'en'],
    ['250.50', 'nl'],
    ['1,2345', 'nl'],
    ['0,00', 'nl'],
    ['-5', 'en'],
    ['abc', 'en'],
    ['', 'en'],
    ['1.5.0', 'en'],
  ])('rejects %s in %s', (text, locale) => {
    expect(parseDecimalText(text, locale, 2)).toBeNull();
  });

  it('rejects decimals a currency lacks', () => {
    expect(parseDecimalText('100.5', 'en', currencyDigits('JPY'))).toBeNull();
  });

  it('writes the decimal separator of the language', () => {
    expect(formatDecimalText('1250.50', 'nl')).toBe('1250,50');
    expect(formatDecimalText('1250.50', 'en')).toBe('1250.50');
  });
});
