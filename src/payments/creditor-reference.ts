import { AppError } from '../errors.ts';
import { lettersToDigits, mod97 } from './iban.ts';

/**
 * ISO 11649 structured creditor reference: "RF", two check digits and a
 * body of 1 to 21 letters and digits, 25 characters at most. Printed in
 * groups of four ("RF18 5390 0754 7034"); spaces and letter case do not
 * count when it is checked.
 */
const CREDITOR_REFERENCE = /^RF\d{2}[A-Z0-9]{1,21}$/;
const REFERENCE_BODY = /^[A-Z0-9]{1,21}$/;

/** Removes whitespace and upper-cases, the form in which a reference is stored and compared. */
export function normaliseCreditorReference(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/**
 * Checks the layout and the check digits: with the first four characters
 * moved to the end and letters replaced by 10 to 35, the number mod 97 is 1.
 */
export function isValidCreditorReference(value: string): boolean {
  const reference = normaliseCreditorReference(value);
  if (!CREDITOR_REFERENCE.test(reference)) {
    return false;
  }

  return mod97(lettersToDigits(reference.slice(4) + reference.slice(0, 4))) === 1;
}

/**
 * Creates the creditor reference for `body` (1 to 21 letters and digits,
 * spaces ignored): "RF" + check digits + body, such as "RF17INV20240001".
 * The check digits are 98 minus (body + "RF00", letters as numbers) mod 97.
 */
export function createCreditorReference(body: string): string {
  const normalised = normaliseCreditorReference(body);
  if (!REFERENCE_BODY.test(normalised)) {
    throw new AppError(
      'invalid_input',
      `Creditor reference body "${body}" is invalid: use 1 to 21 letters and digits.`,
    );
  }
  const checkDigits = 98 - mod97(lettersToDigits(`${normalised}RF00`));

  return `RF${String(checkDigits).padStart(2, '0')}${normalised}`;
}

/** Formats a reference for print in groups of four: "RF18 5390 0754 7034". */
export function formatCreditorReference(value: string): string {
  return normaliseCreditorReference(value).replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Derives a reference body from an entity code and a number (an invoice
 * number or a message sequence number), so that the same pair always gives
 * the same body. The body is the length of the compacted code (one digit),
 * the code, then the number: entity "NL01" and number 20240001 give
 * "4NL0120240001". The length digit marks where the code ends, so pairs that
 * differ after compacting never share a body. Compacting keeps only letters
 * and digits, upper-cased, so "INV-1" and "INV1" do give the same body.
 */
export function deriveCreditorReferenceBody(params: {
  entityCode: string;
  number: string | number;
}): string {
  const code = compact(params.entityCode);
  const number = compact(String(params.number));
  if (code.length < 1 || code.length > 9) {
    throw new AppError(
      'invalid_input',
      `Entity code "${params.entityCode}" cannot go into a creditor reference: it needs 1 to 9 letters and digits.`,
    );
  }
  const body = `${code.length}${code}${number}`;
  if (number.length === 0 || body.length > 21) {
    throw new AppError(
      'invalid_input',
      `Number "${params.number}" cannot go into a creditor reference for entity "${params.entityCode}": use 1 to ${20 - code.length} letters and digits.`,
    );
  }

  return body;
}

/**
 * Splits a body made by `deriveCreditorReferenceBody` into the compacted
 * entity code and number; returns undefined for a body of another form.
 */
export function parseCreditorReferenceBody(
  body: string,
): { entityCode: string; number: string } | undefined {
  const match = /^([1-9])([A-Z0-9]+)$/.exec(normaliseCreditorReference(body));
  const codeLength = Number(match?.[1]);
  const rest = match?.[2] ?? '';
  if (!match || rest.length <= codeLength) {
    return undefined;
  }

  return { entityCode: rest.slice(0, codeLength), number: rest.slice(codeLength) };
}

function compact(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}
