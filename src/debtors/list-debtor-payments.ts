import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

export interface CardPayment {
  id: string;
  paymentDate: PlainDate;
  /** Amount received in minor units of `currency`. */
  amountMinor: number;
  currency: string;
  source: 'import' | 'bank' | 'provider' | 'manual';
  reference: string | null;
  /** How much of the payment went to which invoice, in minor units of `currency`. */
  allocated: Array<{ invoiceNumber: string; amountMinor: number }>;
}

/** Payments shown on a debtor card, newest first; older ones are left out. */
export const CARD_PAYMENT_LIMIT = 200;

/** Lists the payments of a debtor dated on or before `asOf`, newest first, with their allocations. */
export async function listDebtorPayments(
  executor: Executor,
  params: { debtorId: string; asOf: PlainDate },
): Promise<CardPayment[]> {
  const payments = await executor
    .selectFrom('payments')
    .select(['id', 'payment_date', 'amount_minor', 'currency', 'source', 'reference'])
    .where('debtor_id', '=', params.debtorId)
    .where('payment_date', '<=', params.asOf)
    .orderBy('payment_date', 'desc')
    .orderBy('created_at', 'desc')
    .limit(CARD_PAYMENT_LIMIT)
    .execute();
  if (payments.length === 0) {
    return [];
  }

  const allocations = await executor
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(['a.payment_id', 'i.number', 'a.amount_minor'])
    .where(
      'a.payment_id',
      'in',
      payments.map((payment) => payment.id),
    )
    .orderBy('i.number')
    .execute();

  return payments.map((payment) => ({
    id: payment.id,
    paymentDate: payment.payment_date,
    amountMinor: payment.amount_minor,
    currency: payment.currency,
    source: payment.source,
    reference: payment.reference,
    allocated: allocations
      .filter((allocation) => allocation.payment_id === payment.id)
      .map((allocation) => ({
        invoiceNumber: allocation.number,
        amountMinor: allocation.amount_minor,
      })),
  }));
}
