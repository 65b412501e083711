import { AppError, notice } from '../errors.ts';

/** Shortest password a user may choose, in characters. */
export const MIN_PASSWORD_LENGTH = 12;

/** Minimum number of different characters in a password. */
const MIN_DISTINCT_CHARACTERS = 5;

/**
 * Throws invalid_input when `password` is shorter than MIN_PASSWORD_LENGTH
 * Unicode code points, or is long only by repetition. A repetitive password
 * has fewer than MIN_DISTINCT_CHARACTERS different characters ("cmcmcmcmcmcm"),
 * or is one run of consecutive characters up or down ("abcdefghijkl",
 * "zyxwvutsrqpo", and "123456789012", which wraps from 9 to 0).
 */
export function checkPasswordStrength(password: string): void {
  const characters = [...password];
  if (characters.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('invalid_input', notice('password_too_short', { min: MIN_PASSWORD_LENGTH }));
  }
  if (
    new Set(characters.map((character) => character.toLowerCase())).size <
      MIN_DISTINCT_CHARACTERS ||
    isConsecutiveRun(characters)
  ) {
    throw new AppError(
      'invalid_input',
      notice('password_too_simple', { distinct: MIN_DISTINCT_CHARACTERS }),
    );
  }
}

/** Returns true when every character follows the one before it by +1, or every one by -1. */
function isConsecutiveRun(characters: string[]): boolean {
  const codes = characters.map((character) => character.toLowerCase().codePointAt(0) ?? 0);
  const steps = codes.slice(1).map((code, index) => {
    const previous = codes[index] ?? 0;
    // The digit row of a keyboard runs 1 to 9 and then 0.
    if (previous === 0x39 && code === 0x30) {
      return 1;
    }
    if (previous === 0x30 && code === 0x39) {
      return -1;
    }
    return code - previous;
  });

  return steps.every((step) => step === 1) || steps.every((step) => step === -1);
}
