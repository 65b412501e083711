import { minorDigits, type Money } from '../money/money.ts';

/**
 * Currencies that Stripe takes in whole units ("zero-decimal"), from Stripe's
 * list of supported currencies: an amount of 1000 JPY is sent as 1000.
 */
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

/** Currencies that Stripe takes with three decimals; Stripe requires the last digit to be 0. */
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * Returns the number of decimals in Stripe's amount integers for a currency.
 * Stripe counts every other currency in hundredths, including ISK, which ISO
 * 4217 gives no decimals.
 */
export function stripeDecimals(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) {
    return 0;
  }
  return STRIPE_THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * Converts Collecta minor units (ISO 4217 digits, see money.ts) into Stripe's
 * amount integer and lower-case currency. Throws RangeError when the amount
 * has more precision than Stripe takes for the currency.
 */
export function toStripeAmount(money: Money): { amount: number; currency: string } {
  const shift = stripeDecimals(money.currency) - minorDigits(money.currency);
  const amount = shift >= 0 ? money.minor * 10 ** shift : money.minor / 10 ** -shift;
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(
      `${money.minor} minor units of ${money.currency} cannot be sent to Stripe, which counts ${money.currency} with ${stripeDecimals(money.currency)} decimals.`,
    );
  }
  return { amount, currency: money.currency.toLowerCase() };
}

/** Converts Stripe's amount integer and currency back into Collecta minor units. */
export function fromStripeAmount(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  const shift = stripeDecimals(code) - minorDigits(code);
  const minor = shift >= 0 ? amount / 10 ** shift : amount * 10 ** -shift;
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(
      `Stripe amount ${amount} ${code} has more precision than Collecta keeps for ${code}.`,
    );
  }
  return { minor, currency: code };
}
