import type { DecodedFormValue } from './decode-stripe-form.ts';

/** An invalid_request_error as Stripe reports it. */
export interface StripeParameterProblem {
  code:
    | 'parameter_missing'
    | 'parameter_invalid_integer'
    | 'parameter_invalid_empty'
    | 'parameter_unknown'
    | 'parameter_invalid_string';
  param: string;
  message: string;
}

/** Parameters that the fake accepts at each level, because Stripe rejects unknown parameters. */
const KNOWN_PARAMETERS: Record<string, ReadonlySet<string>> = {
  '': new Set([
    'mode',
    'line_items',
    'success_url',
    'cancel_url',
    'client_reference_id',
    'customer_email',
    'metadata',
    'payment_intent_data',
    'payment_method_types',
    'locale',
    'expires_at',
  ]),
  line_item: new Set(['price_data', 'quantity']),
  price_data: new Set(['currency', 'unit_amount', 'product_data']),
  product_data: new Set(['name', 'description']),
  payment_intent_data: new Set(['metadata', 'description']),
};

/** Locales of Stripe Checkout's payment page. */
const STRIPE_LOCALES = new Set(
  'auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hr hu id it ja ko lt lv ms mt nb nl pl pt pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW'.split(
    ' ',
  ),
);

/**
 * Returns the first problem of a Create Checkout Session request as Stripe
 * reports it, or null. The fake takes mode=payment only, with price_data
 * line items, which is what Collecta sends.
 */
export function validateCheckoutParameters(
  input: Record<string, DecodedFormValue>,
): StripeParameterProblem | null {
  return (
    findUnknown(input, '', '') ??
    checkMode(input.mode) ??
    checkLineItems(input.line_items) ??
    checkUrl(input, 'success_url') ??
    checkUrl(input, 'cancel_url') ??
    checkMetadata(input.metadata, 'metadata') ??
    checkPaymentIntentData(input.payment_intent_data) ??
    checkClientReference(input.client_reference_id) ??
    checkEmail(input.customer_email) ??
    checkPaymentMethodTypes(input.payment_method_types) ??
    checkLocale(input.locale)
  );
}

