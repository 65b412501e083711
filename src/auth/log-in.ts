import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { verifyTotp } from '../users/totp.ts';
import type { SessionUser } from './create-user.ts';
import { verifyPassword } from './password-hash.ts';
import { createRandomToken, hashSessionToken } from './session-token.ts';

/** Consecutive failed logins (wrong password or two-factor code) after which a user's login is locked. */
export const MAX_FAILED_LOGINS = 5;

/** How long a lock after too many failed logins lasts, in minutes. */
export const LOCK_MINUTES = 15;

export interface NewSession {
  /** The secret for the session cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  organisationId: string;
  user: SessionUser;
}

const invalidCredentials = () => new AppError('unauthenticated', 'Invalid username or password.');

const totpMissing = () =>
  new AppError(
    'totp_required',
    'Two-factor login is on for this user: send the 6-digit code of the authenticator app as totpCode.',
  );

const totpWrong = () =>
  new AppError(
    'totp_required',
    'The two-factor code is wrong or already used; send the current 6-digit code as totpCode.',
  );

/**
 * Checks a username and password and opens a session that lasts `ttlHours`.
 * The user is found outside any tenant, because the username alone selects
 * the organisation; every write runs inside that organisation. A wrong
 * password counts towards a lock of LOCK_MINUTES after MAX_FAILED_LOGINS
 * failures in a row, and a locked user is rejected without checking the
 * password.
 *
 * A user with two-factor login on also needs `totpCode`. Without it the
 * login fails with totp_required and counts nothing, so that a client can
 * ask for the code. A wrong or reused code fails the same way and counts
 * towards the lock like a wrong password. Each code logs in at most once.
 */
export async function logIn(
  database: DatabaseHandle,
  params: { username: string; password: string; totpCode?: string; ttlHours: number },
): Promise<NewSession> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'username', 'name', 'language', 'password_hash'])
    .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .select(sql<boolean>`coalesce(locked_until > now(), false)`.as('is_locked'))
    .where(sql<boolean>`lower(username) = lower(${params.username})`)
    .where('is_active', '=', true)
    .executeTakeFirst();

  if (user?.is_locked) {
    throw new AppError(
      'rate_limited',
      `Login is locked for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} failed logins in a row; try again later.`,
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
  let totpStep: number | undefined;
  if (user.totp_enabled_at && user.totp_secret) {
    if (!params.totpCode) {
      throw totpMissing();
    }
    totpStep = verifyTotp({
      secret: user.totp_secret,
      code: params.totpCode,
      timeMilliseconds: Date.now(),
      lastUsedStep: user.totp_last_step,
    });
    if (totpStep === undefined) {
      await recordFailedLogin(database, { userId: user.id, organisationId: user.organisation_id });
      throw totpWrong();
    }
  }

  const token = createRandomToken();
  const csrfToken = createRandomToken();
  await withOrganisation(database, user.organisation_id, async (trx) => {
    if (totpStep !== undefined) {
      await claimTotpStep(trx, { userId: user.id, step: totpStep });
    }
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

/**
 * Records `step` as the user's last used TOTP step. The condition makes
 * this atomic, so of two logins with the same code only the first succeeds.
 */
async function claimTotpStep(
  trx: TenantTransaction,
  params: { userId: string; step: number },
): Promise<void> {
  const claimed = await trx
    .updateTable('users')
    .set({ totp_last_step: params.step })
    .where('id', '=', params.userId)
    .where((eb) =>
      eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', params.step)]),
    )
    .returning('id')
    .executeTakeFirst();
  if (!claimed) {
    throw totpWrong();
  }
}

/** Counts a wrong password or two-factor code; the failure that reaches the maximum locks the login and restarts the count. */
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
