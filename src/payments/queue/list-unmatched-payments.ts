import type { Executor } from '../../db/database.ts';
import {
  countPayments,
  listPayments,
  type PaymentItem,
  type PaymentPage,
} from './list-payments.ts';
import { suggestInvoices, type InvoiceSuggestion } from './suggest-invoices.ts';

/** Suggested invoices per payment in the queue. */
const SUGGESTIONS_PER_PAYMENT = 5;

export interface UnmatchedPayment extends PaymentItem {
  /** Open invoices that resemble the payment, best first; empty for money going back. */
  suggestions: InvoiceSuggestion[];
}

/** One page of the queue and the number of payments in the whole queue. */
export interface UnmatchedPaymentPage {
  payments: UnmatchedPayment[];
  total: number;
}

/**
 * Lists a page of the queue of unmatched payments, newest first unless
 * `order` is oldest: receipts, reversals and returns from a bank, a provider
 * or typed in, that are not dismissed and have an unallocated remainder.
 * Each receipt comes with its suggested invoices. `total` counts the whole
 * queue of the entity, or of every entity the caller can read.
 */
export async function listUnmatchedPayments(
  executor: Executor,
  params: { organisationId: string; entityId?: string | undefined } & PaymentPage,
): Promise<UnmatchedPaymentPage> {
  const filter = { entityId: params.entityId, unmatchedOnly: true };
  const payments = await listPayments(executor, {
    ...filter,
    limit: params.limit,
    offset: params.offset,
    order: params.order,
  });
  const total = await countPayments(executor, filter);
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

  return {
    payments: payments.map((payment) => ({
      ...payment,
      suggestions: suggestions.get(payment.id) ?? [],
    })),
    total,
  };
}
