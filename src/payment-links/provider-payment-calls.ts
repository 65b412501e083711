import type { Money } from '../money/money.ts';
import type { StripeCheckoutSession } from '../payment-providers/stripe-checkout-session.ts';
import type { PaymentProvider } from './provider-for-organisation.ts';
import type { ProviderPaymentState } from './record-provider-payment.ts';
import type { ProviderReversal } from './record-provider-reversal.ts';

/** The payment that Collecta requests from the provider for a payment link. */
export interface ProviderPaymentRequest {
  paymentLinkId: string;
  organisationId: string;
  amount: Money;
  /** Shown on the payment page and the payer's bank statement. */
  description: string;
  /** The public payment link; the payer comes back to it after the payment page. */
  returnUrl: string;
  /** The URL Mollie posts status changes to. Stripe ignores it and uses the endpoint set in its Dashboard. */
  webhookUrl: string;
  /** "nl" or "en": the language of the payment page. */
  language: string;
  idempotencyKey: string;
}

export interface CreatedProviderPayment {
  providerPaymentId: string;
  checkoutUrl: string;
  status: string;
}

/**
 * Creates a Mollie payment or a Stripe Checkout Session for one payment
 * link. Both carry the link id in their metadata, and Stripe also as
 * client_reference_id. Throws PaymentProviderError when the provider rejects
 * the request or does not respond.
 */
export async function createProviderPayment(
  provider: PaymentProvider,
  request: ProviderPaymentRequest,
): Promise<CreatedProviderPayment> {
  const metadata = {
    paymentLinkId: request.paymentLinkId,
    organisationId: request.organisationId,
  };
  if (provider.name === 'mollie') {
    const payment = await provider.client.createPayment({
      amount: request.amount,
      description: request.description,
      redirectUrl: request.returnUrl,
      webhookUrl: request.webhookUrl,
      metadata,
      locale: request.language === 'nl' ? 'nl_NL' : 'en_US',
      idempotencyKey: request.idempotencyKey,
    });
    return {
      providerPaymentId: payment.id,
      checkoutUrl: payment.checkoutUrl,
      status: payment.status,
    };
  }

  const session = await provider.client.createCheckoutSession({
    amount: request.amount,
    productName: request.description,
    successUrl: request.returnUrl,
    cancelUrl: request.returnUrl,
    metadata,
    clientReferenceId: request.paymentLinkId,
    locale: request.language === 'nl' ? 'nl' : 'en',
    idempotencyKey: request.idempotencyKey,
  });
  return { providerPaymentId: session.id, checkoutUrl: session.url, status: 'open' };
}

/** Fetches the current state of a Mollie payment or a Stripe Checkout Session. */
export async function fetchProviderPaymentState(
  provider: PaymentProvider,
  providerPaymentId: string,
  options: { stripePaidAt?: Date } = {},
): Promise<ProviderPaymentState> {
  if (provider.name === 'mollie') {
    const payment = await provider.client.getPayment(providerPaymentId);
    return {
      status: payment.status,
      amount: payment.amount,
      paidAt: payment.paidAt,
      hasReversals: payment.amountRefunded.minor > 0 || payment.amountChargedBack.minor > 0,
    };
  }
  const session = await provider.client.getCheckoutSession(providerPaymentId);
  return {
    status: stripeSessionStatus(session),
    amount: session.amountTotal,
    paidAt: session.paymentStatus === 'paid' ? (options.stripePaidAt ?? null) : null,
    paymentIntentId: session.paymentIntentId,
  };
}

/**
 * Fetches the refunds and chargebacks of a Mollie payment that took money
 * back. A refund counts from Mollie's status pending on, because Mollie
 * counts it in amountRefunded from then; a chargeback counts unless Mollie
 * reversed it.
 * NOTE: a refund canceled or failed, or a chargeback reversed, after it was
 * booked is not booked back; a user books that money by hand.
 */
export async function fetchMollieReversals(
  provider: Extract<PaymentProvider, { name: 'mollie' }>,
  paymentId: string,
): Promise<ProviderReversal[]> {
  const refunds = await provider.client.listRefunds(paymentId);
  const chargebacks = await provider.client.listChargebacks(paymentId);

  return [
    ...refunds
      .filter((refund) => ['pending', 'processing', 'refunded'].includes(refund.status))
      .map((refund) => ({
        id: refund.id,
        kind: 'refund' as const,
        amount: refund.amount,
        createdAt: refund.createdAt,
      })),
    ...chargebacks
      .filter((chargeback) => chargeback.reversedAt === null)
      .map((chargeback) => ({
        id: chargeback.id,
        kind: 'chargeback' as const,
        amount: chargeback.amount,
        createdAt: chargeback.createdAt,
      })),
  ];
}

/** Fetches the refunds of a Stripe charge that succeeded, the only status in which money went back. */
export async function fetchStripeRefunds(
  provider: Extract<PaymentProvider, { name: 'stripe' }>,
  chargeId: string,
): Promise<ProviderReversal[]> {
  const refunds = await provider.client.listRefunds(chargeId);

  return refunds
    .filter((refund) => refund.status === 'succeeded')
    .map((refund) => ({
      id: refund.id,
      kind: 'refund' as const,
      amount: refund.amount,
      createdAt: refund.created,
    }));
}

/**
 * Maps a Checkout Session to Mollie's status words: paid once its payment
 * status is paid, expired when it expired, pending when checkout is complete
 * but an async method such as SEPA Debit has not paid yet, else open.
 * NOTE: a failed async payment also reads as pending here, because the
 * session itself does not show the failure. The webhook route records it as
 * failed from the async_payment_failed event.
 */
export function stripeSessionStatus(session: StripeCheckoutSession): string {
  if (session.paymentStatus === 'paid') {
    return 'paid';
  }
  if (session.status === 'expired') {
    return 'expired';
  }
  return session.status === 'complete' ? 'pending' : 'open';
}
