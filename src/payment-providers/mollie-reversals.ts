import type { Money } from '../money/money.ts';
import { parseMollieAmount, parseTimestamp, type ResponseProblem } from './mollie-payment.ts';
import { MollieApiError } from './provider-error.ts';
import { isRecord } from './provider-request.ts';

/** The statuses of a Mollie refund, as listed in Mollie's Refunds API v2. A `failed` or `canceled` refund returns no money. */
export const MOLLIE_REFUND_STATUSES = [
  'queued',
  'pending',
  'processing',
  'refunded',
  'failed',
  'canceled',
] as const;

export type MollieRefundStatus = (typeof MOLLIE_REFUND_STATUSES)[number];

/** The part of Mollie's Refund resource that Collecta reads. */
export interface MollieRefund {
  /** "re_..." */
  id: string;
  status: MollieRefundStatus;
  amount: Money;
  createdAt: Date;
}

/** The part of Mollie's Chargeback resource that Collecta reads. */
export interface MollieChargeback {
  /** "chb_..." */
  id: string;
  amount: Money;
  createdAt: Date;
  /** Set when the chargeback was reversed and the money came back. */
  reversedAt: Date | null;
}

/** Reads the refunds of a List payment refunds response (`_embedded.refunds`). */
export function parseMollieRefunds(reply: {
  status: number;
  body: Record<string, unknown> | undefined;
}): MollieRefund[] {
  const fail = responseProblem(reply.status, 'refund list');
  return readEmbedded(reply.body, 'refunds', fail).map((item) => {
    if (typeof item.id !== 'string' || !/^re_\w+$/.test(item.id)) {
      throw fail('contains a refund without an id of the form re_...');
    }
    if (!MOLLIE_REFUND_STATUSES.includes(item.status as MollieRefundStatus)) {
      throw fail(`has refund ${item.id} with an unknown status ${JSON.stringify(item.status)}`);
    }
    return {
      id: item.id,
      status: item.status as MollieRefundStatus,
      amount: parseMollieAmount(item.amount, `amount of refund ${item.id}`, fail),
      createdAt: requireTimestamp(item.createdAt, `createdAt of refund ${item.id}`, fail),
    };
  });
}

/** Reads the chargebacks of a List payment chargebacks response (`_embedded.chargebacks`). */
export function parseMollieChargebacks(reply: {
  status: number;
  body: Record<string, unknown> | undefined;
}): MollieChargeback[] {
  const fail = responseProblem(reply.status, 'chargeback list');
  return readEmbedded(reply.body, 'chargebacks', fail).map((item) => {
    if (typeof item.id !== 'string' || !/^chb_\w+$/.test(item.id)) {
      throw fail('contains a chargeback without an id of the form chb_...');
    }
    return {
      id: item.id,
      amount: parseMollieAmount(item.amount, `amount of chargeback ${item.id}`, fail),
      createdAt: requireTimestamp(item.createdAt, `createdAt of chargeback ${item.id}`, fail),
      reversedAt: parseTimestamp(item.reversedAt, `reversedAt of chargeback ${item.id}`, fail),
    };
  });
}

function responseProblem(status: number, what: string): ResponseProblem {
  return (problem) => new MollieApiError(status, null, null, `The Mollie ${what} ${problem}.`);
}

function readEmbedded(
  body: Record<string, unknown> | undefined,
  name: string,
  fail: ResponseProblem,
): Array<Record<string, unknown>> {
  const embedded = body?._embedded;
  // A list without _embedded is read as empty.
  if (embedded === undefined) {
    return [];
  }
  const items = isRecord(embedded) ? embedded[name] : undefined;
  if (!Array.isArray(items) || !items.every(isRecord)) {
    throw fail(`has no list _embedded.${name}`);
  }
  return items;
}

function requireTimestamp(value: unknown, field: string, fail: ResponseProblem): Date {
  const date = parseTimestamp(value, field, fail);
  if (!date) {
    throw fail(`has no ${field}`);
  }
  return date;
}
