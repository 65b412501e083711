import { sql } from 'kysely';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';

/** Counts the users who can log in (active, with a password) and whose group has users.manage. */
export async function countUserManagers(trx: TenantTransaction): Promise<number> {
  const row = await trx
    .selectFrom('users as u')
    .innerJoin('user_groups as g', 'g.id', 'u.group_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('u.is_active', '=', true)
    .where('u.password_hash', 'is not', null)
    .where(sql<boolean>`'users.manage' = any(g.permissions)`)
    .executeTakeFirstOrThrow();

  return Number(row.count);
}

/**
 * Runs `change` and rejects it with a conflict (rolling back the caller's
 * transaction) when it leaves the organisation without a user who can log
 * in and manage users, because no user could then undo it. An organisation
 * that had no such user before is not blocked.
 *
 * A transaction-scoped advisory lock per organisation serialises these
 * changes, so two administrators who deactivate each other at the same time
 * cannot both succeed.
 */
export async function keepUserManager<T>(
  trx: TenantTransaction,
  organisationId: string,
  change: () => Promise<T>,
): Promise<T> {
  await sql`select pg_advisory_xact_lock(hashtext(${`collecta.user-managers.${organisationId}`}))`.execute(
    trx,
  );
  const before = await countUserManagers(trx);

  const result = await change();

  if (before > 0 && (await countUserManagers(trx)) === 0) {
    throw new AppError(
      'conflict',
      'This change would leave no active user who can manage users (permission users.manage); give another active user that permission first.',
    );
  }

  return result;
}
