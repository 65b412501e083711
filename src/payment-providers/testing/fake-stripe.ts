import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { STRIPE_API_VERSION } from '../stripe-client.ts';
import type { StripeCheckoutEventType } from '../stripe-webhook.ts';
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
  type: StripeCheckoutEventType;
  sessionId: string;
  body: Record<string, unknown>;
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
 * port, for tests. It speaks Stripe's protocol for POST /v1/checkout/sessions
 * and GET /v1/checkout/sessions/:id: Bearer or Basic secret key,
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

  /** Records an event with a copy of the session as it is now. */
  function recordEvent(session: FakeStripeSession, type: StripeCheckoutEventType): FakeStripeEvent {
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
        data: { object: renderSession(session) },
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
      return recordEvent(session, 'checkout.session.completed');
    },
    settleAsyncPayment(id, succeeded) {
      const session = requireSession(id);
      if (session.status !== 'complete' || session.paymentStatus !== 'unpaid') {
        throw new Error(`Checkout session ${id} has no async payment that is still unpaid.`);
      }
      session.paymentStatus = succeeded ? 'paid' : 'unpaid';
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
