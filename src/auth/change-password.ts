import { AppError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { checkPasswordStrength } from './password-strength.ts';

export { MIN_PASSWORD_LENGTH } from './password-strength.ts';

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
  checkPasswordStrength(params.newPassword);
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
