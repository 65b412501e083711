import { sql } from 'kysely';
import { loadUserAccess, type UserAccess } from '../access/principal.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { SessionUser } from './create-user.ts';
import { hashSessionToken } from './session-token.ts';

export interface ActiveSession {
  sessionId: string;
  organisationId: string;
  csrfToken: string;
  user: SessionUser;
  /** The user's group, permissions and scope, read afresh on every request. */
  access: UserAccess;
}

/** Minutes between two extensions of a session's expiry, so that not every request writes. */
const EXTEND_AFTER_MINUTES = 5;

/**
 * Finds the unexpired session of an active user that `token` opens, or
 * returns undefined. This is a system query outside any tenant, because the
 * session is what names the tenant. Sessions expire after `ttlHours` without
 * activity: a lookup pushes the expiry back to `ttlHours` from now, at most
 * once every EXTEND_AFTER_MINUTES.
 */
export async function findSession(
  database: DatabaseHandle,
  params: { token: string; ttlHours: number },
): Promise<ActiveSession | undefined> {
  const row = await database.db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as session_id',
      's.organisation_id',
      's.csrf_token',
      'u.id as user_id',
      'u.username',
      'u.name',
      'u.language',
    ])
    .select(
      sql<boolean>`s.expires_at < now() + make_interval(hours => ${params.ttlHours}, mins => ${-EXTEND_AFTER_MINUTES})`.as(
        'is_stale',
      ),
    )
    .where('s.token_hash', '=', hashSessionToken(params.token))
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) {
    return undefined;
  }

  if (row.is_stale) {
    await database.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() + make_interval(hours => ${params.ttlHours})` })
      .where('id', '=', row.session_id)
      .execute();
  }

  return {
    sessionId: row.session_id,
    organisationId: row.organisation_id,
    csrfToken: row.csrf_token,
    user: { id: row.user_id, username: row.username, name: row.name, language: row.language },
    access: await loadUserAccess(database.db, row.user_id),
  };
}
