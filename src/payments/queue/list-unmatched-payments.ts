import type { Executor } from '../../db/database.ts';
import { listPayments, type PaymentItem } from './list-payments.ts';
import { suggestInvoices, type InvoiceSuggestion } from './suggest-invoices.ts';

/** Suggested invoices per payment in the queue. */
const SUGGESTIONS_PER_PAYMENT = 5;

export interface UnmatchedPayment extends PaymentItem {
  /** Open invoices that resemble the payment, best first; empty for money going back. */
  suggestions: InvoiceSuggestion[];
}

/**
 * Lists the queue of unmatched payments, newest first: receipts, reversals
 * and returns from a bank, a provider or typed in, that are not dismissed
 * and have an unallocated remainder. Each receipt comes with its suggested
 * invoices.
 */
export async function listUnmatchedPayments(
  executor: Executor,
  params: { organisationId: string; entityId?: string | undefined; limit: number },
): Promise<UnmatchedPayment[]> {
  const payments = await listPayments(executor, {
    entityId: params.entityId,
    unmatchedOnly: true,
    limit: params.limit,
  });
  const suggestions = await suggestInvoices(executor, {
    organisationId: params.organisationId,
    limit: SUGGESTIONS_PER_PAYMENT,
    payments: payments.map((payment) => ({
      id: payment.id,
      entityId: payment.entityId,
      currency: payment.currency,
      remainderMinor: payment.remainderMinor,
      counterpartyName: payment.counterparty.name,
      counterpartyIban: payment.counterparty.iban,
      remittanceText: payment.remittanceText,
      reference: payment.reference,
    })),
  });

  return payments.map((payment) => ({
    ...payment,
    suggestions: suggestions.get(payment.id) ?? [],
  }));
}
