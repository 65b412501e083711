import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';

export type MatchMethod =
  'reference' | 'invoice_number' | 'amount_iban' | 'manual' | 'provider' | 'import';

export type BookingKind = 'receipt' | 'reversal' | 'return' | 'other_debit';

export type SuggestionReason = 'reference' | 'invoice_number' | 'amount' | 'iban' | 'name';

interface DebtorReference {
  id: string;
  number: string;
  name: string;
}

/** A payment as GET /api/payments returns it. */
export interface PaymentItem {
  id: string;
  entityCode: string;
  paymentDate: string;
  valueDate: string | null;
  currency: string;
  amount: Decimal;
  allocated: Decimal;
  remainder: Decimal;
  source: 'import' | 'bank' | 'provider' | 'manual';
  bookingKind: BookingKind;
  matchMethod: MatchMethod | null;
  counterparty: { name: string | null; iban: string | null };
  remittanceText: string | null;
  reference: string | null;
  warnings: string[];
  statement: { id: string; fileName: string } | null;
  debtor: DebtorReference | null;
  dismissed: { at: string; by: string; reason: string } | null;
}

/** An open invoice that a payment may be allocated to. */
export interface InvoiceChoice {
  invoiceId: string;
  number: string;
  dueDate: string;
  currency: string;
  /** Everything open: principal and charges. */
  open: Decimal;
  debtor: DebtorReference;
}

export interface InvoiceSuggestion extends InvoiceChoice {
  reasons: SuggestionReason[];
  score: number;
}

export interface UnmatchedPayment extends PaymentItem {
  suggestions: InvoiceSuggestion[];
}

export interface AllocationResult {
  allocated: Decimal;
  remainder: Decimal;
  invoices: { invoiceId: string; number: string; allocated: Decimal; open: Decimal }[];
}

export interface PaymentFilter {
  entity: string;
  statement?: string;
  matchMethod?: MatchMethod | 'none';
  from?: string;
  to?: string;
}

const paymentsKey = ['payments'] as const;

export function useUnmatchedPayments(entity: string) {
  return useQuery({
    queryKey: [...paymentsKey, 'unmatched', entity],
    queryFn: () =>
      apiRequest<UnmatchedPayment[]>('GET', withQuery('/api/payments/unmatched', { entity })),
  });
}

export function usePayments(filter: PaymentFilter, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...paymentsKey, 'list', filter],
    queryFn: () => apiRequest<PaymentItem[]>('GET', withQuery('/api/payments', { ...filter })),
    enabled: options.enabled ?? true,
  });
}

/** Open invoices of the payment's entity and currency matching `query`; idle below 2 characters. */
export function useOpenInvoiceSearch(paymentId: string, query: string) {
  const text = query.trim();
  return useQuery({
    queryKey: [...paymentsKey, 'open-invoices', paymentId, text],
    queryFn: () =>
      apiRequest<InvoiceChoice[]>(
        'GET',
        withQuery(`/api/payments/${paymentId}/open-invoices`, { q: text }),
      ),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
  });
}

/** Invalidates every query, because an allocation changes payments, invoices and debtor cards. */
function useInvalidateAll() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function useAllocatePayment() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (params: {
      paymentId: string;
      allocations: { invoiceId: string; amount: string }[];
    }) =>
      apiRequest<AllocationResult>('POST', `/api/payments/${params.paymentId}/allocations`, {
        allocations: params.allocations,
      }),
    onSuccess: invalidate,
  });
}

export function useDismissPayment() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (params: { paymentId: string; reason: string }) =>
      apiRequest('POST', `/api/payments/${params.paymentId}/dismiss`, { reason: params.reason }),
    onSuccess: invalidate,
  });
}

export function useRestorePayment() {
  const invalidate = useInvalidateAll();
  return useMutation({
    mutationFn: (paymentId: string) => apiRequest('POST', `/api/payments/${paymentId}/restore`),
    onSuccess: invalidate,
  });
}
