import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's default tolerance between a signature's timestamp and the time of checking, in seconds. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Reason for rejecting a Stripe-Signature header. */
export type StripeSignatureFailure =
  'missing_header' | 'malformed_header' | 'no_matching_signature' | 'outside_tolerance';

export type StripeSignatureCheck =
  { valid: true; timestamp: number } | { valid: false; reason: StripeSignatureFailure };

/**
 * Computes a v1 signature of Stripe's webhook scheme: the hex HMAC-SHA256,
 * keyed with the endpoint secret ("whsec_..."), of the timestamp, a dot and
 * the raw request body.
 */
export function computeStripeSignature(
  endpointSecret: string,
  timestamp: number,
  rawBody: string | Uint8Array,
): string {
  return createHmac('sha256', endpointSecret)
    .update(`${timestamp}.`, 'utf8')
    .update(rawBody)
    .digest('hex');
}

/** Builds a Stripe-Signature header value "t=<unix seconds>,v1=<signature>". */
export function buildStripeSignatureHeader(
  endpointSecret: string,
  timestamp: number,
  rawBody: string | Uint8Array,
): string {
  return `t=${timestamp},v1=${computeStripeSignature(endpointSecret, timestamp, rawBody)}`;
}

/**
 * Checks a Stripe-Signature header ("t=...,v1=...[,v1=...]") against the raw
 * request body, as Stripe's webhook documentation describes. The header is
 * valid when any v1 signature equals the expected one (compared in constant
 * time, because Stripe lists several while an endpoint secret is being
 * rolled) and the timestamp is within `toleranceSeconds` of `now`. Stripe's
 * own libraries reject only old timestamps; this also rejects timestamps more
 * than the tolerance in the future. Other schemes, such as v0, are ignored.
 * The body must be the bytes as received: parsed and serialised again, it no
 * longer matches.
 */
export function verifyStripeSignature(params: {
  rawBody: string | Uint8Array;
  signatureHeader: string | undefined;
  endpointSecret: string;
  now?: Date;
  toleranceSeconds?: number;
}): StripeSignatureCheck {
  if (!params.signatureHeader) {
    return { valid: false, reason: 'missing_header' };
  }
  const parsed = parseSignatureHeader(params.signatureHeader);
  if (!parsed) {
    return { valid: false, reason: 'malformed_header' };
  }
  const expected = Buffer.from(
    computeStripeSignature(params.endpointSecret, parsed.timestamp, params.rawBody),
    'utf8',
  );
  const matches = parsed.signatures.some((signature) => {
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) {
    return { valid: false, reason: 'no_matching_signature' };
  }
  const nowSeconds = Math.floor((params.now ?? new Date()).getTime() / 1000);
  const tolerance = params.toleranceSeconds ?? STRIPE_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) {
    return { valid: false, reason: 'outside_tolerance' };
  }
  return { valid: true, timestamp: parsed.timestamp };
}

/** Splits the header into its timestamp and v1 signatures; null without a numeric t or any v1. */
function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    const name = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (separator > 0 && name === 't' && /^\d{1,12}$/.test(value)) {
      timestamp = Number(value);
    } else if (separator > 0 && name === 'v1' && value !== '') {
      signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}
