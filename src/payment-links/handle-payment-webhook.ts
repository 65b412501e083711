import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { parseMollieWebhook } from '../payment-providers/mollie-webhook.ts';
import { readStripeWebhook } from '../payment-providers/stripe-webhook.ts';
import { handleStripeReversal } from './handle-stripe-reversal.ts';
import { fetchMollieReversals, fetchProviderPaymentState } from './provider-payment-calls.ts';
import { loadPaymentProvider, type ProviderApiUrls } from './provider-for-organisation.ts';
import { recordProviderPayment, type RecordOutcome } from './record-provider-payment.ts';
import { recordProviderReversals, type ReversalOutcome } from './record-provider-reversal.ts';

/** ignored: a Stripe event that Collecta does not act on, such as an open dispute. */
export type WebhookOutcome = RecordOutcome | ReversalOutcome | 'ignored';

/**
 * Handles Mollie's webhook `id=tr_...` for an organisation. The body is not
 * signed, so it only names the payment: its state is fetched with the
 * organisation's own API key, and only a payment that Collecta created for a
 * payment link is acted on. Returns 'unknown' for any other id, without
 * asking Mollie. When the payment shows an amount refunded or charged back,
 * its refunds and chargebacks are fetched and each is booked once (see
 * recordProviderReversals). Throws AppError invalid_input for a body without a
 * payment id, and PaymentProviderError when Mollie cannot be reached, so
 * that Mollie retries later.
 */
export async function handleMollieWebhook(
  database: DatabaseHandle,
  params: { organisationId: string; body: Record<string, unknown>; apiUrls: ProviderApiUrls },
): Promise<WebhookOutcome> {
  const { paymentId } = parseMollieWebhook(params.body);
  const { organisationId } = params;
  const provider = await withOrganisation(database, organisationId, async (trx) => {
    const known = await trx
      .selectFrom('provider_payments')
      .select('id')
      .where('provider', '=', 'mollie')
      .where('provider_payment_id', '=', paymentId)
      .executeTakeFirst();
    return known ? loadPaymentProvider(trx, params.apiUrls) : undefined;
  });
  if (!provider || provider.name !== 'mollie') {
    return 'unknown';
  }

  const state = await fetchProviderPaymentState(provider, paymentId);
  const recorded = await withOrganisation(database, organisationId, (trx) =>
    recordProviderPayment(trx, {
      organisationId,
      provider: 'mollie',
      providerPaymentId: paymentId,
      state,
    }),
  );
  if (!state.hasReversals) {
    return recorded;
  }

  const reversals = await fetchMollieReversals(provider, paymentId);
  return withOrganisation(database, organisationId, (trx) =>
    recordProviderReversals(trx, {
      organisationId,
      provider: 'mollie',
      providerPaymentId: paymentId,
      reversals,
    }),
  );
}

/** The Stripe events after which a Checkout Session may have been paid or ended. */
const PAYING_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
]);

/**
 * Handles a Stripe webhook for an organisation. The Stripe-Signature header
 * is verified on the raw body with the organisation's webhook signing
 * secret before anything else is read. For a Checkout Session event the
 * session's current state is fetched from Stripe, so an event that arrives
 * twice or late changes nothing. A paid session's payment is dated by the
 * event that reported it. Refund and dispute events are handled by
 * handleStripeReversal. Throws AppError forbidden when the organisation
 * has no Stripe channel, invalid_input for a bad signature or body, and
 * PaymentProviderError when Stripe cannot be reached.
 */
export async function handleStripeWebhook(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    rawBody: string;
    signatureHeader: string | undefined;
    apiUrls: ProviderApiUrls;
  },
): Promise<WebhookOutcome> {
  const { organisationId } = params;
  const provider = await withOrganisation(database, organisationId, (trx) =>
    loadPaymentProvider(trx, params.apiUrls),
  ).catch((error: unknown) => {
    if (error instanceof AppError) {
      return undefined;
    }
    throw error;
  });
  if (!provider || provider.name !== 'stripe') {
    // The same response whether or not the organisation exists, so it reveals nothing about who uses Stripe.
    throw new AppError(
      'forbidden',
      'The Stripe-Signature of this request cannot be verified for this organisation.',
    );
  }
  const event = readStripeWebhook({
    rawBody: params.rawBody,
    signatureHeader: params.signatureHeader,
    endpointSecret: provider.webhookSecret,
  });
  if (event.kind === 'charge_refund' || event.kind === 'dispute') {
    return handleStripeReversal(database, { organisationId, provider, event });
  }
  if (event.kind !== 'checkout_session') {
    return 'ignored';
  }

  const sessionId = event.session.id;
  const known = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('provider_payments')
      .select('id')
      .where('provider', '=', 'stripe')
      .where('provider_payment_id', '=', sessionId)
      .executeTakeFirst(),
  );
  if (!known) {
    return 'unknown';
  }
  const state = await fetchProviderPaymentState(provider, sessionId, {
    stripePaidAt: PAYING_EVENTS.has(event.type) ? event.created : new Date(),
  });
  if (event.type === 'checkout.session.async_payment_failed' && state.status === 'pending') {
    state.status = 'failed';
  }

  return withOrganisation(database, organisationId, (trx) =>
    recordProviderPayment(trx, {
      organisationId,
      provider: 'stripe',
      providerPaymentId: sessionId,
      state,
    }),
  );
}
