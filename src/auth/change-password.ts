import { AppError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';

/** Shortest password a user may choose, in characters. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Replaces a user's password after checking the current one, and ends the
 * user's other sessions so that a leaked password stops working everywhere.
 * The session `keepSessionId` stays open.
 */
export async function changePassword(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    userId: string;
    keepSessionId: string;
    currentPassword: string;
    newPassword: string;
  },
): Promise<void> {
  if (params.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      'invalid_input',
      `The new password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const user = await trx
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', params.userId)
    .executeTakeFirst();
  if (!(await verifyPassword(user?.password_hash, params.currentPassword))) {
    throw new AppError('forbidden', 'The current password is wrong.');
  }

  await trx
    .updateTable('users')
    .set({ password_hash: await hashPassword(params.newPassword) })
    .where('id', '=', params.userId)
    .execute();
  await trx
    .deleteFrom('sessions')
    .where('user_id', '=', params.userId)
    .where('id', '<>', params.keepSessionId)
    .execute();
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.userId,
    action: 'user.password_changed',
    subjectType: 'user',
    subjectId: params.userId,
  });
}
