import { AppError } from '../errors.ts';
import { formatDecimal, isCurrencyCode, type Money } from '../money/money.ts';
import { MOLLIE_PAYMENT_ID, parseMolliePayment, type MolliePayment } from './mollie-payment.ts';
import {
  parseMollieChargebacks,
  parseMollieRefunds,
  type MollieChargeback,
  type MollieRefund,
} from './mollie-reversals.ts';
import { MollieApiError } from './provider-error.ts';
import {
  checkIdempotencyKey,
  isHttpUrl,
  joinUrl,
  PROVIDER_REQUEST_TIMEOUT_MS,
  redactSecret,
  sendProviderRequest,
  type ProviderReply,
} from './provider-request.ts';

/** Mollie's Payments API v2; tests point the client at a local fake instead. */
export const MOLLIE_API_URL = 'https://api.mollie.com/v2';

export interface MollieClientOptions {
  /** A Mollie API key: "test_" or "live_" and the key. */
  apiKey: string;
  /** Defaults to MOLLIE_API_URL. */
  baseUrl?: string;
  /** Defaults to PROVIDER_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface MolliePaymentRequest {
  /** A positive amount in minor units, sent to Mollie with its currency's decimals ("10.00", or "1000" for JPY). */
  amount: Money;
  /** Shown to the payer and on the bank statement; Mollie truncates it per payment method. */
  description: string;
  /** Page that Mollie sends the payer to after the payment page, paid or not. */
  redirectUrl: string;
  /** Collecta's webhook URL, which Mollie posts `id=tr_...` to on every status change. */
  webhookUrl: string;
  /** Collecta's own ids, returned unchanged on every read of the payment. */
  metadata: Record<string, string>;
  /** One Mollie method ("ideal") or several; without it the payer chooses on the payment page. */
  method?: string | string[];
  /** Language of the payment page, such as "nl_NL" or "en_US". */
  locale?: string;
  /**
   * Sent as the Idempotency-Key header. Mollie returns the payment it already
   * made for a retried create with the same key, so the caller stores the
   * key before the first attempt and reuses it for every retry.
   */
  idempotencyKey: string;
}

export interface MollieClient {
  /** Creates a payment (POST /payments) and returns it with the URL of Mollie's payment page. */
  createPayment(request: MolliePaymentRequest): Promise<MolliePayment & { checkoutUrl: string }>;
  /**
   * Fetches a payment (GET /payments/:id). This is also how a webhook is
   * verified: Mollie's webhook body is not signed, so only the payment read
   * here with Collecta's own key is trusted.
   */
  getPayment(id: string): Promise<MolliePayment>;
  /** Lists the refunds of a payment (GET /payments/:id/refunds), at most 250. */
  listRefunds(paymentId: string): Promise<MollieRefund[]>;
  /** Lists the chargebacks of a payment (GET /payments/:id/chargebacks), at most 250. */
  listChargebacks(paymentId: string): Promise<MollieChargeback[]>;
}

/** The largest page of Mollie's list endpoints; Collecta reads the first page only. */
const MOLLIE_LIST_LIMIT = 250;

/**
 * Returns a client for Mollie's Payments API v2, authenticated with the API
 * key as a Bearer token. Throws AppError invalid_input for a key that is not
 * a Mollie API key. Provider errors are thrown as MollieApiError with Mollie's
 * status, title, field and detail; the key never appears in an error.
 */
