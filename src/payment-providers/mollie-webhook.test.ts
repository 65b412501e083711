import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { parseMollieWebhook } from './mollie-webhook.ts';

describe('parseMollieWebhook', () => {
  it('reads the id from a form body', () => {
    expect(parseMollieWebhook('id=tr_WDqYK6vllg')).toEqual({ paymentId: 'tr_WDqYK6vllg' });
  });

  it('reads URLSearchParams and parsed forms', () => {
    expect(parseMollieWebhook(new URLSearchParams({ id: 'tr_abc123' })).paymentId).toBe(
      'tr_abc123',
    );
    expect(parseMollieWebhook({ id: 'tr_abc123' }).paymentId).toBe('tr_abc123');
  });

  it.each([
    ['an order id', 'id=ord_kEn1PlbGa'],
    ['a bare prefix', 'id=tr_'],
    ['a path', 'id=tr_abc%2F..%2Fmethods'],
    ['a space', 'id=tr_abc%20def'],
    ['an overlong id', `id=tr_${'a'.repeat(65)}`],
    ['JSON instead of a form', '{"id":"tr_abc"}'],
  ])('rejects %s', (_case, body) => {
    const call = () => parseMollieWebhook(body);

    expect(call).toThrow(AppError);
    expect(call).toThrow(/tr_/);
  });

  it('rejects a body without id', () => {
    expect(() => parseMollieWebhook('payment=tr_abc')).toThrow('has no id field');
    expect(() => parseMollieWebhook({ id: 42 })).toThrow('has no id field');
  });
});
