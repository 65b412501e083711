import type { Executor } from '../db/database.ts';
import type { PaymentReferenceScheme } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  createCreditorReference,
  deriveCreditorReferenceBody,
} from '../payments/creditor-reference.ts';
import {
  nextDutchReferences,
  sequenceDutchReference,
} from '../payments/generate-payment-reference.ts';

/** Digits of a message id that make the number of an example Dutch reference in a preview. */
const PREVIEW_NUMBER_DIGITS = 15;

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

/**
 * Sets the payment reference of new messages in the entity's scheme, in
 * place: the RF reference of `messagePaymentReference` for 'rf', and for
 * 'nl' a 16-digit Dutch payment reference with a number from the
 * payment_reference_numbers sequence, drawn for all messages in one statement.
 */
export async function assignMessagePaymentReferences(
  executor: Executor,
  params: { entityId: string; entityCode: string },
  messages: Array<{ id?: string; payment_reference?: string | null }>,
): Promise<void> {
  const scheme = await loadReferenceScheme(executor, params.entityId);
  if (scheme === 'rf') {
    for (const message of messages) {
      message.payment_reference = messagePaymentReference(params.entityCode, message.id ?? '');
    }
    return;
  }
  const references = await nextDutchReferences(executor, messages.length);
  messages.forEach((message, index) => {
    message.payment_reference = references[index] ?? null;
  });
}

/**
 * Returns an example reference of a message in the entity's scheme for a
 * template preview, without drawing from the sequence: for 'nl' a Dutch
 * reference whose number comes from the message id.
 */
export function previewPaymentReference(
  entity: { code: string; payment_reference_scheme: PaymentReferenceScheme },
  messageId: string,
): string | null {
  if (entity.payment_reference_scheme === 'rf') {
    return messagePaymentReference(entity.code, messageId);
  }
  const hex = messageId.replace(/-/g, '').slice(0, PREVIEW_NUMBER_DIGITS);
  // From 1 to 10^15 - 1, the range of the sequence numbers.
  const number = (BigInt(`0x${hex || '0'}`) % (10n ** BigInt(PREVIEW_NUMBER_DIGITS) - 1n)) + 1n;

  return sequenceDutchReference(number);
}

async function loadReferenceScheme(
  executor: Executor,
  entityId: string,
): Promise<PaymentReferenceScheme> {
  const entity = await executor
    .selectFrom('entities')
    .select('payment_reference_scheme')
    .where('id', '=', entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${entityId} does not exist.`);
  }

  return entity.payment_reference_scheme;
}
