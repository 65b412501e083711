import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { apiRequest, withQuery } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';
import type { ServerMessage } from '../components/server-message.ts';

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
  warningDetails: ServerMessage[];
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

/** A page of GET /api/payments/unmatched; total counts the entity's whole queue. */
export interface UnmatchedPaymentPage {
  payments: UnmatchedPayment[];
  total: number;
}

/** Order of the queue by payment date: the latest or the earliest first. */
export type QueueOrder = 'newest' | 'oldest';

export const QUEUE_PAGE_SIZE = 100;

/**
 * Loads the queue of unmatched payments a page at a time. Each next page starts
 * after the payments loaded so far, so a refetch after an allocation, which
 * refetches the pages in turn, neither skips nor repeats a payment.
 */
export function useUnmatchedPayments(entity: string, order: QueueOrder) {
  return useInfiniteQuery({
    queryKey: [...paymentsKey, 'unmatched', entity, order],
    queryFn: ({ pageParam }) =>
      apiRequest<UnmatchedPaymentPage>(
        'GET',
        withQuery('/api/payments/unmatched', {
          entity,
          order,
          limit: QUEUE_PAGE_SIZE,
          offset: pageParam,
        }),
      ),
    initialPageParam: 0,
    getNextPageParam: (lastPage, pages) => {
      const loaded = pages.reduce((count, page) => count + page.payments.length, 0);
      return lastPage.payments.length > 0 && loaded < lastPage.total ? loaded : undefined;
    },
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
