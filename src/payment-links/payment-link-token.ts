import { createHash, createHmac, randomBytes } from 'node:crypto';

/** Path of the public payment page; the token follows it. */
export const PAY_PATH = '/pay';

/** Tokens are 32 bytes in base64url: 43 characters of letters, digits, "-" and "_". */
export const PAYMENT_LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Returns a new random token of 32 bytes, base64url-encoded. */
export function generatePaymentLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Derives the token of a message's payment link: the HMAC-SHA256 of the
 * organisation and message ids, keyed with the payment provider's secret.
 * Every rendering of the message (preview, e-mail, letter PDF) then prints the
 * same address, although only the token's hash is stored.
 */
export function deriveMessageLinkToken(
  providerSecret: string,
  params: { organisationId: string; messageId: string },
): string {
  return createHmac('sha256', providerSecret)
    .update(`collecta payment link\n${params.organisationId}\n${params.messageId}`)
    .digest('base64url');
}

/** Returns the SHA-256 of a token in hex: the only form of it that the database stores. */
export function hashPaymentLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Builds the public address of a payment link: PUBLIC_URL/pay/<token>. */
export function buildPaymentLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${PAY_PATH}/${token}`;
}
