import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { dateInTimeZone } from '../dates/plain-date.ts';
import type { Money } from '../money/money.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { takeBackPayment } from '../statements/reverse-payment.ts';
import { loadLinkInvoiceIds, PROVIDER_ACTOR } from './record-provider-payment.ts';

/**
 * Money that went back from a paid provider payment: a refund (Mollie re_...,
 * Stripe re_...) or a chargeback (Mollie chb_..., a lost or open Stripe
 * dispute dp_...).
 */
export interface ProviderReversal {
  /** The provider's id of the refund or chargeback; it books the reversal once. */
  id: string;
  kind: 'refund' | 'chargeback';
  /** The positive amount that went back. */
  amount: Money;
  /** When the provider made the refund or recorded the chargeback. */
  createdAt: Date;
}

/**
 * The result of recording reversals:
 * - unknown: no provider payment has that id.
 * - not_booked: the provider payment has no booked payment to take back.
 * - reversed: at least one reversal was booked now.
 * - already_reversed: every reversal was booked before, so nothing changed.
 */
export type ReversalOutcome = 'unknown' | 'not_booked' | 'reversed' | 'already_reversed';

/**
 * Books each refund or chargeback of a provider payment once, in the
 * caller's transaction. The provider_payments row is locked first, so
 * webhooks that arrive twice or at the same time are handled one after the
 * other. Without the lock, the unique key (entity, source, external_key) of
 * payments would still reject a second booking of the same id.
 *
 * Each one becomes a payment with the negative amount (booking kind
 * 'return' for a refund and 'reversal' for a chargeback, dated the day it
 * happened in the entity's time zone) that takes back the provider
 * payment's booked payment as a bank reversal does, so the invoices are
 * open again. A link marked paid becomes open again when something is open
 * on its invoices.
 */
export async function recordProviderReversals(
  executor: Executor,
  params: {
    organisationId: string;
    provider: 'mollie' | 'stripe';
    providerPaymentId: string;
    reversals: ProviderReversal[];
  },
): Promise<ReversalOutcome> {
  const row = await executor
    .selectFrom('provider_payments as pp')
    .innerJoin('entities as e', 'e.id', 'pp.entity_id')
    .select(['pp.id', 'pp.entity_id', 'pp.payment_link_id', 'pp.payment_id', 'e.time_zone'])
    .where('pp.provider', '=', params.provider)
    .where('pp.provider_payment_id', '=', params.providerPaymentId)
    .forUpdate('pp')
    .executeTakeFirst();
  if (!row) {
    return 'unknown';
  }
  if (row.payment_id === null) {
    return 'not_booked';
  }
  const original = await executor
    .selectFrom('payments')
    .select(['id', 'debtor_id', 'currency'])
    .where('id', '=', row.payment_id)
    .executeTakeFirstOrThrow();

  let booked = 0;
  for (const reversal of params.reversals) {
    const inserted = await executor
      .insertInto('payments')
      .values({
        organisation_id: params.organisationId,
        entity_id: row.entity_id,
        debtor_id: original.debtor_id,
        payment_date: dateInTimeZone(reversal.createdAt, row.time_zone),
        currency: reversal.amount.currency,
        amount_minor: -reversal.amount.minor,
        source: 'provider',
        booking_kind: reversal.kind === 'refund' ? 'return' : 'reversal',
        reference: null,
        external_key: reversal.id,
        remittance_text: `${reversal.kind === 'refund' ? 'Refund' : 'Chargeback'} of payment link ${row.payment_link_id} (${params.providerPaymentId})`,
      })
      .onConflict((conflict) =>
        conflict.columns(['entity_id', 'source', 'external_key']).doNothing(),
      )
      .returning(['id', 'payment_date'])
      .executeTakeFirst();
    if (!inserted) {
      continue;
    }
    booked += 1;
    await takeBackPayment(
      executor,
      {
        organisationId: params.organisationId,
        entityId: row.entity_id,
        paymentId: inserted.id,
        paymentDate: inserted.payment_date,
        currency: reversal.amount.currency,
        amountMinor: -reversal.amount.minor,
      },
      { id: original.id, debtorId: original.debtor_id },
      PROVIDER_ACTOR,
    );
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: PROVIDER_ACTOR,
      action: 'payment.booked',
      subjectType: 'payment',
      subjectId: inserted.id,
      entityId: row.entity_id,
      after: {
        source: 'provider',
        kind: reversal.kind,
        providerPaymentId: params.providerPaymentId,
        providerReversalId: reversal.id,
        paymentLinkId: row.payment_link_id,
        currency: reversal.amount.currency,
        amountMinor: -reversal.amount.minor,
      },
    });
  }
  if (booked === 0) {
    return 'already_reversed';
  }

  await reopenLink(executor, params.organisationId, row.payment_link_id);
  return 'reversed';
}

/** Sets a paid link back to open when something is open again on its invoices. */
async function reopenLink(
  executor: Executor,
  organisationId: string,
  paymentLinkId: string,
): Promise<void> {
  const balances = await loadInvoiceBalances(executor, {
    organisationId,
    invoiceIds: await loadLinkInvoiceIds(executor, paymentLinkId),
  });
  const openMinor = balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  if (openMinor > 0) {
    await executor
      .updateTable('payment_links')
      .set({ status: 'open' })
      .where('id', '=', paymentLinkId)
      .where('status', '=', 'paid')
      .execute();
  }
}
