import { describe, expect, it } from 'vitest';
import { isValidIban, lettersToDigits, mod97, normaliseIban } from './iban.ts';

/** Has the mod-97 remainder 1 once the first four characters move to the end. */
function passesMod97(iban: string): boolean {
  const normalised = normaliseIban(iban);
  return mod97(lettersToDigits(normalised.slice(4) + normalised.slice(0, 4))) === 1;
}

describe('isValidIban', () => {
  it.each([
    'NL91ABNA0417164300',
    'NL86INGB0002445588',
    'NL17RABO0310029597',
    'NL77ABNA0574908765',
    'BE72000000001616',
    'DE89370400440532013000',
    'DE71110220330123456789',
    'FR1420041010050500013M02606',
    'AD1200012030200359100100',
    'AT611904300234573201',
    'XK051212012345678906',
  ])('accepts %s', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it('accepts spaces and lower case', () => {
    expect(isValidIban('nl91 abna 0417 1643 00')).toBe(true);
  });

  it.each([
    'NL91ABNA0417164301',
    'AT611804300234573201',
    'BE68530907547034',
    'NL71RABO0123456789',
    'NL77INGB0574908765',
    'NL52RABO0326203011',
  ])('rejects checksum of %s', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it.each(['AT93 1904 3002 3457 3201 99', 'BE36 5390 0754 7034 1234'])(
    'rejects length of %s',
    (iban) => {
      expect(passesMod97(iban)).toBe(true);
      expect(isValidIban(iban)).toBe(false);
    },
  );

  it('rejects a letter in the NL account number', () => {
    expect(passesMod97('NL56 3003 0A17 1643 00')).toBe(true);
    expect(isValidIban('NL56 3003 0A17 1643 00')).toBe(false);
  });

  it('rejects an unknown country', () => {
    expect(passesMod97('QQ93 1234 5678')).toBe(true);
    expect(isValidIban('QQ93 1234 5678')).toBe(false);
  });

  it.each(['', 'NL', '91ABNA0417164300', 'NL9XABNA0417164300', 'NL91-ABNA-0417-1643-00'])(
    'rejects malformed "%s"',
    (iban) => {
      expect(isValidIban(iban)).toBe(false);
    },
  );
});

describe('mod97', () => {
  it('handles numbers beyond safe integers', () => {
    expect(mod97('3214282912345698765432161182')).toBe(1);
  });
});

describe('lettersToDigits', () => {
  it('maps A to 10 and Z to 35', () => {
    expect(lettersToDigits('A9Z')).toBe('10935');
  });
});
