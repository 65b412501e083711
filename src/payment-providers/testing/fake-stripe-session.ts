import { randomBytes } from 'node:crypto';
import type { StripeCheckoutStatus, StripePaymentStatus } from '../stripe-checkout-session.ts';
import type { DecodedFormValue } from './decode-stripe-form.ts';

/** A Checkout Session the fake created, in Stripe's units (see stripe-amount.ts). */
export interface FakeStripeSession {
  id: string;
  amountTotal: number;
  /** Lower case, as Stripe returns it. */
  currency: string;
  productName: string;
  metadata: Record<string, string>;
  paymentIntentMetadata: Record<string, string>;
  clientReferenceId: string | null;
  customerEmail: string | null;
  paymentMethodTypes: string[];
  successUrl: string | null;
  cancelUrl: string | null;
  locale: string | null;
  status: StripeCheckoutStatus;
  paymentStatus: StripePaymentStatus;
  paymentIntent: string | null;
  /** The charge (ch_...) of a paid session; refunds and disputes name it. */
  chargeId: string | null;
  created: number;
}

export function newSession(input: Record<string, DecodedFormValue>): FakeStripeSession {
  const item = (input.line_items as Record<string, DecodedFormValue>[])[0] ?? {};
  const price = item.price_data as Record<string, DecodedFormValue>;
  const product = price.product_data as Record<string, string>;
  const paymentIntentData = input.payment_intent_data as
    Record<string, DecodedFormValue> | undefined;
  const text = (value: DecodedFormValue | undefined) => (typeof value === 'string' ? value : null);

  return {
    id: `cs_test_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`,
    amountTotal: Number(price.unit_amount) * Number(item.quantity),
    currency: (price.currency as string).toLowerCase(),
    productName: product.name ?? '',
    metadata: (input.metadata as Record<string, string> | undefined) ?? {},
    paymentIntentMetadata:
      (paymentIntentData?.metadata as Record<string, string> | undefined) ?? {},
    clientReferenceId: text(input.client_reference_id),
    customerEmail: text(input.customer_email),
    paymentMethodTypes: (input.payment_method_types as string[] | undefined) ?? ['card'],
    successUrl: text(input.success_url),
    cancelUrl: text(input.cancel_url),
    locale: text(input.locale),
    status: 'open',
    paymentStatus: 'unpaid',
    paymentIntent: null,
    chargeId: null,
    created: Math.floor(Date.now() / 1000),
  };
}

/** Renders a session as Stripe's checkout.session object; the url exists only while it is open. */
export function renderStripeSession(
  session: FakeStripeSession,
  origin: string,
): Record<string, unknown> {
  return {
    id: session.id,
    object: 'checkout.session',
    amount_subtotal: session.amountTotal,
    amount_total: session.amountTotal,
    cancel_url: session.cancelUrl,
    client_reference_id: session.clientReferenceId,
    created: session.created,
    currency: session.currency,
    customer_email: session.customerEmail,
    expires_at: session.created + 24 * 3600,
    livemode: false,
    locale: session.locale,
    metadata: session.metadata,
    mode: 'payment',
    payment_intent: session.paymentIntent,
    payment_method_types: session.paymentMethodTypes,
    payment_status: session.paymentStatus,
    status: session.status,
    success_url: session.successUrl,
    url: session.status === 'open' ? `${origin}/c/pay/${session.id}` : null,
  };
}
