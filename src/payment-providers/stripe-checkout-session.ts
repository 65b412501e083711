import type { Money } from '../money/money.ts';
import { StripeApiError } from './provider-error.ts';
import { isRecord, readStringRecord } from './provider-request.ts';
import { fromStripeAmount } from './stripe-amount.ts';

/**
 * Stripe Checkout Session ids: "cs_test_" or "cs_live_" and letters and
 * digits. The pattern assumes no fixed length and caps the id at 255 characters.
 */
export const STRIPE_CHECKOUT_SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,247}$/;

/** Payment state of a session; only `paid` means that money was received. */
export type StripePaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

/**
 * Checkout state of a session. It is `complete` once the payer finished
 * checkout, even when an async payment method such as SEPA Debit is still unpaid.
 */
export type StripeCheckoutStatus = 'open' | 'complete' | 'expired';

const PAYMENT_STATUSES: readonly StripePaymentStatus[] = ['paid', 'unpaid', 'no_payment_required'];
const CHECKOUT_STATUSES: readonly StripeCheckoutStatus[] = ['open', 'complete', 'expired'];

/** The part of Stripe's Checkout Session object that Collecta reads. */
export interface StripeCheckoutSession {
  id: string;
  /** Stripe's hosted payment page; null once the session is complete or expired. */
  url: string | null;
  paymentStatus: StripePaymentStatus;
  status: StripeCheckoutStatus;
  /** amount_total converted to Collecta minor units, with the currency in capitals. */
  amountTotal: Money;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  /** The PaymentIntent id ("pi_..."); null until the payer confirms the payment. */
  paymentIntentId: string | null;
}

/**
 * Reads a Checkout Session object from a response or event body. Throws
 * StripeApiError (with `httpStatus`, null for a webhook event) when a field
 * that Collecta relies on is missing or has an unknown value.
 */
export function parseStripeCheckoutSession(
  value: unknown,
  httpStatus: number | null,
): StripeCheckoutSession {
  const fail = (problem: string) =>
    new StripeApiError(httpStatus, null, null, null, `The Stripe checkout session ${problem}.`);
  if (!isRecord(value) || typeof value.id !== 'string' || !value.id.startsWith('cs_')) {
    throw fail('has no id of the form cs_...');
  }
  if (!PAYMENT_STATUSES.includes(value.payment_status as StripePaymentStatus)) {
    throw fail(`${value.id} has an unknown payment_status ${JSON.stringify(value.payment_status)}`);
  }
  if (!CHECKOUT_STATUSES.includes(value.status as StripeCheckoutStatus)) {
    throw fail(`${value.id} has an unknown status ${JSON.stringify(value.status)}`);
  }
  if (!Number.isSafeInteger(value.amount_total) || typeof value.currency !== 'string') {
    throw fail(`${value.id} has no amount_total with currency`);
  }
  let amountTotal: Money;
  try {
    amountTotal = fromStripeAmount(value.amount_total as number, value.currency);
  } catch (error) {
    throw fail(`${value.id}: ${error instanceof Error ? error.message : String(error)}`);
  }

  return {
    id: value.id,
    url: typeof value.url === 'string' ? value.url : null,
    paymentStatus: value.payment_status as StripePaymentStatus,
    status: value.status as StripeCheckoutStatus,
    amountTotal,
    metadata: readStringRecord(value.metadata),
    clientReferenceId:
      typeof value.client_reference_id === 'string' ? value.client_reference_id : null,
    paymentIntentId: readPaymentIntentId(value.payment_intent),
  };
}

/** Reads payment_intent, which is an id, or the PaymentIntent object when the request expanded it. */
function readPaymentIntentId(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  return isRecord(value) && typeof value.id === 'string' ? value.id : null;
}
