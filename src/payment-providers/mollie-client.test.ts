import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  createMollieClient,
  type MollieClient,
  type MolliePaymentRequest,
} from './mollie-client.ts';
import type { MolliePayment } from './mollie-payment.ts';
import { parseMollieWebhook } from './mollie-webhook.ts';
import { MollieApiError, PaymentProviderError } from './provider-error.ts';
import { startFakeMollie, type FakeMollie } from './testing/fake-mollie.ts';
import { startWebhookReceiver, type WebhookReceiver } from './testing/start-webhook-receiver.ts';

let mollie: FakeMollie;
let client: MollieClient;
let keyCounter = 0;

beforeAll(async () => {
  mollie = await startFakeMollie();
  client = createMollieClient({ apiKey: mollie.apiKey, baseUrl: mollie.baseUrl });
});

afterAll(async () => {
  await mollie?.close();
});

function paymentRequest(overrides: Partial<MolliePaymentRequest> = {}): MolliePaymentRequest {
  keyCounter += 1;
  return {
    amount: { minor: 1250, currency: 'EUR' },
    description: 'Invoice 2024-0012',
    redirectUrl: 'https://collecta.example.test/pay/done',
    webhookUrl: 'https://collecta.example.test/api/webhooks/mollie',
    metadata: { paymentLinkId: `link-${keyCounter}`, invoiceId: 'inv-7' },
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

describe('createPayment', () => {
  it('sends EUR with two decimals', async () => {
    const payment = await client.createPayment(
      paymentRequest({ method: 'ideal', locale: 'nl_NL' }),
    );
    const stored = mollie.payments.find((candidate) => candidate.id === payment.id);

    expect(payment.id).toMatch(/^tr_\w+$/);
    expect(payment.status).toBe('open');
    expect(payment.amount).toEqual({ minor: 1250, currency: 'EUR' });
    expect(stored?.amount).toEqual({ currency: 'EUR', value: '12.50' });
    expect(stored?.method).toBe('ideal');
    expect(stored?.locale).toBe('nl_NL');
    expect(stored?.webhookUrl).toBe('https://collecta.example.test/api/webhooks/mollie');
    expect(payment.metadata.invoiceId).toBe('inv-7');
  });

  it('sends JPY without decimals', async () => {
    const payment = await client.createPayment(
      paymentRequest({ amount: { minor: 1000, currency: 'JPY' } }),
    );
    const stored = mollie.payments.find((candidate) => candidate.id === payment.id);

    expect(stored?.amount).toEqual({ currency: 'JPY', value: '1000' });
    expect(payment.amount).toEqual({ minor: 1000, currency: 'JPY' });
  });

  it('sends KWD with three decimals', async () => {
    const payment = await client.createPayment(
      paymentRequest({ amount: { minor: 1234, currency: 'KWD' } }),
    );
    const stored = mollie.payments.find((candidate) => candidate.id === payment.id);

    expect(stored?.amount).toEqual({ currency: 'KWD', value: '1.234' });
  });

  it('returns a checkout URL that opens', async () => {
    const payment = await client.createPayment(paymentRequest());
    const page = await fetch(payment.checkoutUrl);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain(payment.id);
  });

  it('reuses the payment for a key', async () => {
    const request = paymentRequest();
    const before = mollie.payments.length;
    const first = await client.createPayment(request);
    const second = await client.createPayment(request);

    expect(second.id).toBe(first.id);
    expect(mollie.payments.length).toBe(before + 1);
  });

  it('rejects a key with another body', async () => {
    const request = paymentRequest();
    await client.createPayment(request);
    const error = await caught(
      client.createPayment({ ...request, amount: { minor: 9999, currency: 'EUR' } }),
    );

    expect(error).toBeInstanceOf(MollieApiError);
    expect((error as MollieApiError).httpStatus).toBe(422);
  });

  it('retries a timed-out create once', async () => {
    const impatient = createMollieClient({
      apiKey: mollie.apiKey,
      baseUrl: mollie.baseUrl,
      timeoutMs: 1_000,
    });
    const request = paymentRequest();
    const before = mollie.payments.length;
    mollie.delayNextResponse(3_000);
    const error = await caught(impatient.createPayment(request));

    expect(error).toBeInstanceOf(PaymentProviderError);
    expect((error as PaymentProviderError).httpStatus).toBeNull();
    expect((error as PaymentProviderError).message).toContain('timed out after 1000 ms');
    expect(mollie.payments.length).toBe(before + 1);

    const retried = await client.createPayment(request);
    expect(retried.id).toBe(mollie.payments.at(-1)?.id);
    expect(mollie.payments.length).toBe(before + 1);
  });

  it('hides a wrong key on 401', async () => {
    const wrongKey = 'test_WrongKeyWrongKeyWrongKey1234';
    const stranger = createMollieClient({ apiKey: wrongKey, baseUrl: mollie.baseUrl });
    const error = await caught(stranger.createPayment(paymentRequest()));

    expect(error).toBeInstanceOf(MollieApiError);
    const apiError = error as MollieApiError;
    expect(apiError.httpStatus).toBe(401);
    expect(apiError.title).toBe('Unauthorized Request');
    expect(apiError.message).not.toContain(wrongKey);
    expect(apiError.message).not.toContain(mollie.apiKey);
    expect(JSON.stringify(apiError)).not.toContain(wrongKey);
  });

  it('reports the field Mollie rejects', async () => {
    const error = await caught(client.createPayment(paymentRequest({ locale: 'xx_XX' })));

    expect(error).toBeInstanceOf(MollieApiError);
    expect((error as MollieApiError).httpStatus).toBe(422);
    expect((error as MollieApiError).field).toBe('locale');
    expect((error as MollieApiError).message).toContain('The locale is invalid');
  });

  it('rejects invalid input before sending', async () => {
    const before = mollie.createRequestCount;
    const zero = await caught(
      client.createPayment(paymentRequest({ amount: { minor: 0, currency: 'EUR' } })),
    );
    const lowerCase = await caught(
      client.createPayment(paymentRequest({ amount: { minor: 100, currency: 'eur' } })),
    );
    const noWebhook = await caught(
      client.createPayment(paymentRequest({ webhookUrl: 'collecta/webhook' })),
    );

    expect(zero).toBeInstanceOf(AppError);
    expect((zero as AppError).message).toContain('amount.minor');
    expect((lowerCase as AppError).message).toContain('amount.currency');
    expect((noWebhook as AppError).message).toContain('webhookUrl');
    expect(mollie.createRequestCount).toBe(before);
  });

  it('rejects a key without test_ or live_', () => {
    expect(() => createMollieClient({ apiKey: 'sk_test_abc' })).toThrow(AppError);
  });
});

describe('getPayment', () => {
  it('throws 404 for an unknown payment', async () => {
    const error = await caught(client.getPayment('tr_doesNotExist'));

    expect(error).toBeInstanceOf(MollieApiError);
    expect((error as MollieApiError).httpStatus).toBe(404);
  });

  it('rejects an id of the wrong shape', async () => {
    const error = await caught(client.getPayment('../methods'));

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_input');
  });
});

describe('fake Mollie', () => {
  it('answers a missing amount with 422', async () => {
    const response = await fetch(`${mollie.baseUrl}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mollie.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'x', redirectUrl: 'https://example.test/' }),
    });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(422);
    expect(body.status).toBe(422);
    expect(body.title).toBe('Unprocessable Entity');
    expect(body.field).toBe('amount');
    expect(body.detail).toBe('The amount is required for payments');
    expect(body._links).toHaveProperty('documentation.href');
  });

  it('rejects EUR without two decimals', async () => {
    const response = await fetch(`${mollie.baseUrl}/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mollie.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: { currency: 'EUR', value: '12.5' },
        description: 'x',
        redirectUrl: 'https://example.test/',
      }),
    });
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(422);
    expect(body.field).toBe('amount.value');
  });
});

