import { describe, expect, it } from 'vitest';
import { decimalEvidence, detectDecimalSeparator } from './detect-decimal-separator.ts';
import { ImportFileError } from './import-problems.ts';

describe('decimalEvidence', () => {
  it.each([
    ['5323,54', ','],
    ['1.234,56', ','],
    ['-0,01', ','],
    ['1.234.567', ','],
    ['55.94', '.'],
    ['1,234.56', '.'],
    ['1,234,567', '.'],
    ['1,234', 'either'],
    ['1.234', 'either'],
    ['100', 'none'],
    ['-7', 'none'],
  ])('%s shows %s', (text, expected) => {
    expect(decimalEvidence(text)).toBe(expected);
  });
});

describe('detectDecimalSeparator', () => {
  const amounts = (...texts: string[]) =>
    texts.map((text, index) => ({ line: index + 2, column: 'amount', text }));

  it('reads a comma from decisive amounts beside ambiguous ones', () => {
    expect(detectDecimalSeparator(amounts('5323,54', '100', '1,234'))).toBe(',');
  });

  it('reads a point from decisive amounts', () => {
    expect(detectDecimalSeparator(amounts('55.94', '1,234'))).toBe('.');
  });

  it('gives a point for whole numbers only', () => {
    expect(detectDecimalSeparator(amounts('100', '-5'))).toBe('.');
  });

  it('rejects only ambiguous amounts', () => {
    expect(() => detectDecimalSeparator(amounts('1,234', '100'))).toThrow(ImportFileError);
  });

  it('rejects amounts that disagree', () => {
    expect(() => detectDecimalSeparator(amounts('12.50', '12,50'))).toThrow(/mix decimal points/);
  });
});
