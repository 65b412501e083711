import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the cookie that carries the session token. */
export const SESSION_COOKIE = 'collecta_session';

/** Header that must carry the session's CSRF token on every request that is not a GET. */
export const CSRF_HEADER = 'x-csrf-token';

/** Creates a random token of 32 bytes, base64url-encoded (43 characters). */
export function createRandomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a session token, hex-encoded: the only form of the token that is stored. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two secrets in constant time. Both are hashed first, so the
 * comparison takes as long for a wrong length as for a wrong character.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const givenDigest = createHash('sha256').update(given, 'utf8').digest();
  const expectedDigest = createHash('sha256').update(expected, 'utf8').digest();

  return timingSafeEqual(givenDigest, expectedDigest);
}