export function createMollieClient(options: MollieClientOptions): MollieClient {
  if (!/^(test|live)_\w+$/.test(options.apiKey)) {
    throw new AppError(
      'invalid_input',
      'The Mollie API key must start with "test_" or "live_"; copy it from the Mollie dashboard under Developers, API keys.',
    );
  }
  const baseUrl = options.baseUrl ?? MOLLIE_API_URL;
  const timeoutMs = options.timeoutMs ?? PROVIDER_REQUEST_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    accept: 'application/hal+json, application/json',
  };

  async function send(
    method: 'GET' | 'POST',
    path: string,
    extra: Record<string, string>,
    body?: string,
  ) {
    const reply = await sendProviderRequest({
      provider: 'mollie',
      method,
      url: joinUrl(baseUrl, path),
      headers: { ...headers, ...extra },
      body,
      timeoutMs,
    });
    if (!reply.ok) {
      throw mollieErrorFromReply(reply, options.apiKey);
    }
    return reply;
  }

  return {
    async createPayment(request) {
      const body = JSON.stringify(buildMolliePaymentBody(request));
      const reply = await send(
        'POST',
        'payments',
        { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
        body,
      );
      const payment = parseMolliePayment(reply);
      if (!payment.checkoutUrl) {
        throw new MollieApiError(
          reply.status,
          null,
          null,
          `Mollie created payment ${payment.id} without a checkout link (_links.checkout).`,
        );
      }
      return { ...payment, checkoutUrl: payment.checkoutUrl };
    },

    async getPayment(id) {
      checkPaymentId(id);
      return parseMolliePayment(await send('GET', `payments/${id}`, {}));
    },

    async listRefunds(paymentId) {
      checkPaymentId(paymentId);
      // NOTE: only the first page is read; a payment with more than 250 refunds misses the rest.
      return parseMollieRefunds(
        await send('GET', `payments/${paymentId}/refunds?limit=${MOLLIE_LIST_LIMIT}`, {}),
      );
    },

    async listChargebacks(paymentId) {
      checkPaymentId(paymentId);
      return parseMollieChargebacks(
        await send('GET', `payments/${paymentId}/chargebacks?limit=${MOLLIE_LIST_LIMIT}`, {}),
      );
    },
  };
}

/**
 * Builds the JSON body of Mollie's Create payment request. Throws AppError
 * invalid_input naming the field when a value cannot be sent.
 */
export function buildMolliePaymentBody(request: MolliePaymentRequest): Record<string, unknown> {
  checkMolliePaymentRequest(request);
  const { amount } = request;
  const body: Record<string, unknown> = {
    amount: { currency: amount.currency, value: formatDecimal(amount.minor, amount.currency) },
    description: request.description,
    redirectUrl: request.redirectUrl,
    webhookUrl: request.webhookUrl,
    metadata: request.metadata,
  };

  if (request.method !== undefined) {
    body.method = request.method;
  }
  if (request.locale !== undefined) {
    body.locale = request.locale;
  }

  return body;
}

function checkMolliePaymentRequest(request: MolliePaymentRequest): void {
  const { amount } = request;
  if (!isCurrencyCode(amount.currency)) {
    throw invalidField('amount.currency', 'must be an ISO 4217 code in capitals, such as EUR');
  }
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw invalidField('amount.minor', 'must be a positive whole number of minor units');
  }

  if (request.description.trim() === '') {
    throw invalidField('description', 'must not be empty');
  }
  if (!isHttpUrl(request.redirectUrl)) {
    throw invalidField('redirectUrl', 'must be an absolute http or https URL');
  }
  if (!isHttpUrl(request.webhookUrl)) {
    throw invalidField('webhookUrl', 'must be an absolute http or https URL');
  }

  const keyProblem = checkIdempotencyKey(request.idempotencyKey);
  if (keyProblem) {
    throw new AppError('invalid_input', keyProblem);
  }
}

/** Turns an error response into a MollieApiError from Mollie's {status, title, detail, field} JSON. */
function mollieErrorFromReply(reply: ProviderReply, apiKey: string): MollieApiError {
  const body = reply.body;
  const title = typeof body?.title === 'string' ? body.title : null;
  const field = typeof body?.field === 'string' ? body.field : null;
  const detail =
    typeof body?.detail === 'string'
      ? body.detail
      : `HTTP ${reply.status} ${reply.text.slice(0, 200)}`;
  const fieldText = field ? ` (field ${field})` : '';

  return new MollieApiError(
    reply.status,
    title,
    field,
    redactSecret(
      `Mollie rejected the request with HTTP ${reply.status}${fieldText}: ${detail}`,
      apiKey,
    ),
  );
}

function checkPaymentId(id: string): void {
  if (!MOLLIE_PAYMENT_ID.test(id)) {
    throw new AppError(
      'invalid_input',
      `Mollie payment id ${JSON.stringify(id)} is not of the form tr_...`,
    );
  }
}

function invalidField(field: string, rule: string): AppError {
  return new AppError('invalid_input', `The Mollie payment's ${field} ${rule}.`);
}
