import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createUser } from './create-user.ts';

export interface FirstAdministrator {
  username: string;
  /** Printed once on the console of the process that created it; stored only as an argon2 hash. */
  password: string;
}

/**
 * Creates the first administrator, with a random password, of an
 * organisation in which no active user can manage users: one without users,
 * or with only users of other groups added by `collecta user add`. Returns
 * the credentials so the caller can show them once, else undefined. The username is
 * "admin", or "admin-<organisation slug>" when another organisation already
 * has an "admin" (usernames are unique across organisations).
 */
export async function ensureFirstAdministrator(
  database: DatabaseHandle,
  organisationId: string,
): Promise<FirstAdministrator | undefined> {
  const adminTaken = await database.db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(username) = 'admin'`)
    .executeTakeFirst();

  return withOrganisation(database, organisationId, async (trx) => {
    const userManager = await trx
      .selectFrom('users as u')
      .innerJoin('user_groups as g', 'g.id', 'u.group_id')
      .select('u.id')
      .where('u.is_active', '=', true)
      .where(sql<boolean>`'users.manage' = any(g.permissions)`)
      .limit(1)
      .executeTakeFirst();
    if (userManager) {
      return undefined;
    }

    const organisation = await trx
      .selectFrom('organisations')
      .select('slug')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    const username = adminTaken ? `admin-${organisation.slug}` : 'admin';
    const password = randomBytes(15).toString('base64url');
    await createUser(trx, {
      organisationId,
      actor: 'system',
      username,
      email: 'admin@localhost',
      name: 'Administrator',
      password,
      group: 'administrator',
    });

    return { username, password };
  });
}
