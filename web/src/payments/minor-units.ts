import type { Decimal } from '../api/types.ts';

/**
 * Integer minor units from the API's decimal strings and back, on the
 * digits, never through a binary float: "1250.5" with 2 digits is 125050.
 */
export function toMinor(decimal: string, digits: number): number {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = decimal.replace(/^-/, '').split('.');
  const minor = Number(`${whole}${fraction.padEnd(digits, '0').slice(0, digits)}`);

  return negative ? -minor : minor;
}

export function fromMinor(minor: number, digits: number): Decimal {
  const sign = minor < 0 ? '-' : '';
  const text = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  if (digits === 0) {
    return `${sign}${text}` as Decimal;
  }
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` as Decimal;
}
