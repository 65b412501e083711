import { describe, expect, it } from 'vitest';
import {
  createCreditorReference,
  deriveCreditorReferenceBody,
  formatCreditorReference,
  isValidCreditorReference,
  normaliseCreditorReference,
  parseCreditorReferenceBody,
} from './creditor-reference.ts';

const validReferences = [
  'RF18539007547034',
  'RF18 5390 0754 7034',
  'RF312024001',
  'RF17INV20240001',
  'RF741',
  'RF040',
  'RF74000000000000000000001',
  'RF95ABCDEFGHIJKLMNOPQRSTU',
  'RF47892182916',
  'RF29000100042',
  'RF03SW3EZRUFBK',
  'RF72YW',
  'RF08P',
  'RF529',
  'RF097',
];

const invalidReferences = [
  ['RF17539007547034', 'wrong check digits'],
  ['RF19539007547034', 'wrong check digits'],
  ['RF18539007547O34', 'letter O for zero'],
  ['RF123', 'check digits 12 for body 3'],
  ['RF71INV20240001X', 'check fails'],
  ['RF740000000000000000000001', '26 characters'],
  ['RF18-5390-0754-7034', 'hyphens'],
  ['RF18/539007547034', 'slash'],
  ['RF18', 'no body'],
  ['XX18539007547034', 'no RF prefix'],
  ['', 'empty'],
];

describe('isValidCreditorReference', () => {
  it.each(validReferences)('accepts %s', (reference) => {
    expect(isValidCreditorReference(reference)).toBe(true);
  });

  it.each(invalidReferences)('rejects %s (%s)', (reference) => {
    expect(isValidCreditorReference(reference)).toBe(false);
  });

  it('ignores letter case', () => {
    expect(isValidCreditorReference('rf17inv20240001')).toBe(true);
  });
});

describe('createCreditorReference', () => {
  it.each(validReferences.map((reference) => normaliseCreditorReference(reference)))(
    'recreates %s from its body',
    (reference) => {
      expect(createCreditorReference(reference.slice(4))).toBe(reference);
    },
  );

  it('creates RF17INV20240001', () => {
    expect(createCreditorReference('INV20240001')).toBe('RF17INV20240001');
  });

  it('pads check digits below 10', () => {
    expect(createCreditorReference('SW3EZRUFBK')).toBe('RF03SW3EZRUFBK');
  });

  it.each(['', 'INV-2024', 'ABCDEFGHIJKLMNOPQRSTUV', 'ÄBC'])('rejects body "%s"', (body) => {
    expect(() => createCreditorReference(body)).toThrow(/Creditor reference body/);
  });
});

describe('formatCreditorReference', () => {
  it('groups by four', () => {
    expect(formatCreditorReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });

  it('leaves a short last group', () => {
    expect(formatCreditorReference('rf17 inv20240001')).toBe('RF17 INV2 0240 001');
  });
});

describe('deriveCreditorReferenceBody', () => {
  it('prefixes the code length', () => {
    expect(deriveCreditorReferenceBody({ entityCode: 'NL01', number: 20240001 })).toBe(
      '4NL0120240001',
    );
  });

  it('gives a valid reference', () => {
    const body = deriveCreditorReferenceBody({ entityCode: 'nl-01', number: 'INV-2024-0001' });

    expect(body).toBe('4NL01INV20240001');
    expect(isValidCreditorReference(createCreditorReference(body))).toBe(true);
  });

  it('keeps code and number apart', () => {
    const first = deriveCreditorReferenceBody({ entityCode: 'AR1', number: 23 });
    const second = deriveCreditorReferenceBody({ entityCode: 'AR', number: 123 });

    expect(first).not.toBe(second);
  });

  it('parses back what it derives', () => {
    const body = deriveCreditorReferenceBody({ entityCode: 'NL01', number: 20240001 });

    expect(parseCreditorReferenceBody(body)).toEqual({ entityCode: 'NL01', number: '20240001' });
    expect(parseCreditorReferenceBody('9ABC')).toBeUndefined();
  });

  it('rejects bodies over 21 characters', () => {
    expect(() =>
      deriveCreditorReferenceBody({ entityCode: 'NL01', number: '12345678901234567' }),
    ).toThrow(/use 1 to 16 letters and digits/);
  });

  it('rejects long entity codes', () => {
    expect(() => deriveCreditorReferenceBody({ entityCode: 'ABCDEFGHIJ', number: 1 })).toThrow(
      /1 to 9 letters and digits/,
    );
  });
});