function findUnknown(
  value: DecodedFormValue | undefined,
  level: string,
  prefix: string,
): StripeParameterProblem | null {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) {
    return null;
  }
  const known = KNOWN_PARAMETERS[level];
  for (const key of Object.keys(value)) {
    if (known && !known.has(key)) {
      const param = prefix ? `${prefix}[${key}]` : key;
      return { code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` };
    }
  }
  return null;
}

function checkMode(mode: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (mode === undefined) {
    return missing('mode');
  }
  if (mode !== 'payment') {
    return {
      code: 'parameter_invalid_string',
      param: 'mode',
      message: `Invalid mode: ${String(mode)}. The fake Stripe supports mode=payment only.`,
    };
  }
  return null;
}

function checkLineItems(items: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (!Array.isArray(items) || items.length === 0) {
    return missing('line_items');
  }
  for (const [index, item] of items.entries()) {
    const problem = checkLineItem(item, `line_items[${index}]`);
    if (problem) {
      return problem;
    }
  }
  return null;
}

function checkLineItem(item: DecodedFormValue, prefix: string): StripeParameterProblem | null {
  if (typeof item === 'string' || Array.isArray(item)) {
    return missing(`${prefix}[price_data]`);
  }
  const price = item.price_data;
  if (price === undefined || typeof price === 'string' || Array.isArray(price)) {
    return findUnknown(item, 'line_item', prefix) ?? missing(`${prefix}[price_data]`);
  }
  const product = price.product_data;
  const unknown =
    findUnknown(item, 'line_item', prefix) ??
    findUnknown(price, 'price_data', `${prefix}[price_data]`) ??
    findUnknown(product, 'product_data', `${prefix}[price_data][product_data]`);
  if (unknown) {
    return unknown;
  }
  const currency = price.currency;
  if (currency === undefined) {
    return missing(`${prefix}[price_data][currency]`);
  }
  if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency.toLowerCase())) {
    return invalidString(
      `${prefix}[price_data][currency]`,
      `Invalid currency: ${String(currency)}`,
    );
  }
  return (
    checkInteger(price.unit_amount, `${prefix}[price_data][unit_amount]`) ??
    checkThreeDecimalAmount(
      currency,
      price.unit_amount as string,
      `${prefix}[price_data][unit_amount]`,
    ) ??
    checkProductName(product, `${prefix}[price_data][product_data]`) ??
    checkInteger(item.quantity, `${prefix}[quantity]`)
  );
}

function checkInteger(
  value: DecodedFormValue | undefined,
  param: string,
): StripeParameterProblem | null {
  if (value === undefined) {
    return missing(param);
  }
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    return {
      code: 'parameter_invalid_integer',
      param,
      message: `Invalid integer: ${String(value)}`,
    };
  }
  return null;
}

/** Stripe takes BHD, JOD, KWD, OMR and TND with three decimals, but only amounts that end in 0. */
function checkThreeDecimalAmount(
  currency: string,
  amount: string,
  param: string,
): StripeParameterProblem | null {
  const threeDecimal = ['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(currency.toLowerCase());
  return threeDecimal && !amount.endsWith('0')
    ? invalidString(
        param,
        `Invalid amount for ${currency.toUpperCase()}: the last decimal must be 0.`,
      )
    : null;
}

function checkProductName(
  product: DecodedFormValue | undefined,
  prefix: string,
): StripeParameterProblem | null {
  if (product === undefined || typeof product === 'string' || Array.isArray(product)) {
    return missing(`${prefix}[name]`);
  }
  if (product.name === undefined) {
    return missing(`${prefix}[name]`);
  }
  return product.name === ''
    ? {
        code: 'parameter_invalid_empty',
        param: `${prefix}[name]`,
        message: 'You passed an empty string for name.',
      }
    : null;
}

function checkUrl(
  input: Record<string, DecodedFormValue>,
  param: string,
): StripeParameterProblem | null {
  const value = input[param];
  if (value === undefined) {
    return null;
  }
  try {
    const url = new URL(value as string);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? null
      : invalidString(param, 'Not a valid URL');
  } catch {
    return invalidString(param, 'Not a valid URL');
  }
}

/** Stripe metadata: at most 50 keys, keys up to 40 characters, values up to 500 characters. */
function checkMetadata(
  metadata: DecodedFormValue | undefined,
  param: string,
): StripeParameterProblem | null {
  if (metadata === undefined) {
    return null;
  }
  if (typeof metadata === 'string' || Array.isArray(metadata)) {
    return invalidString(param, 'Invalid object');
  }
  const entries = Object.entries(metadata);
  if (entries.length > 50) {
    return invalidString(param, 'Invalid metadata: metadata can have at most 50 keys.');
  }
  for (const [key, value] of entries) {
    if (key.length > 40) {
      return invalidString(
        `${param}[${key}]`,
        'Invalid metadata: keys can be at most 40 characters long.',
      );
    }
    if (typeof value !== 'string' || value.length > 500) {
      return invalidString(
        `${param}[${key}]`,
        'Invalid metadata: values must be strings of at most 500 characters.',
      );
    }
  }
  return null;
}

function checkPaymentIntentData(data: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (data === undefined) {
    return null;
  }
  if (typeof data === 'string' || Array.isArray(data)) {
    return invalidString('payment_intent_data', 'Invalid object');
  }
  return (
    findUnknown(data, 'payment_intent_data', 'payment_intent_data') ??
    checkMetadata(data.metadata, 'payment_intent_data[metadata]')
  );
}

function checkClientReference(value: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (value === undefined) {
    return null;
  }
  return typeof value !== 'string' || value.length > 200
    ? invalidString(
        'client_reference_id',
        'Invalid string: client_reference_id can be at most 200 characters long.',
      )
    : null;
}

function checkEmail(value: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (value === undefined) {
    return null;
  }
  return typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
    ? invalidString('customer_email', `Invalid email address: ${String(value)}`)
    : null;
}

function checkPaymentMethodTypes(
  value: DecodedFormValue | undefined,
): StripeParameterProblem | null {
  if (value === undefined) {
    return null;
  }
  return Array.isArray(value) &&
    value.every((type) => typeof type === 'string' && /^[a-z_]+$/.test(type))
    ? null
    : invalidString('payment_method_types', 'Invalid array');
}

function checkLocale(value: DecodedFormValue | undefined): StripeParameterProblem | null {
  if (value === undefined) {
    return null;
  }
  return typeof value === 'string' && STRIPE_LOCALES.has(value)
    ? null
    : invalidString('locale', `Invalid locale: ${String(value)}`);
}

function missing(param: string): StripeParameterProblem {
  return { code: 'parameter_missing', param, message: `Missing required param: ${param}.` };
}

function invalidString(param: string, message: string): StripeParameterProblem {
  return { code: 'parameter_invalid_string', param, message };
}
