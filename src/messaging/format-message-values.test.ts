import { describe, expect, it } from 'vitest';
import {
  formatCountryName,
  formatIbanForPrint,
  formatMessageAmount,
  formatMessageDate,
} from './format-message-values.ts';

/** Intl writes no-break and narrow no-break spaces; compare with plain spaces. */
const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMessageAmount', () => {
  it.each([
    ['nl', '€ 1.234,56'],
    ['en', '€1,234.56'],
    ['de', '1.234,56 €'],
    ['fr', '1 234,56 €'],
  ])('formats EUR in %s', (language, expected) => {
    expect(plainSpaces(formatMessageAmount(123_456, 'EUR', language))).toBe(expected);
  });

  it('keeps large amounts exact', () => {
    expect(formatMessageAmount(900_719_925_474_099, 'EUR', 'en')).toBe('€9,007,199,254,740.99');
  });

  it('formats negative amounts', () => {
    expect(formatMessageAmount(-5, 'EUR', 'en')).toBe('-€0.05');
  });

  it('uses the currency digits', () => {
    expect(plainSpaces(formatMessageAmount(1234, 'JPY', 'nl'))).toBe('JP¥ 1.234');
  });
});

describe('formatMessageDate', () => {
  it.each([
    ['nl', 'short', '03-05-2024'],
    ['nl', 'long', '3 mei 2024'],
    ['en', 'short', '3 May 2024'],
    ['en', 'long', '3 May 2024'],
    ['de', 'short', '03.05.2024'],
    ['fr', 'short', '03/05/2024'],
    ['fr', 'long', '3 mai 2024'],
  ] as const)('formats %s %s', (language, style, expected) => {
    expect(formatMessageDate('2024-05-03', language, style)).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => formatMessageDate('2024-02-30', 'en', 'short')).toThrow(RangeError);
  });
});

describe('formatIbanForPrint', () => {
  it('groups by four', () => {
    expect(formatIbanForPrint('nl91abna0417164300')).toBe('NL91 ABNA 0417 1643 00');
  });
});

describe('formatCountryName', () => {
  it('names the country in the message language', () => {
    expect(formatCountryName('DE', 'fr')).toBe('Allemagne');
  });
});
