import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { SessionUser } from './create-user.ts';
import { verifyPassword } from './password-hash.ts';
import { createRandomToken, hashSessionToken } from './session-token.ts';

/** Consecutive wrong passwords after which a user's login is locked. */
export const MAX_FAILED_LOGINS = 5;

/** How long a lock after too many wrong passwords lasts, in minutes. */
export const LOCK_MINUTES = 15;

export interface NewSession {
  /** The secret for the session cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  organisationId: string;
  user: SessionUser;
}

const invalidCredentials = () => new AppError('unauthenticated', 'Invalid username or password.');

/**
 * Checks a username and password and opens a session that lasts `ttlHours`.
 * The user is found outside any tenant, because the username alone selects
 * the organisation; every write runs inside that organisation. A wrong
 * password counts towards a lock of LOCK_MINUTES after MAX_FAILED_LOGINS
 * failures in a row, and a locked user is rejected without checking the
 * password.
 */
export async function logIn(
  database: DatabaseHandle,
  params: { username: string; password: string; ttlHours: number },
): Promise<NewSession> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'username', 'name', 'language', 'password_hash'])
    .select(sql<boolean>`coalesce(locked_until > now(), false)`.as('is_locked'))
    .where(sql<boolean>`lower(username) = lower(${params.username})`)
    .where('is_active', '=', true)
    .executeTakeFirst();

  if (user?.is_locked) {
    throw new AppError(
      'rate_limited',
      `Login is locked for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} wrong passwords in a row; try again later.`,
    );
  }
  const passwordMatches = await verifyPassword(user?.password_hash, params.password);
  if (!user) {
    throw invalidCredentials();
  }
  if (!passwordMatches) {
    await recordFailedLogin(database, { userId: user.id, organisationId: user.organisation_id });
    throw invalidCredentials();
  }

  const token = createRandomToken();
  const csrfToken = createRandomToken();
  await withOrganisation(database, user.organisation_id, async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('expires_at', '<=', sql<Date>`now()`)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        organisation_id: user.organisation_id,
        user_id: user.id,
        token_hash: hashSessionToken(token),
        csrf_token: csrfToken,
        expires_at: sql<Date>`now() + make_interval(hours => ${params.ttlHours})`,
      })
      .execute();
    await recordAudit(trx, {
      organisationId: user.organisation_id,
      actor: user.id,
      action: 'session.created',
      subjectType: 'user',
      subjectId: user.id,
    });
  });

  return {
    token,
    csrfToken,
    organisationId: user.organisation_id,
    user: { id: user.id, username: user.username, name: user.name, language: user.language },
  };
}

/** Counts a wrong password; the failure that reaches the maximum locks the login and restarts the count. */
async function recordFailedLogin(
  database: DatabaseHandle,
  params: { userId: string; organisationId: string },
): Promise<void> {
  await withOrganisation(database, params.organisationId, async (trx) => {
    const updated = await trx
      .updateTable('users')
      .set({
        failed_logins: sql<number>`case when failed_logins + 1 >= ${MAX_FAILED_LOGINS} then 0 else failed_logins + 1 end`,
        locked_until: sql<Date | null>`case when failed_logins + 1 >= ${MAX_FAILED_LOGINS}
          then now() + make_interval(mins => ${LOCK_MINUTES}) else locked_until end`,
      })
      .where('id', '=', params.userId)
      .returning(sql<boolean>`locked_until > now()`.as('is_locked'))
      .executeTakeFirst();

    if (updated?.is_locked) {
      await recordAudit(trx, {
        organisationId: params.organisationId,
        actor: 'system',
        action: 'user.locked',
        subjectType: 'user',
        subjectId: params.userId,
        after: { lockedMinutes: LOCK_MINUTES, failedLogins: MAX_FAILED_LOGINS },
      });
    }
  });
}
