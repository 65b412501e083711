import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { StripeWebhookEvent } from '../payment-providers/stripe-webhook.ts';
import { fetchProviderPaymentState, fetchStripeRefunds } from './provider-payment-calls.ts';
import type { PaymentProvider } from './provider-for-organisation.ts';
import { recordProviderPayment } from './record-provider-payment.ts';
import {
  recordProviderReversals,
  type ProviderReversal,
  type ReversalOutcome,
} from './record-provider-reversal.ts';

type StripeProvider = Extract<PaymentProvider, { name: 'stripe' }>;

/** A verified Stripe event about a refund or a dispute. */
export type StripeReversalEvent = Extract<
  StripeWebhookEvent,
  { kind: 'charge_refund' | 'dispute' }
>;

/**
 * Handles a verified charge.refunded, charge.refund.updated,
 * charge.dispute.created or charge.dispute.closed event. The refunds and
 * the dispute are fetched from Stripe, so an event that arrives twice, late
 * or before the session's own event books the same result.
 *
 * A succeeded refund is booked. A dispute is booked only once Stripe closed
 * it as lost: while it is open the debtor's payment stays booked, so no
 * reminder goes out for an invoice whose dispute the creditor may still win.
 * Returns 'ignored' for an open or won dispute.
 */
export async function handleStripeReversal(
  database: DatabaseHandle,
  params: { organisationId: string; provider: StripeProvider; event: StripeReversalEvent },
): Promise<ReversalOutcome | 'ignored'> {
  const { organisationId, provider, event } = params;
  let paymentIntentId: string | null;
  let loadReversals: () => Promise<ProviderReversal[]>;
  if (event.kind === 'charge_refund') {
    paymentIntentId = event.charge.paymentIntentId;
    loadReversals = () => fetchStripeRefunds(provider, event.charge.chargeId);
  } else {
    const dispute = await provider.client.getDispute(event.dispute.id);
    if (dispute.status !== 'lost') {
      return 'ignored';
    }
    paymentIntentId = dispute.paymentIntentId;
    const lostAt = event.type === 'charge.dispute.closed' ? event.created : new Date();
    loadReversals = () =>
      Promise.resolve([
        { id: dispute.id, kind: 'chargeback', amount: dispute.amount, createdAt: lostAt },
      ]);
  }
  if (!paymentIntentId) {
    return 'ignored';
  }

  const sessionId = await findSessionId(database, organisationId, provider, paymentIntentId);
  if (!sessionId) {
    return 'unknown';
  }
  await bookSessionFirst(database, organisationId, provider, sessionId);
  const reversals = await loadReversals();

  return withOrganisation(database, organisationId, (trx) =>
    recordProviderReversals(trx, {
      organisationId,
      provider: 'stripe',
      providerPaymentId: sessionId,
      reversals,
    }),
  );
}

/**
 * Returns the id of the Checkout Session that Collecta made for the
 * PaymentIntent: stored once the session was read paid, else asked from
 * Stripe. Returns undefined for a PaymentIntent of no session of a payment link.
 */
async function findSessionId(
  database: DatabaseHandle,
  organisationId: string,
  provider: StripeProvider,
  paymentIntentId: string,
): Promise<string | undefined> {
  const stored = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('provider_payments')
      .select('provider_payment_id')
      .where('provider', '=', 'stripe')
      .where('payment_intent_id', '=', paymentIntentId)
      .executeTakeFirst(),
  );
  if (stored) {
    return stored.provider_payment_id;
  }
  const session = await provider.client.findCheckoutSessionByPaymentIntent(paymentIntentId);
  if (!session) {
    return undefined;
  }
  const known = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('provider_payments')
      .select('id')
      .where('provider', '=', 'stripe')
      .where('provider_payment_id', '=', session.id)
      .executeTakeFirst(),
  );

  return known ? session.id : undefined;
}

/** Books the session's payment when no webhook has booked it yet, so that there is something to take back. */
async function bookSessionFirst(
  database: DatabaseHandle,
  organisationId: string,
  provider: StripeProvider,
  sessionId: string,
): Promise<void> {
  const row = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('provider_payments')
      .select('payment_id')
      .where('provider', '=', 'stripe')
      .where('provider_payment_id', '=', sessionId)
      .executeTakeFirstOrThrow(),
  );
  if (row.payment_id !== null) {
    return;
  }
  const state = await fetchProviderPaymentState(provider, sessionId);
  await withOrganisation(database, organisationId, (trx) =>
    recordProviderPayment(trx, {
      organisationId,
      provider: 'stripe',
      providerPaymentId: sessionId,
      state,
    }),
  );
}
