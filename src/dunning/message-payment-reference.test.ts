import { describe, expect, it } from 'vitest';
import {
  isValidCreditorReference,
  parseCreditorReferenceBody,
} from '../payments/creditor-reference.ts';
import { messagePaymentReference } from './message-payment-reference.ts';

const MESSAGE_ID = '0b9f6c2e-5d1a-4c3b-9e8f-7a6b5c4d3e2f';

describe('messagePaymentReference', () => {
  it('is a valid RF reference of entity and message', () => {
    const reference = messagePaymentReference('NL01', MESSAGE_ID) ?? '';

    expect(isValidCreditorReference(reference)).toBe(true);
    expect(reference).toHaveLength(25);
    expect(parseCreditorReferenceBody(reference.slice(4))).toEqual({
      entityCode: 'NL01',
      number: '0B9F6C2E5D1A4C3B',
    });
  });

  it('same message, same reference', () => {
    expect(messagePaymentReference('NL01', MESSAGE_ID)).toBe(
      messagePaymentReference('NL01', MESSAGE_ID),
    );
  });

  it('null for an entity code over 9 characters', () => {
    expect(messagePaymentReference('NETHERLANDS01', MESSAGE_ID)).toBeNull();
  });
});
