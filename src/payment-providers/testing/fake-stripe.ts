import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { STRIPE_API_VERSION } from '../stripe-client.ts';
import type { StripeDisputeStatus } from '../stripe-reversals.ts';
import { buildStripeSignatureHeader } from '../stripe-signature.ts';
import { decodeStripeForm, type DecodedFormValue } from './decode-stripe-form.ts';
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
import { newSession, renderStripeSession, type FakeStripeSession } from './fake-stripe-session.ts';
import { validateCheckoutParameters } from './fake-stripe-validation.ts';

export type { FakeStripeSession } from './fake-stripe-session.ts';

/** An event the fake recorded; `body` is the JSON that a webhook delivery posts. */
export interface FakeStripeEvent {
  id: string;
  /** Such as checkout.session.completed, charge.refunded or charge.dispute.closed. */
  type: string;
  sessionId: string;
  body: Record<string, unknown>;
}

/** A refund of a session's charge, in Stripe's units. */
export interface FakeStripeRefund {
  id: string;
  sessionId: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  created: number;
}

/** A dispute of a session's charge, in Stripe's units. */
export interface FakeStripeDispute {
  id: string;
  sessionId: string;
  amount: number;
  status: StripeDisputeStatus;
  created: number;
}

export interface FakeStripe {
  /** Address to use as the client's base URL, such as http://127.0.0.1:40123/v1. */
  baseUrl: string;
  secretKey: string;
  /** The endpoint secret ("whsec_...") that signs webhook deliveries. */
  webhookSecret: string;
  /** The webhook endpoint, as set in the Stripe Dashboard; sendWebhook posts here. */
  webhookUrl: string | null;
  sessions: FakeStripeSession[];
  /** Every event recorded so far, oldest first, each with the session as it was then. */
  events: FakeStripeEvent[];
  /** Every POST to /v1/checkout/sessions, accepted or not. */
  createRequestCount: number;
  /**
   * Completes checkout as when the payer paid, and records
   * checkout.session.completed. With `async`, the payment stays unpaid (as
   * with SEPA Debit) until settleAsyncPayment.
   */
  markPaid(id: string, options?: { async?: boolean }): FakeStripeEvent;
  /** Ends an async payment and records checkout.session.async_payment_succeeded or _failed. */
  settleAsyncPayment(id: string, succeeded: boolean): FakeStripeEvent;
  /** Expires an open session and records checkout.session.expired. */
  expire(id: string): FakeStripeEvent;
  /**
   * Refunds a paid session's charge, by default all that is not refunded
   * yet, and records charge.refunded with the Charge. The refund is
   * `succeeded` unless `status` is given, and its id is refunds.at(-1).id.
   */
  refund(
    sessionId: string,
    options?: { amountMinor?: number; status?: FakeStripeRefund['status'] },
  ): FakeStripeEvent;
  /** Opens a dispute (needs_response) on a paid session's charge and records charge.dispute.created. */
  dispute(sessionId: string, options?: { amountMinor?: number }): FakeStripeEvent;
  /** Closes a dispute as won or lost and records charge.dispute.closed. */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): FakeStripeEvent;
  refunds: FakeStripeRefund[];
  disputes: FakeStripeDispute[];
  /**
   * Posts a recorded event as Stripe does: JSON with a Stripe-Signature
   * header, to `url` or webhookUrl. `secret` signs with another secret and
   * `timestamp` (Unix seconds) sets t=, for tests of rejected signatures.
   * Call it twice for a duplicate, or in any order. Returns the HTTP status of the reply.
   */
  sendWebhook(
    eventId: string,
    options?: { url?: string; secret?: string; timestamp?: number },
  ): Promise<number>;
  /** Makes the fake wait this long before its next reply, after it has done the work. */
  delayNextResponse(milliseconds: number): void;
  close(): Promise<void>;
}

/**
 * Starts a fake of Stripe's Checkout Sessions API on 127.0.0.1 at a free
 * port, for tests. It speaks Stripe's protocol for POST /v1/checkout/sessions,
 * GET /v1/checkout/sessions/:id, GET /v1/checkout/sessions?payment_intent=,
 * GET /v1/refunds?charge= and GET /v1/disputes/:id: Bearer or Basic secret key,
 * form-encoded bodies with bracketed keys, JSON responses, and Stripe's error
 * JSON {error: {type, code, param, message}} with 401 for a wrong key (whose
 * message shows the masked key, as Stripe's does), 404 for an unknown
 * session and 400 for an invalid parameter. An Idempotency-Key with the same
 * parameters returns the stored response again; with other parameters it
 * gives Stripe's idempotency_error.
 */
