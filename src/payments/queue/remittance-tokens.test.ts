import { describe, expect, it } from 'vitest';
import { remittanceTokens } from './remittance-tokens.ts';

describe('remittanceTokens', () => {
  it('keeps words and their joined parts', () => {
    const tokens = remittanceTokens('Factuur nr. INV-2024/017, dank!');
    expect(tokens).toContain('INV-2024/017');
    expect(tokens).toContain('INV');
    expect(tokens).toContain('2024');
    expect(tokens).toContain('017');
    expect(tokens).toContain('FACTUUR');
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
