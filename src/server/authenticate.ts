import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import { findApiKeyPrincipal } from '../access/find-api-key.ts';
import type { Principal } from '../access/principal.ts';
import { findSession, type ActiveSession } from '../auth/find-session.ts';
import { CSRF_HEADER, SESSION_COOKIE, secretsEqual } from '../auth/session-token.ts';
import { sessionCookieOptions } from './session-cookie.ts';
import './server-types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Makes every route registered in `scope` require authentication: routes
 * must declare `config.access` (registration fails without it), and each
 * request is authenticated and checked against it before the handler runs.
 */
export function requireAuthentication(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no config.access.`);
    }
  });
  scope.addHook('onRequest', authenticate);
}

/**
 * Authenticates a request by its API key (Authorization: Bearer KEY) or its
 * session cookie, then checks the route's access. A session must also send
 * its CSRF token in the x-csrf-token header on every method that may change
 * data. An API key needs none, because a browser never sends it by itself.
 * The organisation and the user or key go into the request's logger.
 */
export async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const authorization = request.headers.authorization;
  const principal = authorization
    ? await authenticateApiKey(request, authorization)
    : await authenticateSession(request, reply);

  const access = request.routeOptions.config.access;
  if (access === 'session' && !request.session) {
    throw new AppError('forbidden', 'Only a logged-in user can do this; an API key cannot.');
  }
  if (access !== undefined && access !== 'session' && access !== 'authenticated') {
    if (!principal.permissions.has(access)) {
      throw new AppError('forbidden', `This needs the permission ${access}, which you lack.`);
    }
  }

  request.principal = principal;
  const ids = { organisationId: principal.organisationId, actor: principal.actor };
  request.log = request.log.child(ids);
  reply.log = reply.log.child(ids);
}

async function authenticateApiKey(request: FastifyRequest, authorization: string) {
  const key = BEARER.exec(authorization)?.[1];
  if (!key) {
    throw new AppError('unauthenticated', 'Send the API key as "Authorization: Bearer KEY".');
  }
  const principal = await findApiKeyPrincipal(request.server.services.database, key);
  if (!principal) {
    throw new AppError('unauthenticated', 'This API key is unknown or revoked.');
  }

  return principal;
}

async function authenticateSession(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Principal> {
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

  return principalOfSession(session);
}

export function principalOfSession(session: ActiveSession): Principal {
  return {
    organisationId: session.organisationId,
    actor: session.user.id,
    permissions: new Set(session.access.permissions),
    entityIds: session.access.entityIds,
    departmentId: session.access.departmentId,
  };
}
