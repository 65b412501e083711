/**
 * Converts between a VAT rate in basis points (2100 is 21%) and the percent
 * a user reads and types: "21", or "21,5" with the Dutch decimal comma.
 * Parsing works on the digits, so no floating-point rounding enters the
 * stored value.
 */

const PERCENT_TEXT = /^(\d{1,3})(?:[.,](\d{1,2}))?$/;

/** Formats basis points as a percent in the locale, without the % sign and without grouping. */
export function formatVatPercent(basisPoints: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(
    basisPoints / 100,
  );
}

/**
 * Parses a percent with at most two decimals, written with a decimal comma
 * or point and an optional % sign, into basis points. Returns undefined for
 * anything else and for more than 100%.
 */
export function parseVatPercent(text: string): number | undefined {
  const match = PERCENT_TEXT.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) {
    return undefined;
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  const basisPoints = whole * 100 + fraction;

  return basisPoints <= 10_000 ? basisPoints : undefined;
}
