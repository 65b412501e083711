import { describe, expect, it } from 'vitest';
import { encodeStripeForm } from './stripe-form.ts';
import { decodeStripeForm } from './testing/decode-stripe-form.ts';

describe('encodeStripeForm', () => {
  it('writes bracketed keys', () => {
    const text = encodeStripeForm({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'eur', unit_amount: 1250 }, quantity: 1 }],
      metadata: { 'invoice id': 'a&b=c' },
      payment_method_types: ['card', 'ideal'],
      locale: undefined,
    });

    expect(decodeURIComponent(text)).toBe(
      [
        'mode=payment',
        'line_items[0][price_data][currency]=eur',
        'line_items[0][price_data][unit_amount]=1250',
        'line_items[0][quantity]=1',
        'metadata[invoice+id]=a&b=c',
        'payment_method_types[0]=card',
        'payment_method_types[1]=ideal',
      ].join('&'),
    );
    expect(new URLSearchParams(text).get('metadata[invoice id]')).toBe('a&b=c');
  });

  it('round-trips through the fake decoder', () => {
    const parameters = {
      line_items: [
        { price_data: { product_data: { name: 'Invoice 1' } }, quantity: '1' },
        { quantity: '2' },
      ],
      metadata: { a: '1' },
    };

    expect(decodeStripeForm(encodeStripeForm(parameters))).toEqual(parameters);
  });
});

describe('decodeStripeForm', () => {
  it('rejects conflicting keys', () => {
    expect(() => decodeStripeForm('metadata=x&metadata[a]=1')).toThrow('nests under a plain value');
    expect(() => decodeStripeForm('mode=a&mode=b')).toThrow('Duplicate');
  });
});
