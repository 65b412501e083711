import { AppError } from '../errors.ts';
import { isCurrencyCode, type Money } from '../money/money.ts';
import { StripeApiError } from './provider-error.ts';
import {
  checkIdempotencyKey,
  isHttpUrl,
  isRecord,
  joinUrl,
  PROVIDER_REQUEST_TIMEOUT_MS,
  redactSecret,
  sendProviderRequest,
  type ProviderReply,
} from './provider-request.ts';
import { toStripeAmount } from './stripe-amount.ts';
import {
  parseStripeCheckoutSession,
  STRIPE_CHECKOUT_SESSION_ID,
  type StripeCheckoutSession,
} from './stripe-checkout-session.ts';
import { encodeStripeForm, type StripeFormValue } from './stripe-form.ts';
import {
  parseStripeDispute,
  parseStripeRefunds,
  type StripeDispute,
  type StripeRefund,
} from './stripe-reversals.ts';

/** Stripe's API v1; tests point the client at a local fake instead. */
export const STRIPE_API_URL = 'https://api.stripe.com/v1';

/**
 * The Stripe-Version that every request sends, so that the response shapes
 * do not change with the account's default version. Webhook events use the
 * version set on the webhook endpoint in the Stripe Dashboard instead.
 */
export const STRIPE_API_VERSION = '2024-10-28.acacia';

export interface StripeClientOptions {
  /** A secret key ("sk_test_", "sk_live_") or restricted key ("rk_test_", "rk_live_"). */
  secretKey: string;
  /** Defaults to STRIPE_API_URL. */
  baseUrl?: string;
  /** Defaults to PROVIDER_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface StripeCheckoutSessionRequest {
  /** A positive amount in Collecta minor units; sent in Stripe's units with a lower-case currency. */
  amount: Money;
  /** Name of the single line item on the payment page, such as "Invoice 2024-0012". */
  productName: string;
  /** Optional text under the name on the payment page. */
  description?: string;
  /** Page that Stripe sends the payer to after a payment; it may contain {CHECKOUT_SESSION_ID}. */
  successUrl: string;
  /** Page that Stripe sends a payer to who leaves the payment page. */
  cancelUrl: string;
  /** Collecta's own ids; also copied to the PaymentIntent so that it carries them too. */
  metadata: Record<string, string>;
  /** Collecta's reference for the payment link, returned as client_reference_id (at most 200 characters). */
  clientReferenceId: string;
  /** Prefills the payer's e-mail address on the payment page. */
  customerEmail?: string;
  /** Such as ["card", "ideal"]; without it Stripe offers the methods enabled in the Dashboard. */
  paymentMethodTypes?: string[];
  /** Language of the payment page, such as "nl" or "auto". */
  locale?: string;
  /**
   * Sent as the Idempotency-Key header. Stripe returns the session it already
   * made for a retried create with the same key and parameters, so the
   * caller stores the key before the first attempt and reuses it for every retry.
   */
  idempotencyKey: string;
}

export interface StripeClient {
  /** Creates a Checkout Session in payment mode with one line item (POST /checkout/sessions). */
  createCheckoutSession(
    request: StripeCheckoutSessionRequest,
  ): Promise<StripeCheckoutSession & { url: string }>;
  /** Fetches a Checkout Session (GET /checkout/sessions/:id). */
  getCheckoutSession(id: string): Promise<StripeCheckoutSession>;
  /** Finds the Checkout Session of a PaymentIntent (GET /checkout/sessions?payment_intent=); null if none. */
  findCheckoutSessionByPaymentIntent(
    paymentIntentId: string,
  ): Promise<StripeCheckoutSession | null>;
  /** Lists the refunds of a charge (GET /refunds?charge=), at most 100. */
  listRefunds(chargeId: string): Promise<StripeRefund[]>;
  /** Fetches a dispute (GET /disputes/:id). */
  getDispute(id: string): Promise<StripeDispute>;
}

