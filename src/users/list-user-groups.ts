import { sql } from 'kysely';
import {
  isPermission,
  PERMISSION_NAMES,
  PRESET_GROUP_SLUGS,
  type Permission,
} from '../access/permissions.ts';
import type { Executor } from '../db/database.ts';

export interface UserGroupView {
  id: string;
  slug: string;
  name: string;
  permissions: Permission[];
  startScreen: string;
  /** The preset slug a seeded group came from; null for a group an administrator made. */
  preset: string | null;
  /** Users in the group, deactivated ones included. */
  userCount: number;
}

/** Removes unknown and repeated names and puts permissions in the order of PERMISSIONS. */
export function normalisePermissions(names: readonly string[]): Permission[] {
  const wanted = new Set(names.filter(isPermission));

  return PERMISSION_NAMES.filter((permission) => wanted.has(permission));
}

function selectUserGroups(executor: Executor) {
  return executor
    .selectFrom('user_groups as g')
    .select(['g.id', 'g.slug', 'g.name', 'g.permissions', 'g.start_screen', 'g.preset'])
    .select(sql<string>`(select count(*) from users u where u.group_id = g.id)`.as('user_count'));
}

type UserGroupRow = Awaited<
  ReturnType<ReturnType<typeof selectUserGroups>['executeTakeFirstOrThrow']>
>;

function toUserGroupView(row: UserGroupRow): UserGroupView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    permissions: normalisePermissions(row.permissions),
    startScreen: row.start_screen,
    preset: row.preset,
    userCount: Number(row.user_count),
  };
}

/** Lists the tenant's user groups: presets first in the order of PRESET_GROUPS, then the others by name. */
export async function listUserGroups(executor: Executor): Promise<UserGroupView[]> {
  const rows = await selectUserGroups(executor).orderBy('g.name').execute();
  const presetRank = (group: UserGroupView) => {
    const index = group.preset === null ? -1 : PRESET_GROUP_SLUGS.indexOf(group.preset);
    return index < 0 ? PRESET_GROUP_SLUGS.length : index;
  };

  return rows.map(toUserGroupView).sort((a, b) => presetRank(a) - presetRank(b));
}

/** Finds one user group of the tenant by id, or returns undefined. */
export async function findUserGroup(
  executor: Executor,
  groupId: string,
): Promise<UserGroupView | undefined> {
  const row = await selectUserGroups(executor).where('g.id', '=', groupId).executeTakeFirst();

  return row ? toUserGroupView(row) : undefined;
}
