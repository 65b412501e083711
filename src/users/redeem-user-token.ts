import { sql } from 'kysely';
import { checkPasswordStrength } from '../auth/password-strength.ts';
import { hashPassword } from '../auth/password-hash.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { UserTokenPurpose } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { findValidToken } from './user-tokens.ts';
import { sqlNow } from './sql-now.ts';

const auditActions: Record<UserTokenPurpose, string> = {
  invitation: 'user.invitation_accepted',
  password_reset: 'user.password_reset',
};

/** Creates the error for a token that is unknown, used, expired, of another purpose or of an inactive user. */
export function invalidTokenError(): AppError {
  return new AppError(
    'not_found',
    'This link is unknown, already used or expired; ask an administrator for a new one.',
  );
}

/**
 * Sets a user's password with an invitation or password-reset token and
 * marks the token used. It also deletes the user's other unused tokens,
 * clears a login lock and ends every session of the user, so that after a
 * reset no session opened with the old password stays open. Returns the
 * user id.
 */
export async function redeemUserToken(
  database: DatabaseHandle,
  params: { token: string; purpose: UserTokenPurpose; password: string },
): Promise<string> {
  checkPasswordStrength(params.password);
  const found = await findValidToken(database.db, params.token);
  if (!found || found.purpose !== params.purpose) {
    throw invalidTokenError();
  }
  // Hashing takes a noticeable time, so it runs before the transaction starts.
  const passwordHash = await hashPassword(params.password);

  await withOrganisation(database, found.organisationId, async (trx) => {
    const claimed = await trx
      .updateTable('user_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', found.tokenId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      throw invalidTokenError();
    }

    await trx
      .deleteFrom('user_tokens')
      .where('user_id', '=', found.userId)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        updated_at: sqlNow(),
      })
      .where('id', '=', found.userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', found.userId).execute();
    await recordAudit(trx, {
      organisationId: found.organisationId,
      actor: found.userId,
      action: auditActions[params.purpose],
      subjectType: 'user',
      subjectId: found.userId,
    });
  });

  return found.userId;
}
