import { AppError } from '../errors.ts';

/**
 * The Dutch payment reference (betalingskenmerk) of the Dutch payments
 * association: 7, 9 to 14 or 16 digits. Seven digits carry no check digit.
 * Sixteen digits are a check digit C and 15 digits. From 9 to 14 digits the
 * reference is C, a length code L (the number of digits after L, mod 10) and
 * the number. C covers every digit after it, L included.
 */
const WEIGHTS_FROM_RIGHT = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1];

/** Minimum and maximum digits of the number in the 9-to-14-digit form, which has a length code. */
const MAX_DIGITS_WITH_LENGTH_CODE = 12;
const MIN_DIGITS_WITH_LENGTH_CODE = 7;
const DIGITS_WITHOUT_LENGTH_CODE = 15;

/** Removes whitespace, the form in which a reference is stored and compared. */
export function normaliseDutchPaymentReference(value: string): string {
  return value.replace(/\s/g, '');
}

/**
 * Computes the check digit over `digits`, which are all digits after it.
 * The weights are 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the rightmost digit
 * leftwards, repeated. C = 11 - (sum mod 11), where 10 becomes 1 and 11 becomes 0.
 */
export function dutchPaymentReferenceCheckDigit(digits: string): number {
  let sum = 0;
  [...digits].reverse().forEach((digit, index) => {
    sum += Number(digit) * (WEIGHTS_FROM_RIGHT[index % WEIGHTS_FROM_RIGHT.length] ?? 0);
  });
  const check = 11 - (sum % 11);
  if (check === 10) {
    return 1;
  }

  return check === 11 ? 0 : check;
}

/** Checks the length, the length code and the check digit; spaces are ignored. */
export function isValidDutchPaymentReference(value: string): boolean {
  const reference = normaliseDutchPaymentReference(value);
  if (!/^\d+$/.test(reference)) {
    return false;
  }
  const length = reference.length;
  if (length === 7) {
    return true;
  }
  const hasLengthCode = length >= 9 && length <= 14;
  if (!hasLengthCode && length !== 16) {
    return false;
  }
  if (hasLengthCode && Number(reference[1]) !== (length - 2) % 10) {
    return false;
  }

  return Number(reference[0]) === dutchPaymentReferenceCheckDigit(reference.slice(1));
}

/**
 * Creates a payment reference for `number` (1 to 15 digits). Up to 12 digits
 * give the form with a length code, left-padded with zeros to at least 7
 * digits (9 to 14 in all). Longer numbers are left-padded to 15 digits and
 * give the 16-digit form. Example: 1234567 gives "271234567".
 */
export function createDutchPaymentReference(number: string | number): string {
  const digits = String(number);
  if (!/^\d{1,15}$/.test(digits)) {
    throw new AppError(
      'invalid_input',
      `Payment reference number "${digits}" is invalid: use 1 to 15 digits.`,
    );
  }

  if (digits.length <= MAX_DIGITS_WITH_LENGTH_CODE) {
    const padded = digits.padStart(MIN_DIGITS_WITH_LENGTH_CODE, '0');
    const withLengthCode = `${padded.length % 10}${padded}`;
    return `${dutchPaymentReferenceCheckDigit(withLengthCode)}${withLengthCode}`;
  }
  const padded = digits.padStart(DIGITS_WITHOUT_LENGTH_CODE, '0');

  return `${dutchPaymentReferenceCheckDigit(padded)}${padded}`;
}
