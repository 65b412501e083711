import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { PaymentProviderError, StripeApiError } from './provider-error.ts';
import type { StripeCheckoutSession } from './stripe-checkout-session.ts';
import {
  buildCheckoutSessionParameters,
  createStripeClient,
  type StripeCheckoutSessionRequest,
  type StripeClient,
} from './stripe-client.ts';
import { encodeStripeForm } from './stripe-form.ts';
import { readStripeWebhook, type StripeWebhookEvent } from './stripe-webhook.ts';
import { startFakeStripe, type FakeStripe } from './testing/fake-stripe.ts';
import { startWebhookReceiver, type WebhookReceiver } from './testing/start-webhook-receiver.ts';

let stripe: FakeStripe;
let client: StripeClient;
let keyCounter = 0;

beforeAll(async () => {
  stripe = await startFakeStripe();
  client = createStripeClient({ secretKey: stripe.secretKey, baseUrl: stripe.baseUrl });
});

afterAll(async () => {
  await stripe?.close();
});

function sessionRequest(
  overrides: Partial<StripeCheckoutSessionRequest> = {},
): StripeCheckoutSessionRequest {
  keyCounter += 1;
  return {
    amount: { minor: 1250, currency: 'EUR' },
    productName: 'Invoice 2024-0012',
    successUrl: 'https://collecta.example.test/pay/done?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://collecta.example.test/pay/cancelled',
    metadata: { paymentLinkId: `link-${keyCounter}`, invoiceId: 'inv-7' },
    clientReferenceId: `link-${keyCounter}`,
    idempotencyKey: `payment-link-${keyCounter}-${Date.now()}`,
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

function storedSession(id: string) {
  return stripe.sessions.find((session) => session.id === id);
}

describe('createCheckoutSession', () => {
  it('creates a payment session with one line item', async () => {
    const session = await client.createCheckoutSession(
      sessionRequest({
        customerEmail: 'debtor@example.test',
        paymentMethodTypes: ['card', 'ideal'],
        description: 'Open amount of invoice 2024-0012',
        locale: 'nl',
      }),
    );
    const stored = storedSession(session.id);

    expect(session.id).toMatch(/^cs_test_\w+$/);
    expect(session.status).toBe('open');
    expect(session.paymentStatus).toBe('unpaid');
    expect(session.amountTotal).toEqual({ minor: 1250, currency: 'EUR' });
    expect(session.paymentIntentId).toBeNull();
    expect(stored?.currency).toBe('eur');
    expect(stored?.amountTotal).toBe(1250);
    expect(stored?.productName).toBe('Invoice 2024-0012');
    expect(stored?.customerEmail).toBe('debtor@example.test');
    expect(stored?.paymentMethodTypes).toEqual(['card', 'ideal']);
    expect(stored?.paymentIntentMetadata).toEqual(stored?.metadata);
    expect(session.clientReferenceId).toBe(stored?.clientReferenceId);
    expect(session.metadata.invoiceId).toBe('inv-7');
  });

  it('sends JPY as a zero-decimal amount', async () => {
    const session = await client.createCheckoutSession(
      sessionRequest({ amount: { minor: 1000, currency: 'JPY' } }),
    );

    expect(storedSession(session.id)?.amountTotal).toBe(1000);
    expect(storedSession(session.id)?.currency).toBe('jpy');
    expect(session.amountTotal).toEqual({ minor: 1000, currency: 'JPY' });
  });

  it('returns a url that opens', async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    const page = await fetch(session.url);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain(session.id);
  });

  it('reuses the session for a key', async () => {
    const request = sessionRequest();
    const before = stripe.sessions.length;
    const first = await client.createCheckoutSession(request);
    const second = await client.createCheckoutSession(request);

    expect(second.id).toBe(first.id);
    expect(stripe.sessions.length).toBe(before + 1);
  });

  it('rejects a key with other parameters', async () => {
    const request = sessionRequest();
    await client.createCheckoutSession(request);
    const error = await caught(
      client.createCheckoutSession({ ...request, amount: { minor: 9999, currency: 'EUR' } }),
    );

    expect(error).toBeInstanceOf(StripeApiError);
    expect((error as StripeApiError).httpStatus).toBe(400);
    expect((error as StripeApiError).type).toBe('idempotency_error');
  });

  it('retries a timed-out create once', async () => {
    const impatient = createStripeClient({
      secretKey: stripe.secretKey,
      baseUrl: stripe.baseUrl,
      timeoutMs: 1_000,
    });
    const request = sessionRequest();
    const before = stripe.sessions.length;
    stripe.delayNextResponse(3_000);
    const error = await caught(impatient.createCheckoutSession(request));

    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as PaymentProviderError).httpStatus).toBeNull();
    expect((error as PaymentProviderError).message).toContain('timed out after 1000 ms');
    expect(stripe.sessions.length).toBe(before + 1);

    const retried = await client.createCheckoutSession(request);
    expect(retried.id).toBe(stripe.sessions.at(-1)?.id);
    expect(stripe.sessions.length).toBe(before + 1);
  });

  it('hides a wrong key on 401', async () => {
    const wrongKey = 'sk_test_WrongKeyWrongKeyWrong9876';
    const stranger = createStripeClient({ secretKey: wrongKey, baseUrl: stripe.baseUrl });
    const error = await caught(stranger.createCheckoutSession(sessionRequest()));

    expect(error).toBeInstanceOf(StripeApiError);
    const apiError = error as StripeApiError;
    expect(apiError.httpStatus).toBe(401);
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.message).toContain('Invalid API Key provided: [redacted]');
    expect(apiError.message).not.toContain(wrongKey);
    expect(apiError.message).not.toContain('9876');
    expect(apiError.message).not.toContain(stripe.secretKey);
  });

  it('reports the param Stripe rejects', async () => {
    const error = await caught(client.createCheckoutSession(sessionRequest({ locale: 'xx' })));

    expect(error).toBeInstanceOf(StripeApiError);
    expect((error as StripeApiError).httpStatus).toBe(400);
    expect((error as StripeApiError).param).toBe('locale');
    expect((error as StripeApiError).code).toBe('parameter_invalid_string');
  });

  it('rejects invalid input before sending', async () => {
    const before = stripe.createRequestCount;
    const negative = await caught(
      client.createCheckoutSession(sessionRequest({ amount: { minor: -5, currency: 'EUR' } })),
    );
    const noName = await caught(client.createCheckoutSession(sessionRequest({ productName: ' ' })));
    const badUrl = await caught(
      client.createCheckoutSession(sessionRequest({ cancelUrl: '/cancel' })),
    );

    expect(negative).toBeInstanceOf(AppError);
    expect((negative as AppError).message).toContain('amount.minor');
    expect((noName as AppError).message).toContain('productName');
    expect((badUrl as AppError).message).toContain('cancelUrl');
    expect(stripe.createRequestCount).toBe(before);
  });

  it('rejects a key that is no secret key', () => {
    expect(() => createStripeClient({ secretKey: 'pk_test_abc' })).toThrow(AppError);
  });
});