export async function startFakeStripe(
  options: { secretKey?: string; webhookSecret?: string } = {},
): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(16).toString('hex')}`;
  const sessions: FakeStripeSession[] = [];
  const events: FakeStripeEvent[] = [];
  const refunds: FakeStripeRefund[] = [];
  const disputes: FakeStripeDispute[] = [];
  const idempotency = new IdempotencyStore();
  const delays = new ResponseDelays();
  let createRequestCount = 0;
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendStripeError(response, 500, { type: 'api_error', message: String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const path = new URL(request.url ?? '/', origin).pathname;
    const payPage = /^\/c\/pay\/(cs_\w+)$/.exec(path);
    if (request.method === 'GET' && payPage) {
      return sendPayPage(response, findSession(payPage[1] ?? ''));
    }
    if (request.method === 'POST' && path === '/v1/checkout/sessions') {
      createRequestCount += 1;
    }
    const authProblem = checkAuthorization(request.headers.authorization, secretKey);
    if (authProblem) {
      return sendStripeError(response, 401, {
        type: 'invalid_request_error',
        message: authProblem,
      });
    }
    const sessionPath = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    const query = new URL(request.url ?? '/', origin).searchParams;
    if (request.method === 'GET' && path === '/v1/checkout/sessions') {
      const paymentIntent = query.get('payment_intent');
      const found = sessions.filter(
        (session) => paymentIntent === null || session.paymentIntent === paymentIntent,
      );
      await delays.wait();
      return sendJson(response, 200, renderList('/v1/checkout/sessions', found.map(renderSession)));
    }
    if (request.method === 'GET' && path === '/v1/refunds') {
      const charge = query.get('charge');
      const found = refunds.filter(
        (refund) => charge === null || findSession(refund.sessionId)?.chargeId === charge,
      );
      await delays.wait();
      return sendJson(response, 200, renderList('/v1/refunds', found.map(renderRefund)));
    }
    const disputePath = /^\/v1\/disputes\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && disputePath) {
      const dispute = disputes.find((candidate) => candidate.id === disputePath[1]);
      if (!dispute) {
        return sendStripeError(response, 404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'dispute',
          message: `No such dispute: '${disputePath[1]}'`,
        });
      }
      await delays.wait();
      return sendJson(response, 200, renderDispute(dispute));
    }
    if (request.method === 'POST' && path === '/v1/checkout/sessions') {
      return createSession(request, response, body);
    }
    if (request.method === 'GET' && sessionPath) {
      const session = findSession(sessionPath[1] ?? '');
      if (!session) {
        return sendStripeError(response, 404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          param: 'session',
          message: `No such checkout.session: '${sessionPath[1]}'`,
        });
      }
      await delays.wait();
      return sendJson(response, 200, renderSession(session));
    }
    sendStripeError(response, 404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${request.method}: ${path}).`,
    });
  }

  async function createSession(
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
  ): Promise<void> {
    const key = headerValue(request, 'idempotency-key');
    const previous = key ? idempotency.check(key, body) : { kind: 'new' as const };
    if (previous.kind === 'replay') {
      await delays.wait();
      return sendJson(response, previous.response.status, previous.response.body, {
        'idempotent-replayed': 'true',
      });
    }
    if (previous.kind === 'mismatch') {
      return sendStripeError(response, 400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    let input: Record<string, DecodedFormValue>;
    try {
      input = decodeStripeForm(body);
    } catch (error) {
      return sendStripeError(response, 400, {
        type: 'invalid_request_error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
    const problem = validateCheckoutParameters(input);
    if (problem) {
      return sendStripeError(response, 400, { type: 'invalid_request_error', ...problem });
    }

    const session = newSession(input);
    sessions.push(session);
    const rendered = renderSession(session);
    if (key) {
      idempotency.save(key, body, { status: 200, body: rendered });
    }
    await delays.wait();
    sendJson(response, 200, rendered);
  }

  function findSession(id: string): FakeStripeSession | undefined {
    return sessions.find((session) => session.id === id);
  }

  function requireSession(id: string): FakeStripeSession {
    const session = findSession(id);
    if (!session) {
      throw new Error(`The fake Stripe has no checkout session ${id}.`);
    }
    return session;
  }

  function renderSession(session: FakeStripeSession): Record<string, unknown> {
    return renderStripeSession(session, origin);
  }

  function requirePaidSession(id: string): FakeStripeSession & { chargeId: string } {
    const session = requireSession(id);
    if (session.paymentStatus !== 'paid' || !session.chargeId) {
      throw new Error(
        `Checkout session ${id} is not paid, so it has no charge to refund or dispute.`,
      );
    }
    return { ...session, chargeId: session.chargeId };
  }

  function renderRefund(refund: FakeStripeRefund): Record<string, unknown> {
    const session = requireSession(refund.sessionId);
    return {
      id: refund.id,
      object: 'refund',
      amount: refund.amount,
      charge: session.chargeId,
      created: refund.created,
      currency: session.currency,
      metadata: {},
      payment_intent: session.paymentIntent,
      reason: null,
      status: refund.status,
    };
  }

  function renderDispute(dispute: FakeStripeDispute): Record<string, unknown> {
    const session = requireSession(dispute.sessionId);
    return {
      id: dispute.id,
      object: 'dispute',
      amount: dispute.amount,
      charge: session.chargeId,
      created: dispute.created,
      currency: session.currency,
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: session.paymentIntent,
      reason: 'fraudulent',
      status: dispute.status,
    };
  }

  /** Renders the session's charge as Stripe's Charge object, with what is refunded so far. */
  function renderCharge(session: FakeStripeSession): Record<string, unknown> {
    const refunded = refunds
      .filter(
        (refund) =>
          refund.sessionId === session.id &&
          refund.status !== 'failed' &&
          refund.status !== 'canceled',
      )
      .reduce((sum, refund) => sum + refund.amount, 0);
    return {
      id: session.chargeId,
      object: 'charge',
      amount: session.amountTotal,
      amount_captured: session.amountTotal,
      amount_refunded: refunded,
      captured: true,
      created: session.created,
      currency: session.currency,
      disputed: disputes.some((dispute) => dispute.sessionId === session.id),
      paid: true,
      payment_intent: session.paymentIntent,
      refunded: refunded >= session.amountTotal,
      status: 'succeeded',
    };
  }

  /** Records an event with a copy of the session as it is now. */
  function recordEvent(
    session: FakeStripeSession,
    type: string,
    object?: unknown,
  ): FakeStripeEvent {
    const id = `evt_${randomBytes(12).toString('hex')}`;
    const event: FakeStripeEvent = {
      id,
      type,
      sessionId: session.id,
      body: {
        id,
        object: 'event',
        api_version: STRIPE_API_VERSION,
        created: Math.floor(Date.now() / 1000),
        data: { object: object ?? renderSession(session) },
        livemode: secretKey.includes('_live_'),
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      },
    };
    events.push(event);
    return event;
  }

  origin = await listenOnLocalhost(server);

  const fake: FakeStripe = {
    baseUrl: `${origin}/v1`,
    secretKey,
    webhookSecret: options.webhookSecret ?? `whsec_${randomBytes(16).toString('hex')}`,
    webhookUrl: null,
    sessions,
    events,
    refunds,
    disputes,
    get createRequestCount() {
      return createRequestCount;
    },
    markPaid(id, paidOptions = {}) {
      const session = requireSession(id);
      if (session.status !== 'open') {
        throw new Error(
          `Checkout session ${id} is ${session.status}; only an open session can be paid.`,
        );
      }
      session.status = 'complete';
      session.paymentStatus = paidOptions.async ? 'unpaid' : 'paid';
      session.paymentIntent = `pi_${randomBytes(12).toString('hex')}`;
      session.chargeId = paidOptions.async ? null : `ch_${randomBytes(12).toString('hex')}`;
      return recordEvent(session, 'checkout.session.completed');
    },
    settleAsyncPayment(id, succeeded) {
      const session = requireSession(id);
      if (session.status !== 'complete' || session.paymentStatus !== 'unpaid') {
        throw new Error(`Checkout session ${id} has no async payment that is still unpaid.`);
      }
      session.paymentStatus = succeeded ? 'paid' : 'unpaid';
      session.chargeId = succeeded ? `ch_${randomBytes(12).toString('hex')}` : null;
      return recordEvent(
        session,
        succeeded
          ? 'checkout.session.async_payment_succeeded'
          : 'checkout.session.async_payment_failed',
      );
    },
    expire(id) {
      const session = requireSession(id);
      if (session.status !== 'open') {
        throw new Error(
          `Checkout session ${id} is ${session.status}; only an open session can expire.`,
        );
      }
      session.status = 'expired';
      return recordEvent(session, 'checkout.session.expired');
    },
    refund(sessionId, refundOptions = {}) {
      const session = requirePaidSession(sessionId);
      const refunded = refunds
        .filter(
          (refund) =>
            refund.sessionId === sessionId &&
            refund.status !== 'failed' &&
            refund.status !== 'canceled',
        )
        .reduce((sum, refund) => sum + refund.amount, 0);
      const amount = refundOptions.amountMinor ?? session.amountTotal - refunded;
      if (amount <= 0 || refunded + amount > session.amountTotal) {
        throw new Error(`Checkout session ${sessionId} cannot be refunded ${amount} more.`);
      }
      refunds.push({
        id: `re_${randomBytes(12).toString('hex')}`,
        sessionId,
        amount,
        status: refundOptions.status ?? 'succeeded',
        created: Math.floor(Date.now() / 1000),
      });
      const current = requireSession(sessionId);
      return recordEvent(current, 'charge.refunded', renderCharge(current));
    },
    dispute(sessionId, disputeOptions = {}) {
      const session = requirePaidSession(sessionId);
      const dispute: FakeStripeDispute = {
        id: `dp_${randomBytes(12).toString('hex')}`,
        sessionId,
        amount: disputeOptions.amountMinor ?? session.amountTotal,
        status: 'needs_response',
        created: Math.floor(Date.now() / 1000),
      };
      disputes.push(dispute);
      return recordEvent(
        requireSession(sessionId),
        'charge.dispute.created',
        renderDispute(dispute),
      );
    },
    closeDispute(disputeId, outcome) {
      const dispute = disputes.find((candidate) => candidate.id === disputeId);
      if (!dispute) {
        throw new Error(`The fake Stripe has no dispute ${disputeId}.`);
      }
      dispute.status = outcome;
      return recordEvent(
        requireSession(dispute.sessionId),
        'charge.dispute.closed',
        renderDispute(dispute),
      );
    },
    async sendWebhook(eventId, webhookOptions = {}) {
      const event = events.find((candidate) => candidate.id === eventId);
      if (!event) {
        throw new Error(`The fake Stripe has no event ${eventId}.`);
      }
      const url = webhookOptions.url ?? fake.webhookUrl;
      if (!url) {
        throw new Error(
          'Set webhookUrl on the fake Stripe, or pass url, before sending a webhook.',
        );
      }
      const payload = JSON.stringify(event.body, null, 2);
      const timestamp = webhookOptions.timestamp ?? Math.floor(Date.now() / 1000);
      const secret = webhookOptions.secret ?? fake.webhookSecret;

      return postToLocalhost(url, {
        body: payload,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': buildStripeSignatureHeader(secret, timestamp, payload),
        },
      });
    },
    delayNextResponse: (milliseconds) => delays.add(milliseconds),
    close: () => closeServer(server),
  };
  return fake;
}

/**
 * Returns null for a correct key, or Stripe's 401 message. Stripe accepts the
 * key as a Bearer token or as the user name of Basic auth, and shows a wrong
 * key masked except for its last four characters.
 */
function checkAuthorization(header: string | undefined, secretKey: string): string | null {
  if (!header) {
    return "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
  }
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  const basic = /^Basic (.+)$/.exec(header)?.[1];
  const given =
    bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : '');
  if (given === secretKey) {
    return null;
  }
  const key = given ?? '';
  const prefix = /^[rs]k_(test|live)_/.exec(key)?.[0] ?? '';
  const masked = `${prefix}${'*'.repeat(Math.max(key.length - prefix.length - 4, 0))}${key.slice(-4)}`;

  return `Invalid API Key provided: ${masked}`;
}

function renderList(url: string, data: unknown[]): Record<string, unknown> {
  return { object: 'list', data, has_more: false, url };
}

function sendPayPage(response: ServerResponse, session: FakeStripeSession | undefined): void {
  response.writeHead(session ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  response.end(
    session
      ? `<!doctype html><title>Fake Stripe Checkout</title><p>Pay ${session.amountTotal} ${session.currency} for ${session.productName} (${session.id})</p>`
      : '<!doctype html><title>Not found</title>',
  );
}

function sendStripeError(
  response: ServerResponse,
  status: number,
  error: { type: string; message: string; code?: string; param?: string },
): void {
  sendJson(response, status, { error });
}
