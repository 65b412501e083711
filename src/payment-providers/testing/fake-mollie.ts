import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { MollieRefundStatus } from '../mollie-reversals.ts';
import { parseJsonObject } from '../provider-request.ts';
import {
  closeServer,
  headerValue,
  IdempotencyStore,
  listenOnLocalhost,
  postToLocalhost,
  readBody,
  ResponseDelays,
  sendJson,
} from './fake-http.ts';
import {
  amountMinorOf,
  newPayment,
  renderMollieChargebacks,
  renderMolliePayment,
  renderMollieRefunds,
  validatePaymentInput,
  type FakeMolliePayment,
} from './fake-mollie-payment.ts';

export type {
  FakeMollieChargeback,
  FakeMolliePayment,
  FakeMollieRefund,
} from './fake-mollie-payment.ts';

export interface FakeMollie {
  /** Address to use as the client's base URL, such as http://127.0.0.1:40123/v2. */
  baseUrl: string;
  apiKey: string;
  /** Every payment created so far, in order. */
  payments: FakeMolliePayment[];
  /** Every POST to /v2/payments, accepted or not. */
  createRequestCount: number;
  /** Sets the payment to paid, as when the payer completed the payment page. */
  markPaid(id: string, options?: { method?: string; paidAt?: Date }): void;
  /** Sets an open payment to expired, as when the payer never finished. */
  expire(id: string): void;
  /** Sets an open payment to failed, as when the bank declined it. */
  fail(id: string): void;
  /**
   * Refunds a paid payment, by default all that is not refunded yet, with
   * status `refunded`. Returns the refund id ("re_..."). Call sendWebhook
   * afterwards, as Mollie calls the payment's webhookUrl.
   */
  refund(id: string, options?: { amountMinor?: number; status?: MollieRefundStatus }): string;
  /** Sets a refund's status, such as `canceled`. */
  setRefundStatus(refundId: string, status: MollieRefundStatus): void;
  /** Records a chargeback of a paid payment, by default the whole amount. Returns its id ("chb_..."). */
  chargeback(id: string, options?: { amountMinor?: number }): string;
  /**
   * Posts `id=tr_...` form-encoded to the payment's webhookUrl, or to
   * `deliverTo`, as Mollie does on a status change: without a signature.
   * Call it twice for a duplicate, or for payments in any order. Returns the
   * HTTP status of the reply.
   */
  sendWebhook(id: string, options?: { deliverTo?: string }): Promise<number>;
  /** Makes the fake wait this long before its next reply, after it has done the work. */
  delayNextResponse(milliseconds: number): void;
  close(): Promise<void>;
}

/**
 * Starts a fake of Mollie's Payments API v2 on 127.0.0.1 at a free port, for
 * tests. It speaks Mollie's protocol for POST /v2/payments, GET
 * /v2/payments/:id and GET /v2/payments/:id/refunds and /chargebacks: Bearer API key, JSON bodies, HAL JSON responses, and
 * Mollie's error JSON {status, title, detail, field, _links} with 401 for a
 * wrong key, 404 for an unknown payment and 422 for an invalid field. An
 * Idempotency-Key with the same body returns the stored response again.
 */
