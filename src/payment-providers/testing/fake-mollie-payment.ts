import { randomBytes } from 'node:crypto';
import { formatDecimal, isCurrencyCode, minorDigits, parseAmount } from '../../money/money.ts';
import type { MolliePaymentStatus } from '../mollie-payment.ts';
import type { MollieRefundStatus } from '../mollie-reversals.ts';
import { isHttpUrl, isRecord } from '../provider-request.ts';

/** A payment the fake created, as Mollie stores it. */
export interface FakeMolliePayment {
  id: string;
  amount: { currency: string; value: string };
  description: string;
  redirectUrl: string;
  webhookUrl: string | null;
  metadata: unknown;
  method: string | string[] | null;
  locale: string | null;
  status: MolliePaymentStatus;
  createdAt: Date;
  paidAt: Date | null;
  /** When the payment became canceled, expired or failed. */
  endedAt: Date | null;
  refunds: FakeMollieRefund[];
  chargebacks: FakeMollieChargeback[];
}

/** A refund of a paid payment, as Mollie stores it. */
export interface FakeMollieRefund {
  id: string;
  amountMinor: number;
  status: MollieRefundStatus;
  createdAt: Date;
}

/** A chargeback of a paid payment, as Mollie stores it. */
export interface FakeMollieChargeback {
  id: string;
  amountMinor: number;
  createdAt: Date;
  reversedAt: Date | null;
}

/** Locales the fake accepts: the payment page locales that Mollie lists, which may since have grown. */
const MOLLIE_LOCALES = new Set([
  'en_US',
  'en_GB',
  'nl_NL',
  'nl_BE',
  'de_DE',
  'de_AT',
  'de_CH',
  'fr_FR',
  'fr_BE',
  'es_ES',
  'ca_ES',
  'pt_PT',
  'it_IT',
  'nb_NO',
  'sv_SE',
  'fi_FI',
  'da_DK',
  'is_IS',
  'hu_HU',
  'pl_PL',
  'lv_LV',
  'lt_LT',
]);

/** Payment methods the fake accepts: a subset of Mollie's methods, enough for Collecta's tests. */
const MOLLIE_METHODS = new Set([
  'applepay',
  'bancontact',
  'banktransfer',
  'belfius',
  'creditcard',
  'directdebit',
  'eps',
  'ideal',
  'kbc',
  'klarna',
  'paypal',
  'przelewy24',
  'trustly',
  'twint',
]);

/**
 * Returns the first problem of a Create payment body as Mollie reports it, or
 * null. The field names follow Mollie's API. The detail texts are written in
 * Mollie's style, but only "The amount is required for payments" is copied
 * from Mollie's documentation, so tests check the status and field only.
 */
export function validatePaymentInput(
  input: Record<string, unknown>,
): { field: string; detail: string } | null {
  const amountProblem = validateAmount(input.amount);
  if (amountProblem) {
    return amountProblem;
  }

  if (typeof input.description !== 'string' || input.description.trim() === '') {
    return { field: 'description', detail: 'The description is invalid' };
  }
  if (typeof input.redirectUrl !== 'string' || !isHttpUrl(input.redirectUrl)) {
    return { field: 'redirectUrl', detail: 'The redirect URL is invalid' };
  }
  const webhookUrl = input.webhookUrl;
  if (webhookUrl !== undefined && (typeof webhookUrl !== 'string' || !isHttpUrl(webhookUrl))) {
    return { field: 'webhookUrl', detail: 'The webhook URL is invalid' };
  }

  const methods = typeof input.method === 'string' ? [input.method] : input.method;
  if (methods !== undefined && methods !== null && !areKnownMethods(methods)) {
    return { field: 'method', detail: 'The payment method is invalid' };
  }
  if (input.locale !== undefined && !MOLLIE_LOCALES.has(input.locale as string)) {
    return { field: 'locale', detail: 'The locale is invalid' };
  }

  return null;
}

function validateAmount(amount: unknown): { field: string; detail: string } | null {
  if (amount === undefined || amount === null) {
    return { field: 'amount', detail: 'The amount is required for payments' };
  }
  if (
    !isRecord(amount) ||
    typeof amount.currency !== 'string' ||
    !isCurrencyCode(amount.currency)
  ) {
    return { field: 'amount.currency', detail: 'The amount currency is invalid' };
  }
  if (typeof amount.value !== 'string' || !hasCurrencyDecimals(amount.value, amount.currency)) {
    const digits = minorDigits(amount.currency);
    return {
      field: 'amount.value',
      detail: `The amount contains an invalid value: ${amount.currency} needs ${digits} decimals`,
    };
  }
  if (Number(amount.value) <= 0) {
    return { field: 'amount.value', detail: 'The amount is lower than the minimum' };
  }
  return null;
}