describe('payment flow with webhooks', () => {
  let receiver: WebhookReceiver;
  const fetched: MolliePayment[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver(async (request) => {
      const { paymentId } = parseMollieWebhook(request.rawBody);
      fetched.push(await client.getPayment(paymentId));
      return 200;
    });
  });

  afterEach(() => {
    fetched.length = 0;
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('reports paid after a webhook', async () => {
    const payment = await client.createPayment(paymentRequest({ webhookUrl: receiver.url }));
    expect((await fetch(payment.checkoutUrl)).status).toBe(200);
    mollie.markPaid(payment.id);

    expect(await mollie.sendWebhook(payment.id)).toBe(200);
    expect(receiver.received.at(-1)?.rawBody).toBe(`id=${payment.id}`);
    expect(receiver.received.at(-1)?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(fetched).toHaveLength(1);
    const paid = fetched[0];
    expect(paid?.status).toBe('paid');
    expect(paid?.paidAt).toBeInstanceOf(Date);
    expect(paid?.amount).toEqual({ minor: 1250, currency: 'EUR' });
    expect(paid?.amountRefunded).toEqual({ minor: 0, currency: 'EUR' });
    expect(paid?.checkoutUrl).toBeNull();
    expect(paid?.metadata).toEqual(payment.metadata);
  });

  it('delivers duplicates and any order', async () => {
    const first = await client.createPayment(paymentRequest({ webhookUrl: receiver.url }));
    const second = await client.createPayment(paymentRequest({ webhookUrl: receiver.url }));
    mollie.markPaid(first.id);
    mollie.expire(second.id);

    await mollie.sendWebhook(second.id);
    await mollie.sendWebhook(first.id);
    await mollie.sendWebhook(first.id);

    expect(fetched.map((payment) => payment.id)).toEqual([second.id, first.id, first.id]);
    expect(fetched.map((payment) => payment.status)).toEqual(['expired', 'paid', 'paid']);
  });

  it('reports failed after fail', async () => {
    const payment = await client.createPayment(paymentRequest({ webhookUrl: receiver.url }));
    mollie.fail(payment.id);
    await mollie.sendWebhook(payment.id);

    expect(fetched[0]?.status).toBe('failed');
    expect(fetched[0]?.paidAt).toBeNull();
  });

  it('rejects a webhook with bad id', async () => {
    const status = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=ord_123',
    }).then((response) => response.status);

    expect(status).toBe(500);
    expect(fetched).toHaveLength(0);
  });
});