describe('buildCheckoutSessionParameters', () => {
  it('omits payment_method_types for automatic', () => {
    const form = new URLSearchParams(
      encodeStripeForm(buildCheckoutSessionParameters(sessionRequest())),
    );

    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][currency]')).toBe('eur');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('1250');
    expect(form.get('line_items[0][price_data][product_data][name]')).toBe('Invoice 2024-0012');
    expect(form.get('line_items[0][quantity]')).toBe('1');
    expect(form.get('metadata[invoiceId]')).toBe('inv-7');
    expect(form.get('payment_intent_data[metadata][invoiceId]')).toBe('inv-7');
    expect([...form.keys()].some((key) => key.startsWith('payment_method_types'))).toBe(false);
    expect(form.has('customer_email')).toBe(false);
  });
});

describe('getCheckoutSession', () => {
  it('throws 404 for an unknown session', async () => {
    const error = await caught(client.getCheckoutSession('cs_test_doesNotExist'));

    expect(error).toBeInstanceOf(StripeApiError);
    expect((error as StripeApiError).httpStatus).toBe(404);
    expect((error as StripeApiError).code).toBe('resource_missing');
  });

  it('rejects an id of the wrong shape', async () => {
    const error = await caught(client.getCheckoutSession('pi_123'));

    expect(error).toBeInstanceOf(AppError);
  });
});

