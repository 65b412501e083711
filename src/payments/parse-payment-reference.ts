import type { PaymentReferenceScheme } from '../db/schema.ts';
import { isValidCreditorReference, normaliseCreditorReference } from './creditor-reference.ts';
import {
  dutchPaymentReferenceCheckDigit,
  isValidDutchPaymentReference,
} from './payment-reference-nl.ts';

/** Outcome of checking one reference that a user or a file gives. */
export type PaymentReferenceCheck =
  | { valid: true; reference: string; scheme: PaymentReferenceScheme }
  | { valid: false; scheme: PaymentReferenceScheme | undefined; message: string };

const RF_PREFIX = /^RF\d{2}/;
const RF_LAYOUT = /^RF\d{2}[A-Z0-9]{1,21}$/;
const DIGITS = /^\d+$/;
const DUTCH_LENGTHS = new Set([7, 9, 10, 11, 12, 13, 14, 16]);
const RF_MAX_LENGTH = 25;
const DUTCH_MAX_LENGTH = 16;

/**
 * Checks one reference, spaces ignored and letters compared upper-cased.
 * A value that starts with "RF" and two digits is taken as an ISO 11649
 * creditor reference, a value of only digits as a Dutch payment reference
 * (betalingskenmerk). The message of an invalid value names the value, what
 * is wrong and how to fix it.
 */
export function checkPaymentReference(value: string): PaymentReferenceCheck {
  const reference = normaliseCreditorReference(value);
  if (RF_PREFIX.test(reference)) {
    return checkCreditorReference(value, reference);
  }
  if (DIGITS.test(reference)) {
    return checkDutchReference(value, reference);
  }

  return {
    valid: false,
    scheme: undefined,
    message: `Payment reference "${value}" is neither an RF creditor reference (RF, two check digits and 1 to 21 letters and digits) nor a Dutch payment reference (7, 9 to 14 or 16 digits).`,
  };
}

function checkCreditorReference(value: string, reference: string): PaymentReferenceCheck {
  if (!RF_LAYOUT.test(reference)) {
    return {
      valid: false,
      scheme: 'rf',
      message: `RF creditor reference "${value}" is invalid: it must be RF, two check digits and 1 to 21 letters and digits, 25 characters at most, without other signs.`,
    };
  }
  if (!isValidCreditorReference(reference)) {
    return {
      valid: false,
      scheme: 'rf',
      message: `RF creditor reference "${value}" has wrong check digits: copy the reference exactly as printed on the invoice.`,
    };
  }

  return { valid: true, reference, scheme: 'rf' };
}

function checkDutchReference(value: string, reference: string): PaymentReferenceCheck {
  const length = reference.length;
  if (!DUTCH_LENGTHS.has(length)) {
    return {
      valid: false,
      scheme: 'nl',
      message: `Dutch payment reference "${value}" has ${length} digits: it must have 7, 9 to 14 or 16 digits.`,
    };
  }
  const hasLengthCode = length >= 9 && length <= 14;
  if (hasLengthCode && Number(reference[1]) !== (length - 2) % 10) {
    return {
      valid: false,
      scheme: 'nl',
      message: `Dutch payment reference "${value}" has a wrong length code: its second digit must be ${(length - 2) % 10}, the number of digits after it (mod 10).`,
    };
  }
  if (!isValidDutchPaymentReference(reference)) {
    const expected = dutchPaymentReferenceCheckDigit(reference.slice(1));
    return {
      valid: false,
      scheme: 'nl',
      message: `Dutch payment reference "${value}" has a wrong check digit: the first digit should be ${expected}. Copy the reference exactly as printed on the invoice.`,
    };
  }

  return { valid: true, reference, scheme: 'nl' };
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * Finds the valid RF creditor references and Dutch payment references in
 * free text, such as the remittance information of a bank statement line,
 * and returns them normalised (no spaces, upper case), each once, in the
 * order they appear.
 *
 * A reference is one word of letters and digits, which a space, a sign such
 * as "/" or ":", or the end of the text ends. It may also be several words
 * printed in groups of four, such as "RF18 5390 0754 7034" or
 * "5000 0567 8901 2345", separated by one space or one line break. When several joins from the same first word are valid, all of them
 * are returned, shortest first. A word after a reference can extend it by
 * chance to another valid one: "RF18 5390 0754 7034 dank u" also gives
 * "RF18539007547034DANKU", about 1 in 97 for RF. The caller therefore looks
 * each one up. Text inside a longer word is never taken, so the "RF" of the MT940
 * transaction type "NTRF" and the digits of an IBAN do not count.
 *
 * Dutch references must have 9 to 14 or 16 digits with a valid length code
 * and check digit. The 7-digit form has no check digit, so in free text any
 * 7-digit number would pass, and it is left out. All-zero references are
 * left out too, because statements pad fields with zeros.
 */
export function findPaymentReferences(text: string): string[] {
  const words = [...text.matchAll(/[A-Za-z0-9]+/g)].map((match) => ({
    text: match[0].toUpperCase(),
    start: match.index,
    end: match.index + match[0].length,
  }));
  const found = new Set<string>();
  let index = 0;
  while (index < words.length) {
    const matches = matchReferencesAt(text, words, index);
    matches.forEach((match) => found.add(match.reference));
    index += matches.at(-1)?.wordCount ?? 1;
  }

  return [...found];
}

/** Finds the valid references that start with word `first`, shortest first. */
function matchReferencesAt(
  text: string,
  words: Word[],
  first: number,
): { reference: string; wordCount: number }[] {
  const firstWord = words[first]?.text ?? '';
  const isCreditor = RF_PREFIX.test(firstWord);
  if (!isCreditor && !DIGITS.test(firstWord)) {
    return [];
  }
  const maxLength = isCreditor ? RF_MAX_LENGTH : DUTCH_MAX_LENGTH;

  const matches: { reference: string; wordCount: number }[] = [];
  let candidate = '';
  for (let last = first; last < words.length; last += 1) {
    const word = words[last] as Word;
    if (last > first) {
      const previous = words[last - 1] as Word;
      const joinable =
        previous.text.length === 4 && isGroupSeparator(text.slice(previous.end, word.start));
      if (!joinable || (!isCreditor && !DIGITS.test(word.text))) {
        break;
      }
    }
    candidate += word.text;
    if (candidate.length > maxLength) {
      break;
    }
    if (isCreditor ? isValidCreditorReference(candidate) : isFreeTextDutchReference(candidate)) {
      matches.push({ reference: candidate, wordCount: last - first + 1 });
    }
  }

  return matches;
}

function isGroupSeparator(gap: string): boolean {
  return gap === ' ' || gap === '\n' || gap === '\r\n';
}

function isFreeTextDutchReference(digits: string): boolean {
  return digits.length >= 9 && !/^0+$/.test(digits) && isValidDutchPaymentReference(digits);
}
