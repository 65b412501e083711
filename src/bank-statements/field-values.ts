/**
 * Conversion of amounts and dates as banks write them in statement files.
 * Each function throws `InvalidFieldValue` with a problem text that names the
 * value; the parsers add the file, line or element path and the fix.
 */
import { isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { formatDecimal, isCurrencyCode, minorDigits, parseAmount } from '../money/money.ts';

export class InvalidFieldValue extends Error {}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The largest amount Collecta books from a statement file, in minor units:
 * 999,999,999,999.99 in a currency with two decimals. It fits the bigint
 * columns, and a sum of up to 90 such amounts (as a balance check adds
 * them) stays a safe JavaScript integer, below 2^53.
 */
export const MAX_STATEMENT_AMOUNT_MINOR = 99_999_999_999_999;

/** Two-digit years from this value on are 19xx, below it 20xx (SWIFT dates are YYMMDD). */
const CENTURY_PIVOT = 80;

/**
 * Converts an unsigned decimal amount to minor units of `currency`. Digits
 * beyond the currency's decimals are accepted only when they are zeros, so
 * "18.150" EUR is 1815 cents and "18.155" is rejected, never rounded.
 * Amounts above `MAX_STATEMENT_AMOUNT_MINOR` are rejected.
 */
export function decimalToMinorUnits(text: string, currency: string, separator: '.' | ','): number {
  const value = text.trim();
  const pattern = separator === ',' ? /^\d+(,\d*)?$/ : /^\d+(\.\d*)?$/;
  if (!pattern.test(value)) {
    throw new InvalidFieldValue(`"${text}" is not an amount`);
  }
  if (!isCurrencyCode(currency)) {
    throw new InvalidFieldValue(`currency "${currency}" is not an ISO 4217 code`);
  }
  const [whole = '0', fraction = ''] = value.split(separator);
  const digits = minorDigits(currency);
  if (/[^0]/.test(fraction.slice(digits))) {
    throw new InvalidFieldValue(
      `${text} has ${fraction.length} decimals, but ${currency} has ${digits}`,
    );
  }
  const kept = fraction.slice(0, digits);
  if (BigInt(`${whole}${kept.padEnd(digits, '0')}`) > BigInt(MAX_STATEMENT_AMOUNT_MINOR)) {
    throw new InvalidFieldValue(
      `${value} is more than ${formatDecimal(MAX_STATEMENT_AMOUNT_MINOR, currency)} ${currency}, the maximum amount Collecta books`,
    );
  }

  return parseAmount(kept === '' ? whole : `${whole}.${kept}`, currency, '.');
}

/** Parses an ISO date ("2019-06-24") or the date part of an ISO date-time ("2019-06-24T14:39:03+02:00"). */
export function parseIsoDate(text: string): PlainDate {
  const value = text.trim();
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
    value,
  );
  if (!match || !isPlainDate(match[1] ?? '')) {
    throw new InvalidFieldValue(
      `${text} is not a date${describeImpossibleDate(value.slice(0, 10))}`,
    );
  }

  return match[1] as PlainDate;
}

/** Parses a SWIFT date YYMMDD; years 80 to 99 are 19xx, 00 to 79 are 20xx. */
export function parseSwiftDate(text: string): PlainDate {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) {
    throw new InvalidFieldValue(`${text} is not a date in the form YYMMDD`);
  }
  const yy = Number(match[1]);
  const year = yy >= CENTURY_PIVOT ? 1900 + yy : 2000 + yy;
  const date = `${year}-${match[2]}-${match[3]}`;
  if (!isPlainDate(date)) {
    throw new InvalidFieldValue(`${text} is not a date${describeImpossibleDate(date)}`);
  }

  return date;
}

/**
 * Completes an MT940 entry date MMDD with the year that puts it closest to
 * the value date: an entry date of 0102 with value date 2013-12-31 is
 * 2014-01-02, and 1231 with value date 2014-01-02 is 2013-12-31.
 */
export function inferEntryDate(monthDay: string, valueDate: PlainDate): PlainDate {
  const match = /^(\d{2})(\d{2})$/.exec(monthDay);
  if (!match) {
    throw new InvalidFieldValue(`${monthDay} is not a date in the form MMDD`);
  }
  const valueYear = Number(valueDate.slice(0, 4));
  const candidates = [valueYear - 1, valueYear, valueYear + 1]
    .map((year) => `${year}-${match[1]}-${match[2]}`)
    .filter(isPlainDate);
  if (candidates.length === 0) {
    throw new InvalidFieldValue(
      `${monthDay} is not a date${describeImpossibleDate(`${valueYear}-${match[1]}-${match[2]}`)}`,
    );
  }
  const distance = (date: string) => Math.abs(Date.parse(date) - Date.parse(valueDate));

  return candidates.reduce((best, date) => (distance(date) < distance(best) ? date : best));
}

/** " (30 February)" for a well-formed but impossible YYYY-MM-DD, else "". */
function describeImpossibleDate(date: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  const month = MONTH_NAMES[Number(match?.[1]) - 1];
  if (!match || month === undefined) {
    return '';
  }

  return ` (${Number(match[2])} ${month})`;
}