describe('fake Stripe', () => {
  it('answers missing line items with 400', async () => {
    const response = await fetch(`${stripe.baseUrl}/checkout/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'mode=payment&success_url=https%3A%2F%2Fexample.test%2F',
    });
    const body = (await response.json()) as { error: Record<string, unknown> };

    expect(response.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.param).toBe('line_items');
    expect(body.error.message).toBe('Missing required param: line_items.');
  });

  it('rejects an unknown parameter', async () => {
    const form = `${encodeStripeForm(buildCheckoutSessionParameters(sessionRequest()))}&amount=5`;
    const response = await fetch(`${stripe.baseUrl}/checkout/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stripe.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
    const body = (await response.json()) as { error: Record<string, unknown> };

    expect(response.status).toBe(400);
    expect(body.error.message).toBe('Received unknown parameter: amount');
  });
});

describe('checkout flow with webhooks', () => {
  let receiver: WebhookReceiver;
  const processed: { event: StripeWebhookEvent; current: StripeCheckoutSession | null }[] = [];
  const seenEventIds = new Set<string>();

  beforeAll(async () => {
    receiver = await startWebhookReceiver(async (request) => {
      const event = readStripeWebhook({
        rawBody: request.rawBody,
        signatureHeader: request.headers['stripe-signature'] as string | undefined,
        endpointSecret: stripe.webhookSecret,
      });
      if (seenEventIds.has(event.id)) {
        return 200;
      }
      seenEventIds.add(event.id);
      const current =
        event.kind === 'checkout_session'
          ? await client.getCheckoutSession(event.session.id)
          : null;
      processed.push({ event, current });
      return 200;
    });
    stripe.webhookUrl = receiver.url;
  });

  afterEach(() => {
    processed.length = 0;
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('reports paid after a webhook', async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    expect((await fetch(session.url)).status).toBe(200);
    const event = stripe.markPaid(session.id);

    expect(await stripe.sendWebhook(event.id)).toBe(200);
    expect(processed).toHaveLength(1);
    const delivered = processed[0]?.event;
    expect(delivered?.kind).toBe('checkout_session');
    expect(delivered?.type).toBe('checkout.session.completed');
    expect(delivered?.kind === 'checkout_session' && delivered.session.paymentStatus).toBe('paid');
    const current = processed[0]?.current;
    expect(current?.paymentStatus).toBe('paid');
    expect(current?.status).toBe('complete');
    expect(current?.paymentIntentId).toMatch(/^pi_/);
    expect(current?.url).toBeNull();
    expect(current?.metadata).toEqual(session.metadata);
  });

  it('handles async events out of order', async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    const completed = stripe.markPaid(session.id, { async: true });
    const succeeded = stripe.settleAsyncPayment(session.id, true);

    await stripe.sendWebhook(succeeded.id);
    await stripe.sendWebhook(completed.id);
    await stripe.sendWebhook(completed.id);

    expect(receiver.received.slice(-3)).toHaveLength(3);
    expect(processed.map((entry) => entry.event.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
    const late = processed[1]?.event;
    expect(late?.kind === 'checkout_session' && late.session.paymentStatus).toBe('unpaid');
    expect(processed.map((entry) => entry.current?.paymentStatus)).toEqual(['paid', 'paid']);
  });

  it('reports a failed async payment', async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    stripe.markPaid(session.id, { async: true });
    const failed = stripe.settleAsyncPayment(session.id, false);
    await stripe.sendWebhook(failed.id);

    expect(processed[0]?.event.type).toBe('checkout.session.async_payment_failed');
    expect(processed[0]?.current?.paymentStatus).toBe('unpaid');
  });

  it('reports an expired session', async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    const expired = stripe.expire(session.id);
    await stripe.sendWebhook(expired.id);

    expect(processed[0]?.event.type).toBe('checkout.session.expired');
    expect(processed[0]?.current?.status).toBe('expired');
  });

  it("rejects another secret's webhook", async () => {
    const session = await client.createCheckoutSession(sessionRequest());
    const event = stripe.markPaid(session.id);
    const status = await stripe.sendWebhook(event.id, { secret: 'whsec_someoneElse' });

    expect(status).toBe(500);
    expect(processed).toHaveLength(0);
  });
});