export async function startFakeMollie(options: { apiKey?: string } = {}): Promise<FakeMollie> {
  const apiKey = options.apiKey ?? `test_${randomBytes(15).toString('hex')}`;
  const payments: FakeMolliePayment[] = [];
  const idempotency = new IdempotencyStore();
  const delays = new ResponseDelays();
  let createRequestCount = 0;
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendMollieError(response, 500, 'Internal Server Error', String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', origin).pathname;
    const checkout = /^\/checkout\/select-method\/(tr_\w+)$/.exec(path);
    if (request.method === 'GET' && checkout) {
      return sendCheckoutPage(response, findPayment(checkout[1] ?? ''));
    }
    if (request.method === 'POST' && path === '/v2/payments') {
      createRequestCount += 1;
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return sendMollieError(
        response,
        401,
        'Unauthorized Request',
        'Missing authentication, or failed to authenticate',
        undefined,
        'https://docs.mollie.com/overview/authentication',
      );
    }
    const paymentPath = /^\/v2\/payments\/([^/]+)$/.exec(path);
    const listPath = /^\/v2\/payments\/([^/]+)\/(refunds|chargebacks)$/.exec(path);
    if (request.method === 'GET' && listPath) {
      const payment = findPayment(listPath[1] ?? '');
      if (!payment) {
        return sendMollieError(
          response,
          404,
          'Not Found',
          `No payment exists with token ${listPath[1]}.`,
        );
      }
      await delays.wait();
      return sendHal(
        response,
        200,
        listPath[2] === 'refunds'
          ? renderMollieRefunds(payment, origin)
          : renderMollieChargebacks(payment, origin),
      );
    }
    if (request.method === 'POST' && path === '/v2/payments') {
      return createPayment(request, response, body);
    }
    if (request.method === 'GET' && paymentPath) {
      const payment = findPayment(paymentPath[1] ?? '');
      if (!payment) {
        return sendMollieError(
          response,
          404,
          'Not Found',
          `No payment exists with token ${paymentPath[1]}.`,
        );
      }
      await delays.wait();
      return sendHal(response, 200, renderPayment(payment));
    }
    sendMollieError(response, 404, 'Not Found', 'The resource does not exist.');
  }

  async function createPayment(
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ): Promise<void> {
    const key = headerValue(request, 'idempotency-key');
    const previous = key ? idempotency.check(key, body) : { kind: 'new' as const };
    if (previous.kind === 'replay') {
      await delays.wait();
      return sendHal(response, previous.response.status, previous.response.body);
    }
    if (previous.kind === 'mismatch') {
      // NOTE: Mollie's idempotency documentation does not state the response to
      // a reused key with another body, so the fake returns 422 as the IETF
      // Idempotency-Key header draft recommends.
      return sendMollieError(
        response,
        422,
        'Unprocessable Entity',
        'The Idempotency-Key was already used for a request with other parameters.',
      );
    }
    const input = parseJsonObject(body);
    if (!input) {
      return sendMollieError(response, 400, 'Bad Request', 'The request body is not valid JSON.');
    }
    const problem = validatePaymentInput(input);
    if (problem) {
      return sendMollieError(response, 422, 'Unprocessable Entity', problem.detail, problem.field);
    }

    const payment = newPayment(input);
    payments.push(payment);
    const rendered = renderPayment(payment);
    if (key) {
      idempotency.save(key, body, { status: 201, body: rendered });
    }
    await delays.wait();
    sendHal(response, 201, rendered);
  }

  function findPayment(id: string): FakeMolliePayment | undefined {
    return payments.find((payment) => payment.id === id);
  }

  function requirePayment(id: string): FakeMolliePayment {
    const payment = findPayment(id);
    if (!payment) {
      throw new Error(`The fake Mollie has no payment ${id}.`);
    }
    return payment;
  }

  function requirePaid(id: string): FakeMolliePayment {
    const payment = requirePayment(id);
    if (payment.status !== 'paid') {
      throw new Error(
        `Payment ${id} is ${payment.status}; only a paid payment has refunds or chargebacks.`,
      );
    }
    return payment;
  }

  function endOpenPayment(id: string, status: 'expired' | 'failed'): void {
    const payment = requirePayment(id);
    if (payment.status !== 'open' && payment.status !== 'pending') {
      throw new Error(
        `Payment ${id} is ${payment.status}; only an open or pending payment can become ${status}.`,
      );
    }
    payment.status = status;
    payment.endedAt = new Date();
  }

  function renderPayment(payment: FakeMolliePayment): Record<string, unknown> {
    return renderMolliePayment(payment, { origin, apiKey });
  }

  origin = await listenOnLocalhost(server);

  return {
    baseUrl: `${origin}/v2`,
    apiKey,
    payments,
    get createRequestCount() {
      return createRequestCount;
    },
    markPaid(id, paidOptions = {}) {
      const payment = requirePayment(id);
      payment.status = 'paid';
      payment.paidAt = paidOptions.paidAt ?? new Date();
      payment.method =
        paidOptions.method ?? (typeof payment.method === 'string' ? payment.method : 'ideal');
    },
    expire: (id) => endOpenPayment(id, 'expired'),
    refund(id, refundOptions = {}) {
      const payment = requirePaid(id);
      const refundedMinor = payment.refunds
        .filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled')
        .reduce((sum, refund) => sum + refund.amountMinor, 0);
      const amountMinor = refundOptions.amountMinor ?? amountMinorOf(payment) - refundedMinor;
      if (amountMinor <= 0 || refundedMinor + amountMinor > amountMinorOf(payment)) {
        throw new Error(`Payment ${id} cannot be refunded ${amountMinor} minor units more.`);
      }
      const refundId = `re_${randomToken()}`;
      payment.refunds.push({
        id: refundId,
        amountMinor,
        status: refundOptions.status ?? 'refunded',
        createdAt: new Date(),
      });
      return refundId;
    },
    setRefundStatus(refundId, status) {
      const refund = payments
        .flatMap((payment) => payment.refunds)
        .find((candidate) => candidate.id === refundId);
      if (!refund) {
        throw new Error(`The fake Mollie has no refund ${refundId}.`);
      }
      refund.status = status;
    },
    chargeback(id, chargebackOptions = {}) {
      const payment = requirePaid(id);
      const chargebackId = `chb_${randomToken()}`;
      payment.chargebacks.push({
        id: chargebackId,
        amountMinor: chargebackOptions.amountMinor ?? amountMinorOf(payment),
        createdAt: new Date(),
        reversedAt: null,
      });
      return chargebackId;
    },
    fail: (id) => endOpenPayment(id, 'failed'),
    async sendWebhook(id, webhookOptions = {}) {
      const payment = requirePayment(id);
      const target = webhookOptions.deliverTo ?? payment.webhookUrl;
      if (!target) {
        throw new Error(`Payment ${id} has no webhookUrl.`);
      }
      return postToLocalhost(target, {
        body: new URLSearchParams({ id }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
    delayNextResponse: (milliseconds) => delays.add(milliseconds),
    close: () => closeServer(server),
  };
}

function randomToken(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, 'x');
}

function sendCheckoutPage(response: ServerResponse, payment: FakeMolliePayment | undefined): void {
  response.writeHead(payment ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  response.end(
    payment
      ? `<!doctype html><title>Fake Mollie checkout</title><p>Pay ${payment.amount.currency} ${payment.amount.value} for ${payment.id}</p>`
      : '<!doctype html><title>Not found</title>',
  );
}

function sendHal(response: ServerResponse, status: number, body: unknown): void {
  sendJson(response, status, body, { 'content-type': 'application/hal+json' });
}

function sendMollieError(
  response: ServerResponse,
  status: number,
  title: string,
  detail: string,
  field?: string,
  documentation = 'https://docs.mollie.com/overview/handling-errors',
): void {
  sendHal(response, status, {
    status,
    title,
    detail,
    ...(field ? { field } : {}),
    _links: { documentation: { href: documentation, type: 'text/html' } },
  });
}
