import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';

export type PaymentLinkStatus = 'open' | 'paid' | 'expired' | 'cancelled';

/** A payment link on the customer card; its address is shown only when it is made. */
export interface PaymentLinkItem {
  id: string;
  status: PaymentLinkStatus;
  currency: string;
  amount: Decimal;
  paid: Decimal;
  invoiceNumbers: string[];
  messageId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface PaymentLinkList {
  /** Whether a Mollie or Stripe payment channel with its secret is set up. */
  providerConfigured: boolean;
  links: PaymentLinkItem[];
}

export interface CreatedPaymentLink {
  id: string;
  url: string;
  currency: string;
  amount: Decimal;
  invoiceIds: string[];
}

const linksKey = (debtorId: string) => ['payment-links', debtorId];

export function usePaymentLinks(debtorId: string) {
  return useQuery({
    queryKey: linksKey(debtorId),
    queryFn: () =>
      apiRequest<PaymentLinkList>(
        'GET',
        `/api/debtors/${encodeURIComponent(debtorId)}/payment-links`,
      ),
  });
}

/** Makes a payment link for the chosen invoices, or for the open total without them. */
export function useCreatePaymentLink(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (invoiceIds: string[] | undefined) =>
      apiRequest<CreatedPaymentLink>(
        'POST',
        `/api/debtors/${encodeURIComponent(debtorId)}/payment-links`,
        invoiceIds ? { invoiceIds } : {},
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linksKey(debtorId) }),
  });
}
