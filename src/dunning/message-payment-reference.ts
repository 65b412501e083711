import {
  createCreditorReference,
  deriveCreditorReferenceBody,
} from '../payments/creditor-reference.ts';

/**
 * Creates the ISO 11649 creditor reference of a message: the entity code and the
 * first hexadecimal digits of the message id, as many as fit in the 21
 * characters of the body (16 for a four-character code). The same message
 * always gets the same reference. Returns null when the entity code is too
 * long to fit (more than 9 letters and digits).
 */
export function messagePaymentReference(entityCode: string, messageId: string): string | null {
  const codeLength = entityCode.replace(/[^A-Za-z0-9]/g, '').length;
  if (codeLength < 1 || codeLength > 9) {
    return null;
  }
  const number = messageId.replace(/-/g, '').slice(0, 20 - codeLength);

  return createCreditorReference(deriveCreditorReferenceBody({ entityCode, number }));
}
