import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * The state of a user account: invited (no password chosen yet), active
 * (can log in), or deactivated (can neither log in nor use a link).
 */
export type UserStatus = 'invited' | 'active' | 'deactivated';

export interface UserView {
  id: string;
  username: string;
  email: string;
  name: string;
  language: string;
  group: { id: string; slug: string; name: string } | null;
  /** The entities the user is limited to; null means every entity. */
  entityIds: string[] | null;
  departmentId: string | null;
  isActive: boolean;
  status: UserStatus;
  totpEnabled: boolean;
  createdAt: Date;
}

function selectUsers(executor: Executor) {
  return executor
    .selectFrom('users as u')
    .leftJoin('user_groups as g', 'g.id', 'u.group_id')
    .select([
      'u.id',
      'u.username',
      'u.email',
      'u.name',
      'u.language',
      'u.department_id',
      'u.is_active',
      'g.id as group_id',
      'g.slug as group_slug',
      'g.name as group_name',
    ])
    .select(sql<Date>`u.created_at`.as('created_at'))
    .select(sql<boolean>`u.password_hash is not null`.as('has_password'))
    .select(sql<boolean>`u.totp_enabled_at is not null`.as('totp_enabled'))
    .select(
      sql<string[] | null>`(select array_agg(ue.entity_id::text order by ue.entity_id)
        from user_entities ue where ue.user_id = u.id)`.as('entity_ids'),
    );
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

function toUserView(row: UserRow): UserView {
  const status: UserStatus = !row.is_active
    ? 'deactivated'
    : row.has_password
      ? 'active'
      : 'invited';

  return {
    id: row.id,
    username: row.username,
    email: row.email,
    name: row.name,
    language: row.language,
    group:
      row.group_id && row.group_slug && row.group_name
        ? { id: row.group_id, slug: row.group_slug, name: row.group_name }
        : null,
    entityIds: row.entity_ids && row.entity_ids.length > 0 ? row.entity_ids : null,
    departmentId: row.department_id,
    isActive: row.is_active,
    status,
    totpEnabled: row.totp_enabled,
    createdAt: row.created_at,
  };
}

/** Lists the users of the tenant, by username. Never returns password hashes or TOTP secrets. */
export async function listUsers(executor: Executor): Promise<UserView[]> {
  const rows = await selectUsers(executor)
    .orderBy(sql`lower(u.username)`)
    .execute();

  return rows.map(toUserView);
}

/** Finds one user of the tenant by id, or returns undefined. */
export async function findUser(executor: Executor, userId: string): Promise<UserView | undefined> {
  const row = await selectUsers(executor).where('u.id', '=', userId).executeTakeFirst();

  return row ? toUserView(row) : undefined;
}
