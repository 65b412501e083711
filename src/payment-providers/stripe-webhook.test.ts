import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { buildStripeSignatureHeader } from './stripe-signature.ts';
import { parseStripeEvent, readStripeWebhook } from './stripe-webhook.ts';

const SECRET = 'whsec_webhook_test';
const NOW = new Date('2026-03-02T10:00:00Z');
const TIMESTAMP = Math.floor(NOW.getTime() / 1000);

function checkoutEvent(type: string, session: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evt_1Abc',
    object: 'event',
    api_version: '2024-10-28.acacia',
    created: TIMESTAMP,
    livemode: false,
    type,
    data: {
      object: {
        id: 'cs_test_a1B2c3',
        object: 'checkout.session',
        amount_total: 1000,
        currency: 'jpy',
        client_reference_id: 'link-9',
        metadata: { paymentLinkId: 'link-9' },
        payment_intent: 'pi_123',
        payment_status: 'paid',
        status: 'complete',
        url: null,
        ...session,
      },
    },
  });
}

function read(rawBody: string, header = buildStripeSignatureHeader(SECRET, TIMESTAMP, rawBody)) {
  return readStripeWebhook({ rawBody, signatureHeader: header, endpointSecret: SECRET, now: NOW });
}

function failure(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('readStripeWebhook', () => {
  it('returns a typed checkout event', () => {
    const event = read(checkoutEvent('checkout.session.completed'));

    expect(event.kind).toBe('checkout_session');
    expect(event.id).toBe('evt_1Abc');
    expect(event.created).toEqual(NOW);
    expect(event.livemode).toBe(false);
    if (event.kind !== 'checkout_session') {
      throw new Error('expected a checkout event');
    }
    expect(event.type).toBe('checkout.session.completed');
    expect(event.session.amountTotal).toEqual({ minor: 1000, currency: 'JPY' });
    expect(event.session.paymentStatus).toBe('paid');
    expect(event.session.paymentIntentId).toBe('pi_123');
    expect(event.session.clientReferenceId).toBe('link-9');
    expect(event.session.metadata).toEqual({ paymentLinkId: 'link-9' });
  });

  it.each([
    'checkout.session.async_payment_succeeded',
    'checkout.session.async_payment_failed',
    'checkout.session.expired',
  ])('reads %s', (type) => {
    const event = read(checkoutEvent(type));

    expect(event.kind).toBe('checkout_session');
    expect(event.type).toBe(type);
  });

  it('returns other events as other', () => {
    const event = read(checkoutEvent('payment_intent.succeeded', { id: 'pi_123' }));

    expect(event).toEqual({
      kind: 'other',
      id: 'evt_1Abc',
      type: 'payment_intent.succeeded',
      created: NOW,
      livemode: false,
    });
  });

  it('reads an expanded payment intent', () => {
    const event = read(
      checkoutEvent('checkout.session.completed', { payment_intent: { id: 'pi_9' } }),
    );

    expect(event.kind === 'checkout_session' && event.session.paymentIntentId).toBe('pi_9');
  });

  it('rejects a tampered body before parsing', () => {
    const body = checkoutEvent('checkout.session.completed');
    const header = buildStripeSignatureHeader(SECRET, TIMESTAMP, body);
    const error = failure(() =>
      read(body.replace('"amount_total":1000', '"amount_total":1'), header),
    );

    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ reason: 'no_matching_signature' });
  });

  it('rejects a signature from another secret', () => {
    const body = checkoutEvent('checkout.session.completed');
    const error = failure(() =>
      read(body, buildStripeSignatureHeader('whsec_other', TIMESTAMP, body)),
    );

    expect(error.details).toEqual({ reason: 'no_matching_signature' });
    expect(error.message).toContain('endpoint secret');
  });

  it('rejects an old signature', () => {
    const body = checkoutEvent('checkout.session.completed');
    const error = failure(() =>
      read(body, buildStripeSignatureHeader(SECRET, TIMESTAMP - 301, body)),
    );

    expect(error.details).toEqual({ reason: 'outside_tolerance' });
  });

  it('rejects a signed body that is no event', () => {
    const error = failure(() => read('{"object":"balance"}'));

    expect(error.details).toEqual({ reason: 'invalid_payload' });
  });

  it('rejects a checkout event without a session', () => {
    const body = checkoutEvent('checkout.session.completed', { payment_status: 'maybe' });
    const error = failure(() => read(body));

    expect(error.details).toEqual({ reason: 'invalid_payload' });
    expect(error.message).toContain('payment_status');
  });
});

describe('parseStripeEvent', () => {
  it('rejects text that is not JSON', () => {
    expect(() => parseStripeEvent('id=evt_1')).toThrow(AppError);
  });
});
