import { describe, expect, it } from 'vitest';
import { findInvoiceNumberTokens } from './find-invoice-number-tokens.ts';

describe('findInvoiceNumberTokens', () => {
  it.each([
    ['FACTUUR 201403110, 201403113', ['201403110', '201403113']],
    ['Invoice 2026-0007 and 2026-0008.', ['2026-0007', '2026-0008']],
    ['nr.INV-17 (paid)', ['NR.INV-17', 'INV-17']],
    ['inv:2024/001', ['INV:2024/001', '2024/001']],
    ['Factuur 7 en 8', ['7', '8']],
  ])('finds the numbers in %j', (text, expected) => {
    expect(findInvoiceNumberTokens(text)).toEqual(expected);
  });

  it('keeps dates and amounts whole', () => {
    expect(findInvoiceNumberTokens('Betaling 12-03-2026 bedrag 125,00')).toEqual([
      '12-03-2026',
      '125,00',
    ]);
  });

  it('drops short numbers without an invoice word', () => {
    expect(findInvoiceNumberTokens('3 termijn 12 van 2026')).toEqual(['2026']);
  });

  it('drops words without digits', () => {
    expect(findInvoiceNumberTokens('thank you')).toEqual([]);
  });
});
