import { describe, expect, it } from 'vitest';
import { electronicIban, passesIbanCheck, printIban } from './iban-text.ts';

describe('IBAN text', () => {
  it('electronic form drops spaces', () => {
    expect(electronicIban(' nl88 rabo 0895 3211 78 ')).toBe('NL88RABO0895321178');
  });

  it('print form groups by four', () => {
    expect(printIban('NL88RABO0895321178')).toBe('NL88 RABO 0895 3211 78');
  });

  it.each([
    ['NL88RABO0895321178', true],
    ['GB82WEST12345698765432', true],
    ['NL89RABO0895321178', false],
    ['NL88RABO', false],
  ])('check of %s is %s', (iban, expected) => {
    expect(passesIbanCheck(iban)).toBe(expected);
  });
});
