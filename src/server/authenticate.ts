import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { findSession } from '../auth/find-session.ts';
import { CSRF_HEADER, SESSION_COOKIE, secretsEqual } from '../auth/session-token.ts';
import { sessionCookieOptions } from './session-cookie.ts';
import './server-types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates a request, as the onRequest hook of every route that needs
 * a login. It resolves the session cookie to the session and requires the
 * session's CSRF token in the x-csrf-token header on every method that may
 * change data. The organisation and user ids go into the request's logger.
 */
export async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { config, database } = request.server.services;
  const token = request.cookies[SESSION_COOKIE];
  const session = token
    ? await findSession(database, { token, ttlHours: config.sessionTtlHours })
    : undefined;
  if (!session) {
    if (token) {
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(config));
    }
    throw new AppError('unauthenticated', 'Log in first: this request has no valid session.');
  }

  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !secretsEqual(header, session.csrfToken)) {
      throw new AppError(
        'csrf_failed',
        `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of the session response.`,
      );
    }
  }

  request.session = session;
  const ids = { organisationId: session.organisationId, userId: session.user.id };
  request.log = request.log.child(ids);
  reply.log = reply.log.child(ids);
}
