import { formatDecimal } from '../money/money.ts';

/** The largest yearly rate a rate table or a contractual rate accepts, in basis points: 100%. */
export const MAX_RATE_BASIS_POINTS = 10_000;

const PERCENT_TEXT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * Parses a percentage from 0 to 100 with at most two decimals and a decimal
 * point, such as "12.5" or "8", into basis points (hundredths of a percent).
 * Returns null for anything else, so each caller words its own error.
 */
export function parseRatePercent(text: string): number | null {
  const match = PERCENT_TEXT.exec(text.trim());
  if (!match) {
    return null;
  }
  const whole = Number(match[1]);
  const hundredths = Number((match[2] ?? '').padEnd(2, '0'));
  const basisPoints = whole * 100 + hundredths;

  return basisPoints <= MAX_RATE_BASIS_POINTS ? basisPoints : null;
}

/** Formats basis points as a percentage with two decimals, such as "12.50". */
export function formatRatePercent(basisPoints: number): string {
  return formatDecimal(basisPoints, 'EUR');
}
