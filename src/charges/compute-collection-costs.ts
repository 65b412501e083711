import {
  MINIMUM_COLLECTION_COSTS_CENTS,
  statutoryCollectionCostsCents,
} from '../profiles/statutory-collection-costs.ts';

/**
 * The fixed compensation for recovery costs that a business debtor owes per
 * late invoice, at least (Late Payment Directive 2011/7/EU, art. 6, in Dutch
 * law art. 6:96 lid 4 BW): EUR 40.
 */
export const BUSINESS_MINIMUM_PER_INVOICE_CENTS = MINIMUM_COLLECTION_COSTS_CENTS;

/** What decides a debtor's collection costs besides the principal. */
export interface CollectionCostsTerms {
  currency: string;
  debtorKind: 'b2b' | 'b2c';
  /** A business contract's costs as a share of the principal (1000 is 10%); null applies the scale. */
  contractCostsBasisPoints: number | null;
  /** A creditor that can deduct VAT charges none on the costs. */
  creditorDeductsVat: boolean;
  /** VAT rate on the costs when the creditor cannot deduct VAT; 2100 is 21%. */
  vatRateBasisPoints: number;
}

/** Collection costs over one principal, in minor units of the terms' currency. */
export interface CollectionCosts {
  /** 'statutory_scale': the Dutch scale; 'contract': the contract's share of the principal. */
  basis: 'statutory_scale' | 'contract';
  principalMinor: number;
  /** Costs before VAT. */
  netMinor: number;
  vatMinor: number;
  /** Costs with VAT: netMinor plus vatMinor. */
  amountMinor: number;
}

/**
 * Computes the collection costs over a principal. Consumers (b2c) owe the
 * statutory scale at most, so they get the scale. Business debtors owe the
 * scale too, unless their contract sets a share of the principal. VAT at
 * the entity's rate is added only when the creditor cannot deduct VAT.
 * Returns null when nothing is owed: a principal of zero or less, or a
 * currency other than EUR without a contract share, because the scale is
 * in euros.
 */
export function computeCollectionCosts(
  principalMinor: number,
  terms: CollectionCostsTerms,
): CollectionCosts | null {
  if (principalMinor <= 0) {
    return null;
  }
  const contract = terms.debtorKind === 'b2b' ? terms.contractCostsBasisPoints : null;
  let netMinor: number;
  if (contract !== null) {
    netMinor = shareOf(principalMinor, contract);
  } else if (terms.currency === 'EUR') {
    netMinor = statutoryCollectionCostsCents(principalMinor);
  } else {
    // NOTE: the statutory scale is set in euros; other currencies get costs only by contract.
    return null;
  }
  if (netMinor <= 0) {
    return null;
  }
  const vatMinor = vatOn(netMinor, terms);

  return {
    basis: contract === null ? 'statutory_scale' : 'contract',
    principalMinor,
    netMinor,
    vatMinor,
    amountMinor: netMinor + vatMinor,
  };
}

/** One invoice's part of the costs over several invoices. */
export interface InvoiceCollectionCosts {
  invoiceId: string;
  principalMinor: number;
  netMinor: number;
  vatMinor: number;
  amountMinor: number;
  /** True when the business minimum of EUR 40 per invoice raised the part. */
  raisedToMinimum: boolean;
}

/**
 * Splits the costs over the combined principal of several invoices in
 * proportion to each invoice's principal, by the largest remainder method,
 * so the parts add up to the whole. The net costs and the VAT are split
 * separately. A business debtor owes at least EUR 40 per invoice (in EUR),
 * so a smaller part is raised to that, with VAT on the raised part when VAT
 * applies. `netCapMinor` limits the net costs of the whole before the split.
 */
export function splitCollectionCosts(
  invoices: ReadonlyArray<{ invoiceId: string; principalMinor: number }>,
  terms: CollectionCostsTerms,
  netCapMinor: number | null = null,
): { whole: CollectionCosts; parts: InvoiceCollectionCosts[] } | null {
  const owing = invoices.filter((invoice) => invoice.principalMinor > 0);
  const principalMinor = owing.reduce((sum, invoice) => sum + invoice.principalMinor, 0);
  let whole = computeCollectionCosts(principalMinor, terms);
  if (!whole) {
    return null;
  }
  if (netCapMinor !== null && whole.netMinor > netCapMinor) {
    const vatMinor = vatOn(netCapMinor, terms);
    whole = { ...whole, netMinor: netCapMinor, vatMinor, amountMinor: netCapMinor + vatMinor };
  }

  const weights = owing.map((invoice) => invoice.principalMinor);
  const netParts = splitInProportion(whole.netMinor, weights);
  const vatParts = splitInProportion(whole.vatMinor, weights);
  const applyMinimum = terms.debtorKind === 'b2b' && terms.currency === 'EUR';
  const parts = owing.map((invoice, index) => {
    const netMinor = netParts[index] ?? 0;
    if (applyMinimum && netMinor < BUSINESS_MINIMUM_PER_INVOICE_CENTS) {
      const vatMinor = vatOn(BUSINESS_MINIMUM_PER_INVOICE_CENTS, terms);
      return {
        invoiceId: invoice.invoiceId,
        principalMinor: invoice.principalMinor,
        netMinor: BUSINESS_MINIMUM_PER_INVOICE_CENTS,
        vatMinor,
        amountMinor: BUSINESS_MINIMUM_PER_INVOICE_CENTS + vatMinor,
        raisedToMinimum: true,
      };
    }
    const vatMinor = vatParts[index] ?? 0;
    return {
      invoiceId: invoice.invoiceId,
      principalMinor: invoice.principalMinor,
      netMinor,
      vatMinor,
      amountMinor: netMinor + vatMinor,
      raisedToMinimum: false,
    };
  });

  return { whole, parts };
}

/**
 * Splits a whole amount in proportion to the weights by the largest
 * remainder method: each part is rounded down, and the cents left over go
 * one each to the parts with the largest remainders (the earlier part on a
 * tie). The parts add up to the whole.
 */
export function splitInProportion(wholeMinor: number, weights: readonly number[]): number[] {
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight <= 0) {
    return weights.map(() => 0);
  }
  const whole = BigInt(wholeMinor);
  const total = BigInt(totalWeight);
  const exact = weights.map((weight) => whole * BigInt(weight));
  const parts = exact.map((product) => product / total);
  let left = wholeMinor - parts.reduce((sum, part) => sum + Number(part), 0);
  const byRemainder = exact
    .map((product, index) => ({ index, remainder: product % total }))
    .sort(compareRemainders);
  for (const { index } of byRemainder) {
    if (left <= 0) {
      break;
    }
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1;
  }

  return parts.map(Number);
}

/** Orders the largest remainder first, and the earlier part first on a tie. */
function compareRemainders(
  a: { index: number; remainder: bigint },
  b: { index: number; remainder: bigint },
): number {
  if (a.remainder !== b.remainder) {
    return b.remainder > a.remainder ? 1 : -1;
  }
  return a.index - b.index;
}

/** Returns `basisPoints` ten-thousandths of an amount, rounded half up to minor units. */
export function shareOf(amountMinor: number, basisPoints: number): number {
  return Number((BigInt(amountMinor) * BigInt(basisPoints) * 2n + 10_000n) / 20_000n);
}

function vatOn(netMinor: number, terms: CollectionCostsTerms): number {
  return terms.creditorDeductsVat ? 0 : shareOf(netMinor, terms.vatRateBasisPoints);
}
