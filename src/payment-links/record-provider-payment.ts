import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { dateInTimeZone } from '../dates/plain-date.ts';
import type { Money } from '../money/money.ts';
import { allocatePayment } from '../payments/allocate-payment.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';

/** The actor of provider bookings in the audit log and in payments.matched_by. */
export const PROVIDER_ACTOR = 'system:payment-provider';

/**
 * A provider payment's state as fetched from the provider. `status` is
 * Mollie's payment status; a Stripe Checkout Session is mapped to the same
 * words (see stripeSessionStatus).
 */
export interface ProviderPaymentState {
  status: string;
  amount: Money;
  /** When the money was paid; null until it is paid, and then "now" is used. */
  paidAt: Date | null;
  /** Mollie only: the payment reports refunded or charged-back amounts. */
  hasReversals?: boolean;
  /** Stripe only: the session's PaymentIntent (pi_...), stored for refund and dispute events. */
  paymentIntentId?: string | null;
}

/**
 * The result of recording a provider payment's state:
 * - unknown: no provider payment has that id.
 * - recorded: the new status is stored.
 * - booked: the payment was booked and allocated now.
 * - already_booked: it was booked before, so nothing changed.
 */
export type RecordOutcome = 'unknown' | 'recorded' | 'booked' | 'already_booked';

/**
 * Records the state of a provider payment fetched from the provider, in the
 * caller's transaction. The provider_payments row is locked first, so
 * webhooks that arrive twice or at the same time are handled one after the
 * other. The first `paid` state books one payment (source 'provider',
 * external_key the provider's payment id, dated the paid day in the
 * entity's time zone), links it to the row and allocates it to the link's
 * invoices with method 'provider'. The link becomes paid once nothing is
 * open on its invoices. A row that has booked its payment never books again
 * and never leaves `paid`, whatever status arrives later.
 */
export async function recordProviderPayment(
  executor: Executor,
  params: {
    organisationId: string;
    provider: 'mollie' | 'stripe';
    providerPaymentId: string;
    state: ProviderPaymentState;
  },
): Promise<RecordOutcome> {
  const row = await executor
    .selectFrom('provider_payments')
    .select(['id', 'entity_id', 'payment_link_id', 'status', 'payment_id'])
    .where('provider', '=', params.provider)
    .where('provider_payment_id', '=', params.providerPaymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    return 'unknown';
  }
  const { state } = params;
  const paymentIntent = state.paymentIntentId ? { payment_intent_id: state.paymentIntentId } : {};
  if (row.payment_id !== null || row.status === 'paid') {
    await executor
      .updateTable('provider_payments')
      .set({ status_checked_at: new Date(), ...paymentIntent })
      .where('id', '=', row.id)
      .execute();
    return 'already_booked';
  }
  if (state.status !== 'paid') {
    await executor
      .updateTable('provider_payments')
      .set({ status: state.status, status_checked_at: new Date(), ...paymentIntent })
      .where('id', '=', row.id)
      .execute();
    return 'recorded';
  }

  const paymentId = await bookPayment(executor, {
    organisationId: params.organisationId,
    entityId: row.entity_id,
    paymentLinkId: row.payment_link_id,
    providerPaymentId: params.providerPaymentId,
    state,
  });
  await executor
    .updateTable('provider_payments')
    .set({ status: 'paid', status_checked_at: new Date(), payment_id: paymentId, ...paymentIntent })
    .where('id', '=', row.id)
    .execute();
  await allocateToLink(executor, {
    organisationId: params.organisationId,
    paymentLinkId: row.payment_link_id,
    paymentId,
  });

  return 'booked';
}

/**
 * Inserts the payment of a paid provider payment. The unique key (entity,
 * source, external_key) would reject a second booking of the same provider
 * payment even if the row lock were bypassed.
 */
async function bookPayment(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    paymentLinkId: string;
    providerPaymentId: string;
    state: ProviderPaymentState;
  },
): Promise<string> {
  const link = await executor
    .selectFrom('payment_links as l')
    .innerJoin('entities as e', 'e.id', 'l.entity_id')
    .select(['l.debtor_id', 'e.time_zone'])
    .where('l.id', '=', params.paymentLinkId)
    .executeTakeFirstOrThrow();
  const { amount, paidAt } = params.state;
  const payment = await executor
    .insertInto('payments')
    .values({
      organisation_id: params.organisationId,
      entity_id: params.entityId,
      debtor_id: link.debtor_id,
      payment_date: dateInTimeZone(paidAt ?? new Date(), link.time_zone),
      currency: amount.currency,
      amount_minor: amount.minor,
      source: 'provider',
      reference: null,
      external_key: params.providerPaymentId,
      remittance_text: `Payment link ${params.paymentLinkId}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: PROVIDER_ACTOR,
    action: 'payment.booked',
    subjectType: 'payment',
    subjectId: payment.id,
    entityId: params.entityId,
    after: {
      source: 'provider',
      providerPaymentId: params.providerPaymentId,
      paymentLinkId: params.paymentLinkId,
      currency: amount.currency,
      amountMinor: amount.minor,
    },
  });

  return payment.id;
}

/**
 * Allocates the payment to the link's invoices that have something open,
 * oldest due date first, and marks the link paid when nothing is open on
 * its invoices any more. What the payment does not settle stays on it,
 * unallocated, for the queue of unmatched payments.
 */
async function allocateToLink(
  executor: Executor,
  params: { organisationId: string; paymentLinkId: string; paymentId: string },
): Promise<void> {
  const invoiceIds = await loadLinkInvoiceIds(executor, params.paymentLinkId);
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds,
  });
  const targets = balances
    .filter((balance) => balance.totalOpenMinor > 0)
    .map((balance) => ({ invoiceId: balance.invoiceId }));
  if (targets.length > 0) {
    await allocatePayment(executor, {
      organisationId: params.organisationId,
      paymentId: params.paymentId,
      targets,
      method: 'provider',
      actor: PROVIDER_ACTOR,
    });
  }

  const after = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds,
  });
  const openMinor = after.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  if (openMinor <= 0) {
    await executor
      .updateTable('payment_links')
      .set({ status: 'paid' })
      .where('id', '=', params.paymentLinkId)
      .where('status', '=', 'open')
      .execute();
  }
}

export async function loadLinkInvoiceIds(
  executor: Executor,
  paymentLinkId: string,
): Promise<string[]> {
  const rows = await executor
    .selectFrom('payment_link_invoices')
    .select('invoice_id')
    .where('payment_link_id', '=', paymentLinkId)
    .execute();

  return rows.map((row) => row.invoice_id);
}