/** The largest page of Stripe's list endpoints; Collecta reads the first page only. */
const STRIPE_LIST_LIMIT = 100;

/**
 * Returns a client for Stripe Checkout Sessions, authenticated with the
 * secret key as a Bearer token. Throws AppError invalid_input for a key that
 * is not a Stripe secret or restricted key. Provider errors are thrown as
 * StripeApiError with Stripe's status, type, code, param and message; the
 * key, and the masked key that Stripe puts in a 401 message, never appear.
 */
export function createStripeClient(options: StripeClientOptions): StripeClient {
  if (!/^[rs]k_(test|live)_\w+$/.test(options.secretKey)) {
    throw new AppError(
      'invalid_input',
      'The Stripe secret key must start with "sk_test_", "sk_live_", "rk_test_" or "rk_live_"; copy it from the Stripe Dashboard under Developers, API keys.',
    );
  }
  const baseUrl = options.baseUrl ?? STRIPE_API_URL;
  const timeoutMs = options.timeoutMs ?? PROVIDER_REQUEST_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${options.secretKey}`,
    accept: 'application/json',
    'stripe-version': STRIPE_API_VERSION,
  };

  async function send(
    method: 'GET' | 'POST',
    path: string,
    extra: Record<string, string>,
    body?: string,
  ) {
    const reply = await sendProviderRequest({
      provider: 'stripe',
      method,
      url: joinUrl(baseUrl, path),
      headers: { ...headers, ...extra },
      body,
      timeoutMs,
    });
    if (!reply.ok) {
      throw stripeErrorFromReply(reply, options.secretKey);
    }
    return reply;
  }

  return {
    async createCheckoutSession(request) {
      const body = encodeStripeForm(buildCheckoutSessionParameters(request));
      const reply = await send(
        'POST',
        'checkout/sessions',
        {
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': request.idempotencyKey,
        },
        body,
      );
      const session = parseStripeCheckoutSession(reply.body, reply.status);
      if (!session.url) {
        throw new StripeApiError(
          reply.status,
          null,
          null,
          null,
          `Stripe created checkout session ${session.id} without a url.`,
        );
      }
      return { ...session, url: session.url };
    },

    async getCheckoutSession(id) {
      if (!STRIPE_CHECKOUT_SESSION_ID.test(id)) {
        throw new AppError(
          'invalid_input',
          `Stripe checkout session id ${JSON.stringify(id.slice(0, 80))} is not of the form cs_test_... or cs_live_...`,
        );
      }
      const reply = await send('GET', `checkout/sessions/${id}`, {});
      return parseStripeCheckoutSession(reply.body, reply.status);
    },

    async findCheckoutSessionByPaymentIntent(paymentIntentId) {
      checkStripeId(paymentIntentId, 'pi_', 'PaymentIntent');
      const reply = await send(
        'GET',
        `checkout/sessions?payment_intent=${paymentIntentId}&limit=1`,
        {},
      );
      const data = Array.isArray(reply.body?.data) ? (reply.body.data as unknown[]) : [];
      return data.length > 0 ? parseStripeCheckoutSession(data[0], reply.status) : null;
    },

    async listRefunds(chargeId) {
      if (!/^(ch|py)_\w+$/.test(chargeId)) {
        throw new AppError(
          'invalid_input',
          `Stripe charge id ${JSON.stringify(chargeId.slice(0, 80))} is not of the form ch_... or py_...`,
        );
      }
      // NOTE: only the first page is read; a charge with more than 100 refunds misses the rest.
      const reply = await send('GET', `refunds?charge=${chargeId}&limit=${STRIPE_LIST_LIMIT}`, {});
      return parseStripeRefunds(reply.body, reply.status);
    },

    async getDispute(id) {
      checkStripeId(id, 'dp_', 'dispute');
      const reply = await send('GET', `disputes/${id}`, {});
      return parseStripeDispute(reply.body, reply.status);
    },
  };
}

/**
 * Builds the parameters of Stripe's Create Checkout Session request:
 * mode=payment and one line item with inline price_data. Throws AppError
 * invalid_input naming the field when a value cannot be sent.
 */
export function buildCheckoutSessionParameters(
  request: StripeCheckoutSessionRequest,
): Record<string, StripeFormValue> {
  const { amount: stripeAmount, currency } = convertAmount(request.amount);
  checkCheckoutSessionRequest(request);
  const productData: Record<string, StripeFormValue> = { name: request.productName };
  if (request.description) {
    productData.description = request.description;
  }

  return {
    mode: 'payment',
    line_items: [
      {
        price_data: { currency, unit_amount: stripeAmount, product_data: productData },
        quantity: 1,
      },
    ],
    success_url: request.successUrl,
    cancel_url: request.cancelUrl,
    client_reference_id: request.clientReferenceId,
    customer_email: request.customerEmail,
    metadata: request.metadata,
    payment_intent_data: { metadata: request.metadata },
    payment_method_types: request.paymentMethodTypes,
    locale: request.locale,
  };
}

function convertAmount(amount: Money): { amount: number; currency: string } {
  if (!isCurrencyCode(amount.currency)) {
    throw invalidField('amount.currency', 'must be an ISO 4217 code in capitals, such as EUR');
  }
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw invalidField('amount.minor', 'must be a positive whole number of minor units');
  }
  try {
    return toStripeAmount(amount);
  } catch (error) {
    throw new AppError('invalid_input', error instanceof Error ? error.message : String(error));
  }
}

function checkCheckoutSessionRequest(request: StripeCheckoutSessionRequest): void {
  if (request.productName.trim() === '') {
    throw invalidField('productName', 'must not be empty');
  }
  if (!isHttpUrl(request.successUrl)) {
    throw invalidField('successUrl', 'must be an absolute http or https URL');
  }
  if (!isHttpUrl(request.cancelUrl)) {
    throw invalidField('cancelUrl', 'must be an absolute http or https URL');
  }
  if (request.clientReferenceId.length === 0 || request.clientReferenceId.length > 200) {
    throw invalidField('clientReferenceId', 'must be 1 to 200 characters long');
  }
  if (request.paymentMethodTypes?.length === 0) {
    throw invalidField('paymentMethodTypes', 'must list at least one type, or be left out');
  }
  const keyProblem = checkIdempotencyKey(request.idempotencyKey);
  if (keyProblem) {
    throw new AppError('invalid_input', keyProblem);
  }
}

/** Turns an error response into a StripeApiError from Stripe's {error: {type, code, param, message}} JSON. */
function stripeErrorFromReply(reply: ProviderReply, secretKey: string): StripeApiError {
  const error = isRecord(reply.body?.error) ? reply.body.error : undefined;
  const text = (name: string) =>
    typeof error?.[name] === 'string' ? (error[name] as string) : null;
  const param = text('param');
  const detail = text('message') ?? `HTTP ${reply.status} ${reply.text.slice(0, 200)}`;
  const paramText = param ? ` (param ${param})` : '';

  return new StripeApiError(
    reply.status,
    text('type'),
    text('code'),
    param,
    redactSecret(
      `Stripe rejected the request with HTTP ${reply.status}${paramText}: ${detail}`,
      secretKey,
    ),
  );
}

function checkStripeId(id: string, prefix: string, name: string): void {
  if (!id.startsWith(prefix) || !/^[a-z]+_\w+$/.test(id)) {
    throw new AppError(
      'invalid_input',
      `Stripe ${name} id ${JSON.stringify(id.slice(0, 80))} is not of the form ${prefix}...`,
    );
  }
}

function invalidField(field: string, rule: string): AppError {
  return new AppError('invalid_input', `The Stripe checkout session's ${field} ${rule}.`);
}
