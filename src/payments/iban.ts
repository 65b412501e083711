/**
 * IBAN checks per ISO 13616: the mod-97 check over the rearranged digits
 * and the length registered for the country.
 */
const ibanLengthByCountry: Record<string, number> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
  XK: 20,
};

/** Per-country layout of the part after the check digits, where it is known. */
const bbanPatternByCountry: Record<string, RegExp> = {
  NL: /^[A-Z]{4}\d{10}$/,
  BE: /^\d{12}$/,
  DE: /^\d{18}$/,
};

export function normaliseIban(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** Remainder of a long digit string modulo 97, computed in chunks to stay within safe integers. */
export function mod97(digits: string): number {
  let remainder = 0;
  for (let index = 0; index < digits.length; index += 7) {
    remainder = Number(`${remainder}${digits.slice(index, index + 7)}`) % 97;
  }
  return remainder;
}

/** Replaces letters by numbers, A=10 to Z=35, as ISO 13616 and ISO 11649 do. */
export function lettersToDigits(value: string): string {
  return [...value]
    .map((char) => (/[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char))
    .join('');
}

export function isValidIban(value: string): boolean {
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) {
    return false;
  }
  const country = iban.slice(0, 2);
  const expectedLength = ibanLengthByCountry[country];
  if (expectedLength === undefined || iban.length !== expectedLength) {
    return false;
  }
  const pattern = bbanPatternByCountry[country];
  if (pattern && !pattern.test(iban.slice(4))) {
    return false;
  }

  return mod97(lettersToDigits(iban.slice(4) + iban.slice(0, 4))) === 1;
}
