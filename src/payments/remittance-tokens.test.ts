import { describe, expect, it } from 'vitest';
import { findInvoiceNumberTokens, remittanceTokens } from './remittance-tokens.ts';

describe('findInvoiceNumberTokens', () => {
  it.each([
    ['FACTUUR 201403110, 201403113', ['201403110', '201403113']],
    ['Invoice 2026-0007 and 2026-0008.', ['2026-0007', '2026-0008']],
    ['nr.INV-17 (paid)', ['NR.INV-17', 'INV-17']],
    ['inv:2024/001', ['INV:2024/001', '2024/001']],
    ['Factuur 7 en 8', ['7', '8']],
    ['<2026-0009>|2026-0010', ['2026-0009', '2026-0010']],
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

describe('remittanceTokens', () => {
  it('keeps words and their joined parts', () => {
    const tokens = remittanceTokens('Factuur nr. INV-2024/017, dank!');
    expect(tokens).toContain('INV-2024/017');
    expect(tokens).toContain('INV');
    expect(tokens).toContain('2024');
    expect(tokens).toContain('017');
    expect(tokens).toContain('FACTUUR');
  });

  it('keeps the case as written too', () => {
    const tokens = remittanceTokens('inv-2024/017');
    expect(tokens).toContain('inv-2024/017');
    expect(tokens).toContain('INV-2024/017');
  });

  it('splits numbers joined by a comma or colon', () => {
    const tokens = remittanceTokens('2024001,2024002 kenmerk:3456');
    expect(tokens).toContain('2024001');
    expect(tokens).toContain('2024002');
    expect(tokens).toContain('3456');
  });

  it('drops words shorter than three characters', () => {
    expect(remittanceTokens('nr 12 a')).toEqual([]);
  });

  it('joins a creditor reference written in groups', () => {
    const tokens = remittanceTokens('Ref rf18 5390 0754 7034 thanks');
    expect(tokens).toContain('RF18539007547034');
    expect(tokens).toContain('RF18');
  });

  it('joins a Dutch payment reference written in groups', () => {
    expect(remittanceTokens('kenmerk 1234 5678 9012 3456')).toContain('1234567890123456');
  });
});
