import { describe, expect, it } from 'vitest';
import {
  createDutchPaymentReference,
  dutchPaymentReferenceCheckDigit,
  isValidDutchPaymentReference,
} from './payment-reference-nl.ts';

const validReferences = [
  '5000056789012345',
  '12234534622567',
  '1067931951601240',
  '271234567',
  '4812345678',
  '09123456789',
  '701234567890',
  '8112345678901',
  '3000000000001234',
  '0123456789012345',
  '0000000000000000',
];

describe('isValidDutchPaymentReference', () => {
  it.each(validReferences)('accepts %s', (reference) => {
    expect(isValidDutchPaymentReference(reference)).toBe(true);
  });

  it.each([
    ['1906350066203673', 'check digit should be 6'],
    ['9001123412341234', 'check digit should be 8'],
    ['1070123412341234', 'check digit should be 3'],
    ['12345678', '8 digits'],
    ['123456789012345', '15 digits'],
    ['12345678901234567', '17 digits'],
    ['291234567', 'length code 9 for 7 digits'],
    ['27123456A', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (reference) => {
    expect(isValidDutchPaymentReference(reference)).toBe(false);
  });

  it('accepts 7 digits without a check digit', () => {
    expect(isValidDutchPaymentReference('1234567')).toBe(true);
  });

  it('ignores spaces', () => {
    expect(isValidDutchPaymentReference('5000 0567 8901 2345')).toBe(true);
  });
});

describe('dutchPaymentReferenceCheckDigit', () => {
  it('computes the official example', () => {
    expect(dutchPaymentReferenceCheckDigit('000056789012345')).toBe(5);
  });

  it('maps 11 to 0 and 10 to 1', () => {
    expect(dutchPaymentReferenceCheckDigit('000000000000000')).toBe(0);
    expect(dutchPaymentReferenceCheckDigit('067931951601240')).toBe(1);
  });
});

describe('createDutchPaymentReference', () => {
  it.each(validReferences.filter((reference) => reference.length < 16))(
    'recreates %s from its number',
    (reference) => {
      expect(createDutchPaymentReference(reference.slice(2))).toBe(reference);
    },
  );

  it.each(validReferences.filter((reference) => reference.length === 16))(
    'recreates 16-digit %s from its number',
    (reference) => {
      expect(createDutchPaymentReference(reference.slice(1))).toBe(reference);
    },
  );

  it('pads short numbers to 7 digits', () => {
    expect(createDutchPaymentReference(42)).toBe(`${createDutchPaymentReference('0000042')}`);
    expect(createDutchPaymentReference(42)).toHaveLength(9);
  });

  it('uses 16 digits for 13 to 15 digits', () => {
    const reference = createDutchPaymentReference('1234567890123');

    expect(reference).toHaveLength(16);
    expect(isValidDutchPaymentReference(reference)).toBe(true);
  });

  it.each(['', '12a', '1234567890123456', '-1'])('rejects "%s"', (number) => {
    expect(() => createDutchPaymentReference(number)).toThrow(/use 1 to 15 digits/);
  });
});
