import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createCreditorReference, deriveCreditorReferenceBody } from './creditor-reference.ts';
import { createDutchPaymentReference } from './payment-reference-nl.ts';

/** Digits of the number inside a generated 16-digit Dutch payment reference. */
const DUTCH_NUMBER_DIGITS = 15;
const MAX_DUTCH_NUMBER = 10n ** BigInt(DUTCH_NUMBER_DIGITS) - 1n;
/** Hexadecimal digits of a record id in a fallback RF body, after its leading "0". */
const FALLBACK_ID_DIGITS = 20;

/**
 * Creates the RF creditor reference of an invoice from the entity code and
 * the invoice number, so that the same invoice always gets the same
 * reference ("NL01" and "2024-0001" give "RF244NL0120240001"). When the pair
 * does not fit in 21 characters, it falls back to `fallbackCreditorReference`.
 */
export function invoiceCreditorReference(params: {
  entityCode: string;
  invoiceNumber: string;
  invoiceId: string;
}): string {
  try {
    const body = deriveCreditorReferenceBody({
      entityCode: params.entityCode,
      number: params.invoiceNumber,
    });
    return createCreditorReference(body);
  } catch (error) {
    if (error instanceof AppError) {
      return fallbackCreditorReference(params.invoiceId);
    }
    throw error;
  }
}

/**
 * Creates an RF reference from a record id (a UUID): "0" and the first 20
 * hexadecimal digits of the id. A derived body starts with the code length
 * 1 to 9, so a fallback body, which starts with 0, never equals one.
 */
export function fallbackCreditorReference(id: string): string {
  const hex = id.replace(/-/g, '').toUpperCase().slice(0, FALLBACK_ID_DIGITS);

  return createCreditorReference(`0${hex}`);
}

/**
 * Creates the 16-digit Dutch payment reference for a number of the
 * payment_reference_numbers sequence: the check digit and the number padded
 * with zeros to 15 digits.
 */
export function sequenceDutchReference(sequenceNumber: string | number | bigint): string {
  const number = BigInt(sequenceNumber);
  if (number < 1n || number > MAX_DUTCH_NUMBER) {
    throw new AppError(
      'invalid_input',
      `Payment reference number ${number} is outside 1 to ${MAX_DUTCH_NUMBER}, so it does not fit in a 16-digit Dutch payment reference.`,
    );
  }

  return createDutchPaymentReference(String(number).padStart(DUTCH_NUMBER_DIGITS, '0'));
}

/**
 * Draws `count` numbers from the payment_reference_numbers sequence in one
 * statement and returns their 16-digit Dutch payment references. The
 * sequence is shared by every organisation, so no number is handed out twice.
 */
export async function nextDutchReferences(executor: Executor, count: number): Promise<string[]> {
  if (count <= 0) {
    return [];
  }
  const { rows } = await sql<{ number: string }>`
    select nextval('payment_reference_numbers')::text as number
    from generate_series(1, ${count}::integer)`.execute(executor);

  return rows.map((row) => sequenceDutchReference(row.number));
}
