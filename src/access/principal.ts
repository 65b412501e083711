import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { isPermission, type Permission } from './permissions.ts';

/**
 * The caller of a request: a logged-in user or an API key of one
 * organisation, with the permissions of the user's group or the key, and the
 * entities and department the caller is limited to.
 */
export interface Principal {
  organisationId: string;
  /** For the audit log and created_by columns: the user id, or "apikey:<key id>". */
  actor: string;
  permissions: ReadonlySet<Permission>;
  /** The entities the principal may see and change; null means every entity. */
  entityIds: readonly string[] | null;
  /** The department a user is limited to for issues; null means every department. */
  departmentId: string | null;
}

export interface UserAccess {
  groupSlug: string | null;
  startScreen: string;
  permissions: Permission[];
  entityIds: string[] | null;
  departmentId: string | null;
}

/**
 * Reads a user's group, permissions, entities and department. Runs outside a
 * tenant (at login and session lookup the tenant is not known yet), so the
 * caller passes the user id it has already resolved.
 */
export async function loadUserAccess(executor: Executor, userId: string): Promise<UserAccess> {
  const row = await executor
    .selectFrom('users as u')
    .leftJoin('user_groups as g', 'g.id', 'u.group_id')
    .select(['g.slug', 'g.start_screen', 'g.permissions', 'u.department_id'])
    .select(
      sql<string[] | null>`(select array_agg(ue.entity_id::text order by ue.entity_id)
        from user_entities ue where ue.user_id = u.id)`.as('entity_ids'),
    )
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();

  return {
    groupSlug: row.slug,
    startScreen: row.start_screen ?? 'home',
    permissions: (row.permissions ?? []).filter(isPermission),
    entityIds: row.entity_ids && row.entity_ids.length > 0 ? row.entity_ids : null,
    departmentId: row.department_id,
  };
}

/** Returns whether the principal has `permission`. */
export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}
