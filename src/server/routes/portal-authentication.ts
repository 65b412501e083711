import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { CSRF_HEADER, secretsEqual } from '../../auth/session-token.ts';
import { withOrganisation, type TenantTransaction } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import {
  findPortalSession,
  PORTAL_SESSION_COOKIE,
  PORTAL_SESSION_MINUTES,
  type PortalSession,
} from '../../portal/portal-session.ts';

/** The path the portal session cookie is sent to: the portal API only. */
export const PORTAL_API_PATH = '/api/portal';

declare module 'fastify' {
  interface FastifyRequest {
    /** The debtor's portal session, set by requirePortalSession; null elsewhere. */
    portalSession: PortalSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Returns the portal cookie's options: unreadable to scripts, sent only to
 * the portal API and never on requests from other sites, and Secure when
 * the public address is https. It expires with the server-side session.
 */
export function portalCookieOptions(config: Config): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.publicUrl.startsWith('https://'),
    path: PORTAL_API_PATH,
    maxAge: PORTAL_SESSION_MINUTES * 60,
  };
}

/**
 * Makes every route of `scope` require a portal session: the cookie must
 * name an open session, and a request that may change data must carry the
 * session's CSRF token in the x-csrf-token header. Staff sessions and API
 * keys give no access here.
 */
export function requirePortalSession(scope: FastifyInstance): void {
  scope.decorateRequest('portalSession', null);
  scope.addHook('onRequest', authenticatePortal);
}

async function authenticatePortal(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const { config, database } = request.server.services;
  const sessionToken = request.cookies[PORTAL_SESSION_COOKIE];
  const session = sessionToken
    ? await findPortalSession(database, { sessionToken, now: new Date() })
    : undefined;
  if (!session) {
    if (sessionToken) {
      reply.clearCookie(PORTAL_SESSION_COOKIE, portalCookieOptions(config));
    }
    throw new AppError(
      'unauthenticated',
      'No open portal session: open the portal link in your most recent reminder again.',
    );
  }

  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !secretsEqual(header, session.csrfToken)) {
      throw new AppError(
        'csrf_failed',
        `Missing or wrong ${CSRF_HEADER} header: send the csrfToken of GET /api/portal/session.`,
      );
    }
  }
  request.portalSession = session;
  const ids = { organisationId: session.organisationId, portalSessionId: session.id };
  request.log = request.log.child(ids);
  reply.log = reply.log.child(ids);
}

/**
 * Runs `work` in one transaction of the portal session's organisation,
 * limited by row-level security to the debtor's entity. Queries in `work`
 * must still filter on the session's debtor.
 */
export function withPortalSession<T>(
  request: FastifyRequest,
  work: (trx: TenantTransaction, session: PortalSession) => Promise<T>,
): Promise<T> {
  const session = request.portalSession;
  if (!session) {
    throw new AppError('unauthenticated', 'No open portal session.');
  }

  return withOrganisation(
    request.server.services.database,
    session.organisationId,
    (trx) => work(trx, session),
    { entityIds: [session.entityId] },
  );
}
