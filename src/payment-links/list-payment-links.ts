import type { Executor } from '../db/database.ts';
import type { PaymentLinkStatus } from '../db/schema.ts';

/** A payment link as the customer card lists it; the address itself is never shown again. */
export interface PaymentLinkSummary {
  id: string;
  status: PaymentLinkStatus;
  currency: string;
  /** The open total when the link was made. */
  amountMinor: number;
  /** Paid through the link so far: the payments booked from its provider payments, less their refunds and chargebacks. */
  paidMinor: number;
  invoiceNumbers: string[];
  /** Set for a link made for a dunning message. */
  messageId: string | null;
  createdBy: string;
  createdAt: Date;
  /** The last day on which the link works; null: no expiry. */
  expiresOn: string | null;
}

/** Lists a debtor's payment links, newest first, at most `limit`. */
export async function listPaymentLinks(
  executor: Executor,
  params: { debtorId: string; limit?: number },
): Promise<PaymentLinkSummary[]> {
  const links = await executor
    .selectFrom('payment_links')
    .select([
      'id',
      'status',
      'currency',
      'amount_minor',
      'message_id',
      'created_by',
      'created_at',
      'expires_on',
    ])
    .where('debtor_id', '=', params.debtorId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(params.limit ?? 50)
    .execute();
  if (links.length === 0) {
    return [];
  }
  const linkIds = links.map((link) => link.id);
  const invoices = await executor
    .selectFrom('payment_link_invoices as li')
    .innerJoin('invoices as i', 'i.id', 'li.invoice_id')
    .select(['li.payment_link_id', 'i.number'])
    .where('li.payment_link_id', 'in', linkIds)
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  const paid = await executor
    .selectFrom('provider_payments as pp')
    .innerJoin('payments as p', (join) =>
      join.on((eb) =>
        eb.or([
          eb('p.id', '=', eb.ref('pp.payment_id')),
          eb('p.reverses_payment_id', '=', eb.ref('pp.payment_id')),
        ]),
      ),
    )
    .select(['pp.payment_link_id', 'p.amount_minor'])
    .where('pp.payment_link_id', 'in', linkIds)
    .execute();

  return links.map((link) => ({
    id: link.id,
    status: link.status,
    currency: link.currency,
    amountMinor: Number(link.amount_minor),
    paidMinor: paid
      .filter((row) => row.payment_link_id === link.id)
      .reduce((sum, row) => sum + Number(row.amount_minor), 0),
    invoiceNumbers: invoices
      .filter((row) => row.payment_link_id === link.id)
      .map((row) => row.number),
    messageId: link.message_id,
    createdBy: link.created_by,
    createdAt: link.created_at,
    expiresOn: link.expires_on,
  }));
}
