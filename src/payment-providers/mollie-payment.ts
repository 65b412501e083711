import { AmountParseError, isCurrencyCode, parseAmount, type Money } from '../money/money.ts';
import { MollieApiError } from './provider-error.ts';
import { isRecord, readStringRecord } from './provider-request.ts';

/**
 * The statuses of a Mollie payment. Only `paid` means that money was
 * received; `authorized` is reserved money that is not captured yet.
 * `canceled`, `expired` and `failed` are final.
 */
export const MOLLIE_PAYMENT_STATUSES = [
  'open',
  'pending',
  'authorized',
  'paid',
  'canceled',
  'expired',
  'failed',
] as const;

export type MolliePaymentStatus = (typeof MOLLIE_PAYMENT_STATUSES)[number];

/**
 * Mollie payment ids: "tr_" and letters and digits, such as "tr_WDqYK6vllg".
 * The pattern assumes no fixed length and caps it at 64 characters.
 */
export const MOLLIE_PAYMENT_ID = /^tr_[A-Za-z0-9]{1,64}$/;

/** The part of Mollie's Payment resource that Collecta reads. */
export interface MolliePayment {
  id: string;
  status: MolliePaymentStatus;
  /** Mollie's hosted payment page; Mollie returns it only while the payment is open. */
  checkoutUrl: string | null;
  amount: Money;
  /** Refunded so far, in the payment's currency; zero when Mollie reports no refunds. */
  amountRefunded: Money;
  /** Charged back so far, in the payment's currency; zero when Mollie reports no chargebacks. */
  amountChargedBack: Money;
  /** When the payment was paid, from Mollie's paidAt; null until it is paid. */
  paidAt: Date | null;
  /** The metadata sent at creation: string values only. */
  metadata: Record<string, string>;
}

/**
 * Reads a Mollie Payment resource from a response body. Throws
 * MollieApiError when a field that Collecta relies on is missing or has an
 * unknown value, since acting on a half-read payment could book a wrong
 * amount.
 */
export function parseMolliePayment(reply: {
  status: number;
  body: Record<string, unknown> | undefined;
}): MolliePayment {
  const { body } = reply;
  const fail = (problem: string) =>
    new MollieApiError(reply.status, null, null, `The Mollie payment response ${problem}.`);
  if (!body || typeof body.id !== 'string' || !MOLLIE_PAYMENT_ID.test(body.id)) {
    throw fail('contains no payment id of the form tr_...');
  }
  const status = body.status;
  if (!MOLLIE_PAYMENT_STATUSES.includes(status as MolliePaymentStatus)) {
    throw fail(`has an unknown payment status ${JSON.stringify(status)}`);
  }
  const amount = parseMollieAmount(body.amount, 'amount', fail);
  const amountRefunded = parseOptionalAmount(body.amountRefunded, 'amountRefunded', amount, fail);
  const amountChargedBack = parseOptionalAmount(
    body.amountChargedBack,
    'amountChargedBack',
    amount,
    fail,
  );

  return {
    id: body.id,
    status: status as MolliePaymentStatus,
    checkoutUrl: readCheckoutUrl(body._links),
    amount,
    amountRefunded,
    amountChargedBack,
    paidAt: parseTimestamp(body.paidAt, 'paidAt', fail),
    metadata: readStringRecord(body.metadata),
  };
}

export type ResponseProblem = (problem: string) => MollieApiError;

/** Reads an amount that Mollie leaves out while it is zero, such as amountRefunded. */
function parseOptionalAmount(
  value: unknown,
  field: string,
  paymentAmount: Money,
  fail: ResponseProblem,
): Money {
  if (value === undefined || value === null) {
    return { minor: 0, currency: paymentAmount.currency };
  }
  return parseMollieAmount(value, field, fail);
}

/** Reads a Mollie amount object such as {"currency": "EUR", "value": "10.00"} into minor units. */
export function parseMollieAmount(value: unknown, field: string, fail: ResponseProblem): Money {
  if (!isRecord(value) || typeof value.currency !== 'string' || typeof value.value !== 'string') {
    throw fail(`has no ${field} with currency and value`);
  }
  if (!isCurrencyCode(value.currency)) {
    throw fail(`has an invalid ${field}.currency ${JSON.stringify(value.currency)}`);
  }
  try {
    return { minor: parseAmount(value.value, value.currency, '.'), currency: value.currency };
  } catch (error) {
    if (error instanceof AmountParseError) {
      throw fail(`has an ${field}.value "${value.value}" that ${error.message}`);
    }
    throw error;
  }
}

function readCheckoutUrl(links: unknown): string | null {
  if (!isRecord(links) || !isRecord(links.checkout)) {
    return null;
  }
  return typeof links.checkout.href === 'string' ? links.checkout.href : null;
}

export function parseTimestamp(value: unknown, field: string, fail: ResponseProblem): Date | null {
  if (value === undefined || value === null) {
    return null;
  }
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw fail(`has an invalid ${field} ${JSON.stringify(value)}`);
  }
  return date;
}
