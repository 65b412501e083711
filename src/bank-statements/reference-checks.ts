import { notice, type Notice } from '../errors.ts';
import { isValidCreditorReference } from '../payments/creditor-reference.ts';
import { isValidIban, normaliseIban } from '../payments/iban.ts';
import { isValidDutchPaymentReference } from '../payments/payment-reference-nl.ts';
import type { StructuredReference, TransactionDraft } from './statement-model.ts';

/** Loose IBAN shape: country, check digits and 10 to 30 letters or digits, spaces ignored. */
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const BIC_SHAPE = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Returns the value in IBAN form when it has the shape of one, whether or not its checksum is right. */
export function asIban(value: string | undefined): string | undefined {
  const candidate = normaliseIban(value ?? '');

  return IBAN_SHAPE.test(candidate) ? candidate : undefined;
}

export function asBic(value: string | undefined): string | undefined {
  const candidate = (value ?? '').trim().toUpperCase();

  return BIC_SHAPE.test(candidate) ? candidate : undefined;
}

/**
 * Adds a warning for each value that fails its check: the counterparty IBAN
 * (ISO 13616 mod 97), a Dutch payment reference (issuer CUR) and an RF
 * creditor reference (issuer ISO, or an SCOR reference starting with RF).
 * The values are kept as the bank sent them, because the payment happened
 * even when a check fails. The credit manager matches such payments by hand.
 */
export function addReferenceWarnings(transaction: TransactionDraft): void {
  const iban = transaction.counterparty.iban;
  if (iban !== undefined && !isValidIban(iban)) {
    transaction.warnings.push(notice('counterparty_iban_invalid', { iban }).message);
  }
  for (const reference of transaction.structuredReferences) {
    const warning = checkStructuredReference(reference);
    if (warning !== undefined) {
      transaction.warnings.push(warning.message);
    }
  }
}

function checkStructuredReference(reference: StructuredReference): Notice | undefined {
  const issuer = reference.issuer?.toUpperCase();
  if (issuer === 'CUR' && !isValidDutchPaymentReference(reference.reference)) {
    return notice('payment_reference_invalid', { reference: reference.reference });
  }
  const looksLikeRf = /^RF\d{2}/i.test(reference.reference.replace(/\s/g, ''));
  const isIsoReference = issuer === 'ISO' || (issuer === undefined && looksLikeRf);
  if (isIsoReference && !isValidCreditorReference(reference.reference)) {
    return notice('creditor_reference_invalid', { reference: reference.reference });
  }

  return undefined;
}