function hasCurrencyDecimals(value: string, currency: string): boolean {
  const digits = minorDigits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${digits}}$`);
  return pattern.test(value);
}

function areKnownMethods(methods: unknown): boolean {
  return Array.isArray(methods) && methods.every((method) => MOLLIE_METHODS.has(method as string));
}

/** Builds the fake's record of a new open payment from a validated Create payment body. */
export function newPayment(input: Record<string, unknown>): FakeMolliePayment {
  const amount = input.amount as { currency: string; value: string };
  return {
    id: `tr_${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x')}`,
    amount: { currency: amount.currency, value: amount.value },
    description: input.description as string,
    redirectUrl: input.redirectUrl as string,
    webhookUrl: typeof input.webhookUrl === 'string' ? input.webhookUrl : null,
    metadata: input.metadata ?? null,
    method: (input.method as string | string[] | undefined) ?? null,
    locale: typeof input.locale === 'string' ? input.locale : null,
    status: 'open',
    createdAt: new Date(),
    paidAt: null,
    endedAt: null,
    refunds: [],
    chargebacks: [],
  };
}

/** Renders a payment as Mollie's Payment resource; the checkout link exists only while it is open. */
export function renderMolliePayment(
  payment: FakeMolliePayment,
  context: { origin: string; apiKey: string },
): Record<string, unknown> {
  const zero = { currency: payment.amount.currency, value: decimalZero(payment.amount.currency) };
  const links: Record<string, unknown> = {
    self: { href: `${context.origin}/v2/payments/${payment.id}`, type: 'application/hal+json' },
    documentation: { href: 'https://docs.mollie.com/reference/get-payment', type: 'text/html' },
  };
  if (payment.status === 'open') {
    links.checkout = {
      href: `${context.origin}/checkout/select-method/${payment.id}`,
      type: 'text/html',
    };
  }
  const resource: Record<string, unknown> = {
    resource: 'payment',
    id: payment.id,
    mode: context.apiKey.startsWith('live_') ? 'live' : 'test',
    createdAt: payment.createdAt.toISOString(),
    amount: payment.amount,
    description: payment.description,
    method: payment.method,
    metadata: payment.metadata,
    status: payment.status,
    isCancelable: payment.status === 'open',
    profileId: 'pfl_fake0000',
    sequenceType: 'oneoff',
    redirectUrl: payment.redirectUrl,
    webhookUrl: payment.webhookUrl,
    locale: payment.locale,
    _links: links,
  };
  if (payment.status === 'open') {
    // 15 minutes is the fake's choice; Mollie's expiry depends on the payment method.
    resource.expiresAt = new Date(payment.createdAt.getTime() + 15 * 60_000).toISOString();
  }
  if (payment.paidAt) {
    const refundedMinor = sumMinor(
      payment.refunds.filter(
        (refund) => refund.status !== 'failed' && refund.status !== 'canceled',
      ),
    );
    const chargedBackMinor = sumMinor(
      payment.chargebacks.filter((chargeback) => chargeback.reversedAt === null),
    );
    const currency = payment.amount.currency;
    resource.paidAt = payment.paidAt.toISOString();
    resource.amountRefunded = refundedMinor > 0 ? toMollieAmount(refundedMinor, currency) : zero;
    resource.amountRemaining = toMollieAmount(
      amountMinorOf(payment) - refundedMinor - chargedBackMinor,
      currency,
    );
    if (chargedBackMinor > 0) {
      resource.amountChargedBack = toMollieAmount(chargedBackMinor, currency);
    }
  }
  if (payment.endedAt) {
    resource[`${payment.status}At`] = payment.endedAt.toISOString();
  }
  return resource;
}

/** Renders a payment's refunds as Mollie's List payment refunds response. */
export function renderMollieRefunds(
  payment: FakeMolliePayment,
  origin: string,
): Record<string, unknown> {
  const refunds = payment.refunds.map((refund) => ({
    resource: 'refund',
    id: refund.id,
    amount: toMollieAmount(refund.amountMinor, payment.amount.currency),
    status: refund.status,
    createdAt: refund.createdAt.toISOString(),
    description: '',
    paymentId: payment.id,
  }));
  return {
    count: refunds.length,
    _embedded: { refunds },
    _links: {
      self: { href: `${origin}/v2/payments/${payment.id}/refunds`, type: 'application/hal+json' },
    },
  };
}

/** Renders a payment's chargebacks as Mollie's List payment chargebacks response. */
export function renderMollieChargebacks(
  payment: FakeMolliePayment,
  origin: string,
): Record<string, unknown> {
  const chargebacks = payment.chargebacks.map((chargeback) => ({
    resource: 'chargeback',
    id: chargeback.id,
    amount: toMollieAmount(chargeback.amountMinor, payment.amount.currency),
    createdAt: chargeback.createdAt.toISOString(),
    reversedAt: chargeback.reversedAt?.toISOString() ?? null,
    paymentId: payment.id,
  }));
  return {
    count: chargebacks.length,
    _embedded: { chargebacks },
    _links: {
      self: {
        href: `${origin}/v2/payments/${payment.id}/chargebacks`,
        type: 'application/hal+json',
      },
    },
  };
}

/** The payment's amount in minor units. */
export function amountMinorOf(payment: FakeMolliePayment): number {
  return parseAmount(payment.amount.value, payment.amount.currency, '.');
}

function sumMinor(items: Array<{ amountMinor: number }>): number {
  return items.reduce((sum, item) => sum + item.amountMinor, 0);
}

function toMollieAmount(minor: number, currency: string): { currency: string; value: string } {
  return { currency, value: formatDecimal(minor, currency) };
}

function decimalZero(currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
}
