import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { ActiveSession } from '../auth/find-session.ts';
import type { Principal } from '../access/principal.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import './server-types.ts';

/** Returns who makes the request; throws unauthenticated on a route without authentication. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new AppError('unauthenticated', 'Log in first: this request has no valid session.');
  }

  return request.principal;
}

/** Returns the request's session; throws when the caller is not a logged-in user. */
export function requireSession(request: FastifyRequest): ActiveSession {
  if (!request.session) {
    throw new AppError('unauthenticated', 'Log in first: this request has no valid session.');
  }

  return request.session;
}

/**
 * Runs `work` in one tenant transaction of the request's organisation,
 * limited to the entities of the caller: row-level security hides every
 * other organisation's rows and the rows of entities outside the caller's
 * scope.
 */
export function withTenant<T>(
  request: FastifyRequest,
  work: (trx: TenantTransaction, principal: Principal) => Promise<T>,
): Promise<T> {
  const principal = requirePrincipal(request);

  return withOrganisation(
    request.server.services.database,
    principal.organisationId,
    (trx) => work(trx, principal),
    { entityIds: principal.entityIds },
  );
}

/** Returns who acts, for the audit log: the user id or "apikey:<key id>". */
export function actorOf(request: FastifyRequest): string {
  return requirePrincipal(request).actor;
}
