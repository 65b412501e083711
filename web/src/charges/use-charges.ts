import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';

export type ChargeKind = 'collection_costs' | 'interest' | 'fee';

/** One interest period of an interest charge's calculation. */
export interface InterestPeriod {
  from: string;
  to: string;
  days: number;
  basisPoints: number;
  baseMinor: number;
  interestMinor: number;
}

export interface ChargeItem {
  id: string;
  kind: ChargeKind;
  step: string | null;
  chargedOn: string;
  amount: Decimal;
  vat: Decimal;
  paid: Decimal;
  open: Decimal;
  waived: { at: string; by: string; reason: string | null } | null;
  calculation: {
    periods?: InterestPeriod[];
    beyondTable?: { coveredThrough: string; appliedBasisPoints: number };
  } & Record<string, unknown>;
}

export interface ChargedInvoice {
  invoiceId: string;
  number: string;
  dueDate: string;
  currency: string;
  principalOpen: Decimal;
  costsOpen: Decimal;
  interestOpen: Decimal;
  feesOpen: Decimal;
  totalOpen: Decimal;
  charges: ChargeItem[];
}

export interface DebtorCharges {
  debtorId: string;
  invoices: ChargedInvoice[];
  totals: Array<{
    currency: string;
    principalOpen: Decimal;
    chargesOpen: Decimal;
    totalOpen: Decimal;
  }>;
}

const chargesKey = (debtorId: string) => ['charges', debtorId];

export function useDebtorCharges(debtorId: string) {
  return useQuery({
    queryKey: chargesKey(debtorId),
    queryFn: () =>
      apiRequest<DebtorCharges>('GET', `/api/debtors/${encodeURIComponent(debtorId)}/charges`),
  });
}

/** Waives one charge with a reason, then reloads the debtor's charges. */
export function useWaiveCharge(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { chargeId: string; reason: string }) =>
      apiRequest<unknown>('POST', `/api/charges/${encodeURIComponent(params.chargeId)}/waive`, {
        reason: params.reason,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chargesKey(debtorId) }),
  });
}
