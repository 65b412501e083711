import {
  BRACKETS as SCALE_BRACKETS,
  MAXIMUM_COLLECTION_COSTS_CENTS,
  MINIMUM_COLLECTION_COSTS_CENTS,
  statutoryCollectionCostsCents,
} from '../profiles/statutory-collection-costs.ts';

/** One bracket of the statutory scale and what it adds for a principal. */
export interface CostsBracket {
  /** The bracket's lower edge in cents, exclusive except for the first bracket. */
  fromCents: number;
  /** The bracket's upper edge in cents, inclusive; null for the open last bracket. */
  toCents: number | null;
  basisPoints: number;
  /** The part of the principal in this bracket, in cents. */
  baseCents: number;
  /** The bracket's share rounded half-up to cents, for display only: the total rounds once. */
  amountCents: number;
}

export interface CollectionCosts {
  netCents: number;
  vatCents: number;
  /** Net plus VAT. */
  costsCents: number;
  /** The brackets the principal reaches, lowest first. */
  brackets: CostsBracket[];
  /** Set when the scale's minimum (EUR 40) or maximum (EUR 6,775) replaced the bracket sum. */
  limit: 'minimum' | 'maximum' | null;
}

/**
 * Calculates the Dutch statutory collection costs on a principal in cents,
 * with their breakdown by bracket of the scale, and VAT at `vatBasisPoints`
 * rounded half-up to cents. Pass 0 for a creditor that deducts VAT: only a
 * creditor that cannot deduct it may charge it.
 */
export function calculateCollectionCosts(params: {
  principalCents: number;
  vatBasisPoints: number;
}): CollectionCosts {
  const netCents = statutoryCollectionCostsCents(params.principalCents);
  const vatCents = percentageOf(netCents, params.vatBasisPoints);
  const brackets: CostsBracket[] = [];
  let lowerEdge = 0;
  for (const bracket of SCALE_BRACKETS) {
    if (params.principalCents <= lowerEdge) {
      break;
    }
    const upperEdge = Number.isFinite(bracket.upToCents) ? bracket.upToCents : null;
    const baseCents = Math.min(params.principalCents, bracket.upToCents) - lowerEdge;
    brackets.push({
      fromCents: lowerEdge,
      toCents: upperEdge,
      basisPoints: bracket.basisPoints,
      baseCents,
      amountCents: percentageOf(baseCents, bracket.basisPoints),
    });
    lowerEdge = bracket.upToCents;
  }
  const limit =
    netCents === MINIMUM_COLLECTION_COSTS_CENTS && sumOf(brackets) < netCents
      ? 'minimum'
      : netCents === MAXIMUM_COLLECTION_COSTS_CENTS && sumOf(brackets) > netCents
        ? 'maximum'
        : null;

  return { netCents, vatCents, costsCents: netCents + vatCents, brackets, limit };
}

/** Rounds cents × basis points / 10,000 half-up to whole cents. */
export function percentageOf(cents: number, basisPoints: number): number {
  return Math.floor((cents * basisPoints + 5_000) / 10_000);
}

function sumOf(brackets: CostsBracket[]): number {
  return brackets.reduce((sum, bracket) => sum + bracket.amountCents, 0);
}
