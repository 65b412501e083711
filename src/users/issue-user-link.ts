import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { UserTokenPurpose } from '../db/schema.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import type { AccountEmail } from './send-account-email.ts';
import { issueUserToken, type IssuedToken } from './user-tokens.ts';

export interface IssuedLink {
  issued: IssuedToken;
  /** The e-mail that carries the link, for the caller to send after the transaction commits. */
  email: AccountEmail & { userId: string };
}

/**
 * Issues a new invitation or password-reset link for a user of the tenant,
 * which makes the user's earlier link of that kind stop working. A
 * deactivated user gets no link, and an invitation is only for a user who
 * has not chosen a password yet. The audit event records the expiry, never
 * the token.
 */
export async function issueUserLink(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    userId: string;
    purpose: UserTokenPurpose;
    publicUrl: string;
  },
): Promise<IssuedLink> {
  const user = await trx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.username', 'u.email', 'u.name', 'u.language', 'u.is_active'])
    .select('o.name as organisation_name')
    .select(sql<boolean>`u.password_hash is not null`.as('has_password'))
    .where('u.id', '=', params.userId)
    .executeTakeFirst();
  if (!user) {
    throw new AppError('not_found', `User ${params.userId} does not exist.`);
  }
  if (!user.is_active) {
    throw new AppError(
      'conflict',
      `User ${user.username} is deactivated; reactivate the user before sending a link.`,
    );
  }
  if (params.purpose === 'invitation' && user.has_password) {
    throw new AppError(
      'conflict',
      `User ${user.username} has already chosen a password; send a password reset instead.`,
    );
  }

  const issued = await issueUserToken(trx, {
    organisationId: params.organisationId,
    userId: user.id,
    purpose: params.purpose,
    publicUrl: params.publicUrl,
  });
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action:
      params.purpose === 'invitation' ? 'user.invitation_issued' : 'user.password_reset_issued',
    subjectType: 'user',
    subjectId: user.id,
    after: { expiresAt: issued.expiresAt.toISOString() },
  });

  return {
    issued,
    email: {
      purpose: params.purpose,
      userId: user.id,
      to: user.email,
      language: user.language,
      name: user.name,
      username: user.username,
      organisationName: user.organisation_name,
      url: issued.url,
    },
  };
}
