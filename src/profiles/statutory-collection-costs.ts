/**
 * Brackets of the Dutch statutory scale of extrajudicial collection costs
 * ("staffel" of the Besluit vergoeding voor buitengerechtelijke
 * incassokosten, Stb. 2012, 141, art. 2), over a principal in euro cents.
 * The scale charges 15% of the first EUR 2,500, 10% of the next EUR 2,500,
 * 5% of the next EUR 5,000, 1% of the next EUR 190,000 and 0.5% of the rest.
 * The result is at least EUR 40 and at most EUR 6,775. For consumers the
 * scale is the maximum that may be charged, and for companies the default.
 */
export const BRACKETS: ReadonlyArray<{ upToCents: number; basisPoints: number }> = [
  { upToCents: 250_000, basisPoints: 1500 },
  { upToCents: 500_000, basisPoints: 1000 },
  { upToCents: 1_000_000, basisPoints: 500 },
  { upToCents: 20_000_000, basisPoints: 100 },
  { upToCents: Number.POSITIVE_INFINITY, basisPoints: 50 },
];

export const MINIMUM_COLLECTION_COSTS_CENTS = 4_000;
export const MAXIMUM_COLLECTION_COSTS_CENTS = 677_500;
/** The scale reaches its maximum at a principal of EUR 1,000,000. */
const PRINCIPAL_AT_MAXIMUM_CENTS = 100_000_000;

/**
 * Returns the collection costs in euro cents for a principal in euro cents,
 * rounded to the nearest cent (half up). The principal is the unpaid amount
 * of the claim without interest. A principal of zero or less owes nothing.
 *
 * NOTE: the amount excludes VAT. A creditor who cannot deduct VAT may add it
 * (art. 2(3) of the Besluit); that choice is not modelled yet.
 */
export function statutoryCollectionCostsCents(principalCents: number): number {
  if (!Number.isSafeInteger(principalCents)) {
    throw new RangeError(`Principal ${principalCents} is not a whole number of cents.`);
  }
  if (principalCents <= 0) {
    return 0;
  }
  if (principalCents >= PRINCIPAL_AT_MAXIMUM_CENTS) {
    return MAXIMUM_COLLECTION_COSTS_CENTS;
  }

  // The sum is in ten-thousandths of a cent, so every step is exact integer arithmetic.
  let total = 0;
  let lowerBound = 0;
  for (const bracket of BRACKETS) {
    if (principalCents <= lowerBound) {
      break;
    }
    const part = Math.min(principalCents, bracket.upToCents) - lowerBound;
    total += part * bracket.basisPoints;
    lowerBound = bracket.upToCents;
  }
  const costs = Math.floor((total + 5_000) / 10_000);

  return Math.min(MAXIMUM_COLLECTION_COSTS_CENTS, Math.max(MINIMUM_COLLECTION_COSTS_CENTS, costs));
}
