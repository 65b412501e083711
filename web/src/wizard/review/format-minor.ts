import type { Decimal } from '../../api/types.ts';

/**
 * Turns integer minor units into the decimal string that useFormat().money
 * expects, using the currency's digits from Intl (2 for EUR, 0 for JPY).
 * Integer arithmetic only, so no float rounding.
 */
export function formatMinor(minor: number, currency: string): Decimal {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) {
    return `${sign}${text}` as Decimal;
  }
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` as Decimal;
}
