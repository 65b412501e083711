import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { parsePortalToken, portalMacMatches } from './portal-token.ts';

/** Name of the cookie that carries the portal session token. */
export const PORTAL_SESSION_COOKIE = 'collecta_portal';

/** How long a portal session lasts from the opening of the portal link. */
export const PORTAL_SESSION_MINUTES = 60;

/** A debtor's open portal session. */
export interface PortalSession {
  id: string;
  organisationId: string;
  entityId: string;
  debtorId: string;
  /** The token that the portal page must send in the x-csrf-token header of each POST. */
  csrfToken: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION_TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/**
 * Opens a portal link: checks the token against the organisation's secret
 * and the debtor's current portal version, and starts a portal session of
 * that debtor. Returns the session token for the cookie, or null for a
 * malformed, unknown or revoked token. The session token starts with the
 * organisation id, so later requests find the session under row-level
 * security of that organisation.
 */
export async function openPortalLink(
  database: DatabaseHandle,
  params: { token: string; now: Date },
): Promise<{ sessionToken: string; session: PortalSession } | null> {
  const claim = parsePortalToken(params.token);
  if (!claim) {
    return null;
  }

  return withOrganisation(database, claim.organisationId, async (trx) => {
    const secret = await trx
      .selectFrom('portal_secrets')
      .select('secret')
      .where('organisation_id', '=', claim.organisationId)
      .executeTakeFirst();
    const debtor = await trx
      .selectFrom('debtors')
      .select(['id', 'entity_id', 'portal_version'])
      .where('id', '=', claim.debtorId)
      .executeTakeFirst();
    if (!secret || !debtor || !portalMacMatches(secret.secret, claim, debtor.portal_version)) {
      return null;
    }

    const sessionToken = `${claim.organisationId}.${randomBytes(32).toString('base64url')}`;
    const row = await trx
      .insertInto('portal_sessions')
      .values({
        organisation_id: claim.organisationId,
        entity_id: debtor.entity_id,
        debtor_id: debtor.id,
        token_hash: hashPortalToken(sessionToken),
        portal_version: debtor.portal_version,
        expires_at: new Date(params.now.getTime() + PORTAL_SESSION_MINUTES * 60_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await deleteExpiredSessions(trx, params.now);

    return {
      sessionToken,
      session: {
        id: row.id,
        organisationId: claim.organisationId,
        entityId: debtor.entity_id,
        debtorId: debtor.id,
        csrfToken: portalCsrfToken(sessionToken),
      },
    };
  });
}

/**
 * Finds the open portal session of a session token. Returns undefined when
 * the token is malformed or unknown, the session expired, or the debtor's
 * portal access was revoked after the session started.
 */
export async function findPortalSession(
  database: DatabaseHandle,
  params: { sessionToken: string; now: Date },
): Promise<PortalSession | undefined> {
  const match = SESSION_TOKEN.exec(params.sessionToken);
  const organisationId = match?.[1];
  if (!organisationId || !UUID.test(organisationId)) {
    return undefined;
  }

  const row = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('portal_sessions as s')
      .innerJoin('debtors as d', 'd.id', 's.debtor_id')
      .select(['s.id', 's.entity_id', 's.debtor_id'])
      .where('s.token_hash', '=', hashPortalToken(params.sessionToken))
      .where('s.expires_at', '>', params.now)
      .whereRef('s.portal_version', '=', 'd.portal_version')
      .executeTakeFirst(),
  );
  if (!row) {
    return undefined;
  }

  return {
    id: row.id,
    organisationId,
    entityId: row.entity_id,
    debtorId: row.debtor_id,
    csrfToken: portalCsrfToken(params.sessionToken),
  };
}

/** Ends a portal session, as logging out of the portal does. */
export async function endPortalSession(executor: Executor, sessionId: string): Promise<void> {
  await executor.deleteFrom('portal_sessions').where('id', '=', sessionId).execute();
}

/**
 * Derives the CSRF token of a portal session from its session token. A page
 * of another site cannot read the httpOnly cookie, so it cannot compute it.
 */
function portalCsrfToken(sessionToken: string): string {
  return createHash('sha256').update(`collecta portal csrf\n${sessionToken}`).digest('base64url');
}

function hashPortalToken(sessionToken: string): string {
  return createHash('sha256').update(sessionToken, 'utf8').digest('hex');
}

async function deleteExpiredSessions(executor: Executor, now: Date): Promise<void> {
  await executor.deleteFrom('portal_sessions').where('expires_at', '<', now).execute();
}
