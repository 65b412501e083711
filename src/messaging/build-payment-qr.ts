import { buildEpcPayload, renderEpcQrPng } from '../payments/epc-qr.ts';
import type { MessageContext } from './load-message-context.ts';

/** Largest amount an EPC QR code carries: EUR 999,999,999.99 in cents. */
const MAX_EPC_AMOUNT_MINOR = 99_999_999_999;
/** EPC069-12 limits the beneficiary name to 70 and the unstructured text to 140 characters. */
const MAX_NAME_LENGTH = 70;
const MAX_TEXT_LENGTH = 140;

/**
 * Checks whether a message carries an EPC QR code: only for a positive EUR
 * total within the EPC range, and only when the entity has an IBAN. The code
 * is a SEPA credit transfer, and SEPA transfers are in euro only.
 */
export function hasPaymentQr(context: MessageContext): boolean {
  const { message, entity } = context;

  return (
    message.currency === 'EUR' &&
    !!entity.iban &&
    message.total_minor > 0 &&
    message.total_minor <= MAX_EPC_AMOUNT_MINOR
  );
}

/**
 * Renders the EPC QR code (version 002) for the message's open total as a
 * PNG, with the entity's IBAN, BIC and name. It carries the RF creditor
 * reference when the message has one, else the debtor and invoice numbers
 * as free text. Returns undefined when `hasPaymentQr` is false.
 */
export async function buildPaymentQrPng(context: MessageContext): Promise<Buffer | undefined> {
  const { message, entity, debtor } = context;
  if (!hasPaymentQr(context) || !entity.iban) {
    return undefined;
  }

  const reference = message.payment_reference?.replace(/\s/g, '').toUpperCase();
  const text = [debtor.number, ...context.invoices.map((invoice) => invoice.number)]
    .join(' ')
    .slice(0, MAX_TEXT_LENGTH);
  const payload = buildEpcPayload({
    version: '002',
    ...(entity.bic ? { bic: entity.bic } : {}),
    name: entity.name.slice(0, MAX_NAME_LENGTH),
    iban: entity.iban,
    amountMinor: message.total_minor,
    currency: 'EUR',
    ...(reference ? { creditorReference: reference } : { text }),
  });

  return renderEpcQrPng(payload);
}
