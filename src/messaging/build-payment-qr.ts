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
  return paymentQrProblem(context) === null;
}

/** Returns why a message carries no EPC QR code, or null when it carries one. */
export function paymentQrProblem(context: MessageContext): string | null {
  const { message, entity } = context;
  const amountMinor = amountDueMinor(context);
  if (message.currency !== 'EUR') {
    return `The total is in ${message.currency}; an EPC QR code carries euro amounts only.`;
  }
  if (!entity.iban) {
    return `Entity ${entity.code} has no IBAN; add one in the entity settings.`;
  }
  if (amountMinor <= 0) {
    return 'The total is not positive, so there is nothing to pay.';
  }
  if (amountMinor > MAX_EPC_AMOUNT_MINOR) {
    return 'The total is above EUR 999,999,999.99, the largest amount an EPC QR code carries.';
  }

  return null;
}

/**
 * Renders the EPC QR code (version 002) for the amount due as a
 * PNG, with the entity's IBAN, BIC and name. It carries the message's
 * payment reference (RF or Dutch) as the structured reference when the
 * message has one, else the debtor and invoice numbers as free text. Returns undefined when `hasPaymentQr` is false.
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
    amountMinor: amountDueMinor(context),
    currency: 'EUR',
    ...(reference ? { creditorReference: reference } : { text }),
  });

  return renderEpcQrPng(payload);
}

/**
 * Sums the amount due that the message states: the open total of its
 * invoices plus the collection costs, interest and fees open on them, so the
 * QR code requests the same amount as the letter or e-mail.
 */
function amountDueMinor(context: MessageContext): number {
  let chargesMinor = 0;
  for (const charges of context.charges?.values() ?? []) {
    chargesMinor += charges.costsMinor + charges.interestMinor + charges.feesMinor;
  }

  return context.message.total_minor + chargesMinor;
}
