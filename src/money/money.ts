/**
 * Money as integer minor units with its currency. Amounts never pass
 * through binary floating point: parsing and formatting work on the digits.
 */
export interface Money {
  /** Amount in minor units (cents for EUR), negative for credits. */
  minor: number;
  currency: string;
}

/** ISO 4217 minor-unit digits of currencies that differ from the usual 2. */
const minorDigitsByCurrency: Record<string, number> = {
  BHD: 3,
  CLP: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  UGX: 0,
  VND: 0,
  XAF: 0,
  XOF: 0,
};

export function minorDigits(currency: string): number {
  return minorDigitsByCurrency[currency.toUpperCase()] ?? 2;
}

export function isCurrencyCode(value: string): boolean {
  return /^[A-Z]{3}$/.test(value);
}

/**
 * Formats minor units as a plain decimal string with the currency's digits,
 * such as "1234.50" or "-0.01": the form used in JSON output and files.
 */
export function formatDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) {
    return `${sign}${absolute}`;
  }
  return `${sign}${absolute.slice(0, -digits)}.${absolute.slice(-digits)}`;
}

export type DecimalSeparator = '.' | ',';

export class AmountParseError extends Error {}

/**
 * Parses a written amount into minor units. `decimalSeparator` says which of
 * "." and "," separates the fraction; the other is accepted only as a
 * thousands separator in groups of three. More fraction digits than the
 * currency has is an error, never a silent rounding: with a decimal comma,
 * "1,234" is three decimals, not one thousand two hundred and thirty-four.
 */
export function parseAmount(
  text: string,
  currency: string,
  decimalSeparator: DecimalSeparator = '.',
): number {
  const digits = minorDigits(currency);
  const thousandsSeparator = decimalSeparator === '.' ? ',' : '.';
  let value = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(value)) {
    negative = true;
    value = value.slice(1, -1);
  }
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1);
  } else if (value.endsWith('-')) {
    negative = !negative;
    value = value.slice(0, -1);
  } else if (value.startsWith('+')) {
    value = value.slice(1);
  }
  if (value === '') {
    throw new AmountParseError('is empty');
  }

  const [whole = '', fraction, extra] = value.split(decimalSeparator);
  if (extra !== undefined) {
    throw new AmountParseError(`has more than one decimal separator "${decimalSeparator}"`);
  }
  let wholeDigits = whole;
  if (whole.includes(thousandsSeparator)) {
    const groups = whole.split(thousandsSeparator);
    const wellGrouped =
      /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((group) => /^\d{3}$/.test(group));
    if (!wellGrouped) {
      throw new AmountParseError(
        `is not a number with decimal separator "${decimalSeparator}" and thousands separator "${thousandsSeparator}"`,
      );
    }
    wholeDigits = groups.join('');
  }
  if (!/^\d*$/.test(wholeDigits) || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    throw new AmountParseError(`is not a number with decimal separator "${decimalSeparator}"`);
  }
  if (wholeDigits === '' && fraction === undefined) {
    throw new AmountParseError('has no digits');
  }
  const fractionDigits = fraction ?? '';
  if (fractionDigits.length > digits) {
    throw new AmountParseError(
      `has ${fractionDigits.length} decimals, but ${currency} has ${digits}`,
    );
  }

  const minor = Number(`${wholeDigits || '0'}${fractionDigits.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) {
    throw new AmountParseError('is too large');
  }
  return negative && minor !== 0 ? -minor : minor;
}
