import { describe, expect, it } from 'vitest';
import { fromStripeAmount, stripeDecimals, toStripeAmount } from './stripe-amount.ts';

describe('toStripeAmount', () => {
  it.each([
    [
      { minor: 1250, currency: 'EUR' },
      { amount: 1250, currency: 'eur' },
    ],
    [
      { minor: 1000, currency: 'JPY' },
      { amount: 1000, currency: 'jpy' },
    ],
    [
      { minor: 5000, currency: 'KRW' },
      { amount: 5000, currency: 'krw' },
    ],
    [
      { minor: 1230, currency: 'KWD' },
      { amount: 1230, currency: 'kwd' },
    ],
    // ISO 4217 gives ISK no decimals, Stripe counts it in hundredths.
    [
      { minor: 1000, currency: 'ISK' },
      { amount: 100_000, currency: 'isk' },
    ],
    // money.ts gives MGA two decimals, Stripe takes it in whole units.
    [
      { minor: 1200, currency: 'MGA' },
      { amount: 12, currency: 'mga' },
    ],
  ])('converts %o', (money, expected) => {
    expect(toStripeAmount(money)).toEqual(expected);
  });

  it('rejects precision Stripe lacks', () => {
    expect(() => toStripeAmount({ minor: 1250, currency: 'MGA' })).toThrow(RangeError);
  });
});

describe('fromStripeAmount', () => {
  it.each([
    [1250, 'eur', { minor: 1250, currency: 'EUR' }],
    [1000, 'jpy', { minor: 1000, currency: 'JPY' }],
    [100_000, 'isk', { minor: 1000, currency: 'ISK' }],
    [12, 'mga', { minor: 1200, currency: 'MGA' }],
  ])('converts %d %s', (amount, currency, expected) => {
    expect(fromStripeAmount(amount, currency)).toEqual(expected);
  });

  it('rejects ISK hundredths', () => {
    expect(() => fromStripeAmount(150, 'isk')).toThrow(RangeError);
  });
});

describe('stripeDecimals', () => {
  it('knows zero-, two- and three-decimal currencies', () => {
    expect(stripeDecimals('jpy')).toBe(0);
    expect(stripeDecimals('EUR')).toBe(2);
    expect(stripeDecimals('BHD')).toBe(3);
  });
});
