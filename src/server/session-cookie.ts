import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../config.ts';

/**
 * Returns the session cookie's options: unreadable to scripts, not sent on cross-site
 * sub-requests, and Secure when the public address is https. It has no
 * Max-Age, so the browser drops it when closed; the server enforces expiry.
 */
export function sessionCookieOptions(config: Config): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    path: '/',
  };
}
