import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { ActiveSession } from '../auth/find-session.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import './server-types.ts';

/** Returns the request's session; throws unauthenticated on a route without one. */
export function requireSession(request: FastifyRequest): ActiveSession {
  if (!request.session) {
    throw new AppError('unauthenticated', 'Log in first: this request has no valid session.');
  }

  return request.session;
}

/**
 * Runs `work` in one tenant transaction of the request's organisation, so
 * row-level security limits it to that organisation's rows.
 */
export function withTenant<T>(
  request: FastifyRequest,
  work: (trx: TenantTransaction, session: ActiveSession) => Promise<T>,
): Promise<T> {
  const session = requireSession(request);

  return withOrganisation(request.server.services.database, session.organisationId, (trx) =>
    work(trx, session),
  );
}

/** Returns who acts, for the audit log: the logged-in user's id. */
export function actorOf(request: FastifyRequest): string {
  return requireSession(request).user.id;
}
