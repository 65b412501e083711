import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (TOTP, RFC 6238) over HOTP (RFC 4226), as
 * authenticator apps compute them: HMAC-SHA-1, 6 digits, 30-second steps
 * counted from the Unix epoch. Secrets travel as RFC 4648 base32 without
 * padding, the form that otpauth:// URLs carry.
 */

/** Seconds per TOTP time step. */
export const TOTP_STEP_SECONDS = 30;

/** Digits of a TOTP code. */
export const TOTP_DIGITS = 6;

/** Time steps accepted before and after the current one, for clock drift between phone and server. */
export const TOTP_WINDOW_STEPS = 1;

/** Issuer shown in authenticator apps. */
export const TOTP_ISSUER = 'Collecta';

/** Secret length in bytes: 160 bits, the HMAC-SHA-1 output size that RFC 4226 recommends. */
const SECRET_BYTES = 20;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** Encodes bytes as RFC 4648 base32 without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  }

  return output;
}

/**
 * Decodes RFC 4648 base32, ignoring case, spaces and padding, as users type
 * a secret by hand. Throws on any other character.
 */
export function decodeBase32(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of clean) {
    const value = BASE32_ALPHABET.indexOf(character);
    if (value < 0) {
      throw new Error(`Invalid base32 character "${character}".`);
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }

  return Buffer.from(bytes);
}

/** Creates a random TOTP secret, base32-encoded (32 characters). */
export function createTotpSecret(): string {
  return encodeBase32(randomBytes(SECRET_BYTES));
}

/** Computes the HOTP code of `counter` (RFC 4226 section 5.3, dynamic truncation). */
export function computeHotp(
  key: Uint8Array,
  counter: number,
  options: { digits?: number; algorithm?: TotpAlgorithm } = {},
): string {
  const digits = options.digits ?? TOTP_DIGITS;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac(options.algorithm ?? 'sha1', key)
    .update(message)
    .digest();

  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;

  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** Returns the TOTP time step of a moment given in milliseconds since the Unix epoch. */
export function totpStepAt(timeMilliseconds: number): number {
  return Math.floor(timeMilliseconds / 1000 / TOTP_STEP_SECONDS);
}

/** Computes the TOTP code at a moment given in milliseconds since the Unix epoch. */
export function computeTotp(
  key: Uint8Array,
  timeMilliseconds: number,
  options: { digits?: number; algorithm?: TotpAlgorithm } = {},
): string {
  return computeHotp(key, totpStepAt(timeMilliseconds), options);
}

/**
 * Checks a 6-digit code against a base32 secret within TOTP_WINDOW_STEPS of
 * the step at `timeMilliseconds`, and returns the matching step, or
 * undefined for a wrong code. Steps at or before `lastUsedStep` are never
 * accepted, so a code that logged in once cannot log in again.
 */
export function verifyTotp(params: {
  secret: string;
  code: string;
  timeMilliseconds: number;
  lastUsedStep: number | null;
}): number | undefined {
  const code = params.code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) {
    return undefined;
  }
  const key = decodeBase32(params.secret);
  const currentStep = totpStepAt(params.timeMilliseconds);

  let matchedStep: number | undefined;
  for (let offset = -TOTP_WINDOW_STEPS; offset <= TOTP_WINDOW_STEPS; offset += 1) {
    const step = currentStep + offset;
    const isUnused = params.lastUsedStep === null || step > params.lastUsedStep;
    // Every candidate is compared, so the time taken does not reveal which step matched.
    const matches = timingSafeEqual(Buffer.from(computeHotp(key, step)), Buffer.from(code));
    if (matches && isUnused && matchedStep === undefined) {
      matchedStep = step;
    }
  }

  return matchedStep;
}

/**
 * Builds the otpauth:// URL that authenticator apps read from a QR code
 * (Google Authenticator's Key URI format): label "Collecta:<username>",
 * issuer Collecta, SHA-1, 6 digits, 30 seconds.
 */
export function buildOtpauthUrl(params: { secret: string; username: string }): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(params.username)}`;
  const query = new URLSearchParams({
    secret: params.secret,
    issuer: TOTP_ISSUER,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });

  return `otpauth://totp/${label}?${query.toString()}`;
}
