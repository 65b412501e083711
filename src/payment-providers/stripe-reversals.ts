import type { Money } from '../money/money.ts';
import { StripeApiError } from './provider-error.ts';
import { isRecord } from './provider-request.ts';
import { fromStripeAmount } from './stripe-amount.ts';

/** The statuses of a Stripe refund; only `succeeded` means that the money went back. */
export type StripeRefundStatus =
  'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/** The part of Stripe's Refund object that Collecta reads. */
export interface StripeRefund {
  /** "re_..." */
  id: string;
  status: StripeRefundStatus;
  amount: Money;
  /** The PaymentIntent (pi_...) of the refunded charge. */
  paymentIntentId: string | null;
  created: Date;
}

/**
 * The statuses of a Stripe dispute. The `warning_` statuses are inquiries
 * that withdraw no money; `lost` is final and keeps the money with the payer.
 */
export type StripeDisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost';

/** The part of Stripe's Dispute object that Collecta reads. */
export interface StripeDispute {
  /** "dp_..." */
  id: string;
  status: string;
  amount: Money;
  paymentIntentId: string | null;
  created: Date;
}

/** Stripe's ids of a charge's PaymentIntent and of the charge, as named by a charge event. */
export interface StripeChargeReference {
  chargeId: string;
  paymentIntentId: string | null;
}

/** Reads a Stripe list response ({object: "list", data: [...]}) of refunds. */
export function parseStripeRefunds(body: unknown, httpStatus: number | null): StripeRefund[] {
  const fail = responseProblem(httpStatus, 'refund list');
  if (!isRecord(body) || !Array.isArray(body.data)) {
    throw fail('is not a list with data');
  }
  return body.data.map((item: unknown) => {
    if (!isRecord(item) || typeof item.id !== 'string' || !item.id.startsWith('re_')) {
      throw fail('contains a refund without an id of the form re_...');
    }
    if (typeof item.status !== 'string') {
      throw fail(`has refund ${item.id} without a status`);
    }
    return {
      id: item.id,
      status: item.status as StripeRefundStatus,
      amount: readAmount(item, fail),
      paymentIntentId: readId(item.payment_intent),
      created: readCreated(item, fail),
    };
  });
}

/** Reads a Stripe Dispute object, from a response or an event. */
export function parseStripeDispute(value: unknown, httpStatus: number | null): StripeDispute {
  const fail = responseProblem(httpStatus, 'dispute');
  if (!isRecord(value) || typeof value.id !== 'string' || !value.id.startsWith('dp_')) {
    throw fail('has no id of the form dp_...');
  }
  if (typeof value.status !== 'string') {
    throw fail(`${value.id} has no status`);
  }
  return {
    id: value.id,
    status: value.status,
    amount: readAmount(value, fail),
    paymentIntentId: readId(value.payment_intent),
    created: readCreated(value, fail),
  };
}

/**
 * Reads the charge that a charge.refunded event (a Charge object) or a
 * charge.refund.updated event (a Refund object) is about.
 */
export function parseStripeChargeReference(value: unknown): StripeChargeReference {
  const fail = responseProblem(null, 'charge event object');
  if (!isRecord(value) || typeof value.id !== 'string') {
    throw fail('has no id');
  }
  const chargeId = value.object === 'charge' ? value.id : readId(value.charge);
  if (!chargeId || (!chargeId.startsWith('ch_') && !chargeId.startsWith('py_'))) {
    throw fail(`${value.id} names no charge of the form ch_... or py_...`);
  }
  return { chargeId, paymentIntentId: readId(value.payment_intent) };
}

type ResponseProblem = (problem: string) => StripeApiError;

function responseProblem(httpStatus: number | null, what: string): ResponseProblem {
  return (problem) =>
    new StripeApiError(httpStatus, null, null, null, `The Stripe ${what} ${problem}.`);
}

function readAmount(value: Record<string, unknown>, fail: ResponseProblem): Money {
  if (!Number.isSafeInteger(value.amount) || typeof value.currency !== 'string') {
    throw fail(`${String(value.id)} has no amount with currency`);
  }
  try {
    return fromStripeAmount(value.amount as number, value.currency);
  } catch (error) {
    throw fail(`${String(value.id)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readCreated(value: Record<string, unknown>, fail: ResponseProblem): Date {
  if (!Number.isSafeInteger(value.created)) {
    throw fail(`${String(value.id)} has no created time`);
  }
  return new Date((value.created as number) * 1000);
}

/** Reads a field that is an id, or the object when the request expanded it. */
function readId(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  return isRecord(value) && typeof value.id === 'string' ? value.id : null;
}
