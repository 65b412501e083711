import { AppError } from '../errors.ts';
import { isRecord, parseJsonObject } from './provider-request.ts';
import {
  parseStripeCheckoutSession,
  type StripeCheckoutSession,
} from './stripe-checkout-session.ts';
import {
  parseStripeChargeReference,
  parseStripeDispute,
  type StripeChargeReference,
  type StripeDispute,
} from './stripe-reversals.ts';
import { verifyStripeSignature, type StripeSignatureFailure } from './stripe-signature.ts';

/** The Checkout Session events that Collecta acts on. */
export const STRIPE_CHECKOUT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;

export type StripeCheckoutEventType = (typeof STRIPE_CHECKOUT_EVENT_TYPES)[number];

/** The refund events that Collecta acts on: their object is a Charge or a Refund. */
export const STRIPE_REFUND_EVENT_TYPES = ['charge.refunded', 'charge.refund.updated'] as const;

export type StripeRefundEventType = (typeof STRIPE_REFUND_EVENT_TYPES)[number];

/** The dispute events that Collecta acts on: their object is a Dispute. */
export const STRIPE_DISPUTE_EVENT_TYPES = [
  'charge.dispute.created',
  'charge.dispute.closed',
] as const;

export type StripeDisputeEventType = (typeof STRIPE_DISPUTE_EVENT_TYPES)[number];

/**
 * A verified Stripe webhook event. `checkout.session.completed` means that
 * the payer finished checkout: it is a payment only when
 * `session.paymentStatus` is `paid`. With an async method such as SEPA Debit
 * it is `unpaid`, and `async_payment_succeeded` or `async_payment_failed`
 * follows later. Stripe may deliver an event more than once and out of
 * order, so a receiver skips event ids it has seen and reads the current
 * state with getCheckoutSession instead of trusting the order.
 */
export type StripeWebhookEvent =
  | {
      kind: 'checkout_session';
      /** The event id, "evt_...", the same on every delivery of the event. */
      id: string;
      type: StripeCheckoutEventType;
      created: Date;
      livemode: boolean;
      /** The session as it was when the event happened. */
      session: StripeCheckoutSession;
    }
  | {
      kind: 'charge_refund';
      id: string;
      type: StripeRefundEventType;
      created: Date;
      livemode: boolean;
      /** The refunded charge; its refunds are listed with listRefunds. */
      charge: StripeChargeReference;
    }
  | {
      kind: 'dispute';
      id: string;
      type: StripeDisputeEventType;
      created: Date;
      livemode: boolean;
      /** The dispute as it was when the event happened. */
      dispute: StripeDispute;
    }
  | { kind: 'other'; id: string; type: string; created: Date; livemode: boolean };

/** Why a Stripe webhook request was rejected: a signature failure or a body that is no event. */
export type StripeWebhookFailure = StripeSignatureFailure | 'invalid_payload';

/**
 * Verifies the Stripe-Signature header of a webhook request (see
 * verifyStripeSignature) and only then parses the raw body into an event.
 * Throws AppError invalid_input, with `details.reason` set to a
 * StripeWebhookFailure, when the request is not a correctly signed event.
 */
export function readStripeWebhook(params: {
  rawBody: string | Uint8Array;
  signatureHeader: string | undefined;
  endpointSecret: string;
  now?: Date;
  toleranceSeconds?: number;
}): StripeWebhookEvent {
  const check = verifyStripeSignature(params);
  if (!check.valid) {
    throw new AppError('invalid_input', signatureMessage(check.reason), { reason: check.reason });
  }
  const text =
    typeof params.rawBody === 'string'
      ? params.rawBody
      : Buffer.from(params.rawBody).toString('utf8');

  return parseStripeEvent(text);
}

/**
 * Parses the JSON of a Stripe event whose signature was verified. Throws
 * AppError invalid_input (reason invalid_payload) when it is not an event, or
 * when an event that Collecta acts on carries no readable object.
 */
export function parseStripeEvent(rawBody: string): StripeWebhookEvent {
  const event = parseJsonObject(rawBody);
  if (
    !event ||
    event.object !== 'event' ||
    typeof event.id !== 'string' ||
    typeof event.type !== 'string' ||
    !Number.isSafeInteger(event.created)
  ) {
    throw invalidPayload('The Stripe webhook body is not an event with id, type and created.');
  }
  const base = {
    id: event.id,
    created: new Date((event.created as number) * 1000),
    livemode: event.livemode === true,
  };
  const object = isRecord(event.data) ? event.data.object : undefined;
  try {
    if (STRIPE_CHECKOUT_EVENT_TYPES.includes(event.type as StripeCheckoutEventType)) {
      return {
        kind: 'checkout_session',
        type: event.type as StripeCheckoutEventType,
        session: parseStripeCheckoutSession(object, null),
        ...base,
      };
    }
    if (STRIPE_REFUND_EVENT_TYPES.includes(event.type as StripeRefundEventType)) {
      return {
        kind: 'charge_refund',
        type: event.type as StripeRefundEventType,
        charge: parseStripeChargeReference(object),
        ...base,
      };
    }
    if (STRIPE_DISPUTE_EVENT_TYPES.includes(event.type as StripeDisputeEventType)) {
      return {
        kind: 'dispute',
        type: event.type as StripeDisputeEventType,
        dispute: parseStripeDispute(object, null),
        ...base,
      };
    }
  } catch (error) {
    throw invalidPayload(
      `Stripe event ${event.id} (${event.type}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  return { kind: 'other', type: event.type, ...base };
}

function signatureMessage(reason: StripeSignatureFailure): string {
  switch (reason) {
    case 'missing_header':
      return 'The Stripe webhook request has no Stripe-Signature header.';
    case 'malformed_header':
      return 'The Stripe-Signature header has no timestamp t= or no v1= signature.';
    case 'no_matching_signature':
      return 'No v1 signature in the Stripe-Signature header matches the body; check the endpoint secret (whsec_...) and pass the raw request body.';
    case 'outside_tolerance':
      return 'The Stripe-Signature timestamp is outside the tolerance; the request may be a replay, or the server clock is wrong.';
  }
}

function invalidPayload(message: string): AppError {
  return new AppError('invalid_input', message, { reason: 'invalid_payload' });
}
