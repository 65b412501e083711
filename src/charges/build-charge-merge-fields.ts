import type { Debtor, Entity } from '../db/schema.ts';
import { computeCollectionCosts } from './compute-collection-costs.ts';
import type { OpenCharges } from './load-message-charges.ts';

/** Charges in a message, formatted in its language; a kind with nothing open is null, so templates skip it. */
export interface ChargeMergeFields {
  costs: string | null;
  interest: string | null;
  fees: string | null;
  /** The open principal plus the open charges. */
  total_due: string;
}

/**
 * Builds the charge merge fields of a message: for the whole message and
 * per invoice. The whole is null when none of the invoices has an open
 * charge, so a template shows the charges only when there are any.
 */
export function buildChargeMergeFields(params: {
  invoices: ReadonlyArray<{ id: string; openMinor: number }>;
  charges: ReadonlyMap<string, OpenCharges> | undefined;
  principalTotalMinor: number;
  money: (minor: number) => string;
}): { total: ChargeMergeFields | null; byInvoice: Map<string, ChargeMergeFields | null> } {
  const sum: OpenCharges = { costsMinor: 0, interestMinor: 0, feesMinor: 0 };
  const byInvoice = new Map<string, ChargeMergeFields | null>();
  for (const invoice of params.invoices) {
    const open = params.charges?.get(invoice.id);
    if (!open) {
      byInvoice.set(invoice.id, null);
      continue;
    }
    sum.costsMinor += open.costsMinor;
    sum.interestMinor += open.interestMinor;
    sum.feesMinor += open.feesMinor;
    byInvoice.set(invoice.id, format(open, invoice.openMinor, params.money));
  }
  const chargedMinor = sum.costsMinor + sum.interestMinor + sum.feesMinor;

  return {
    total: chargedMinor === 0 ? null : format(sum, params.principalTotalMinor, params.money),
    byInvoice,
  };
}

function format(
  open: OpenCharges,
  principalMinor: number,
  money: (minor: number) => string,
): ChargeMergeFields | null {
  const nonZero = (minor: number) => (minor === 0 ? null : money(minor));
  const chargedMinor = open.costsMinor + open.interestMinor + open.feesMinor;
  if (chargedMinor === 0) {
    return null;
  }

  return {
    costs: nonZero(open.costsMinor),
    interest: nonZero(open.interestMinor),
    fees: nonZero(open.feesMinor),
    total_due: money(principalMinor + chargedMinor),
  };
}

/**
 * Computes the collection costs a message states, such as the fourteen-day
 * letter: over the message total (the open principal of its invoices,
 * credits included), with the same rules as the charge: the scale or the
 * business contract's share, and VAT when the creditor cannot deduct it.
 * Returns null when none would be owed (outside EUR without contract).
 */
export function messageCollectionCostsMinor(params: {
  totalMinor: number;
  currency: string;
  entity: Pick<Entity, 'creditor_deducts_vat' | 'vat_rate_basis_points'>;
  debtor: Pick<Debtor, 'kind' | 'contract_costs_basis_points'>;
}): number | null {
  if (params.currency !== 'EUR' && params.debtor.contract_costs_basis_points === null) {
    return null;
  }
  const costs = computeCollectionCosts(params.totalMinor, {
    currency: params.currency,
    debtorKind: params.debtor.kind,
    contractCostsBasisPoints: params.debtor.contract_costs_basis_points,
    creditorDeductsVat: params.entity.creditor_deducts_vat,
    vatRateBasisPoints: params.entity.vat_rate_basis_points,
  });

  return costs?.amountMinor ?? 0;
}
