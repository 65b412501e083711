import { sql } from 'kysely';
import { isPermission, PERMISSION_NAMES, type Permission } from '../access/permissions.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';

/**
 * The user or API key that manages users and groups: its permissions and
 * the entities it is limited to (null for every entity).
 */
export interface UserManager {
  actor: string;
  permissions: ReadonlySet<Permission>;
  entityIds: readonly string[] | null;
}

/** Returns the names in `permissions` that `manager` does not hold, in the order of PERMISSIONS. */
export function findLackingPermissions(
  manager: UserManager,
  permissions: readonly string[],
): Permission[] {
  const requested = new Set(permissions.filter(isPermission));

  return PERMISSION_NAMES.filter(
    (permission) => requested.has(permission) && !manager.permissions.has(permission),
  );
}

/**
 * Rejects with forbidden when `permissions` contains a permission that
 * `manager` lacks, so that a caller cannot grant more than it has.
 * `subject` starts the message, such as 'You cannot assign user group "x"'.
 */
export function requirePermissionsWithin(
  manager: UserManager,
  permissions: readonly string[],
  subject: string,
): void {
  const lacking = findLackingPermissions(manager, permissions);
  if (lacking.length > 0) {
    throw new AppError(
      'forbidden',
      `${subject}: it has permissions that you lack: ${lacking.join(', ')}.`,
      { lacking },
    );
  }
}

/**
 * Rejects with forbidden the assignment of user group `slug` when the group
 * has a permission that `manager` lacks. An unknown slug gets invalid_input.
 */
export async function checkGroupAssignable(
  trx: TenantTransaction,
  manager: UserManager,
  slug: string,
): Promise<void> {
  const group = await trx
    .selectFrom('user_groups')
    .select('permissions')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!group) {
    throw new AppError(
      'invalid_input',
      `group: user group "${slug}" does not exist; use a slug from GET /api/groups.`,
    );
  }
  requirePermissionsWithin(manager, group.permissions, `You cannot assign user group "${slug}"`);
}

/**
 * Rejects with forbidden a change to user `userId` (an update, a link, or
 * turning off two-factor login) that would let `manager` act beyond its own
 * rights: the user's group must hold no permission that `manager` lacks,
 * and a manager limited to some entities may only act on users limited to
 * some of those entities. A user with no entity rows has every entity, so
 * such a manager cannot reach that user. An unknown user passes, for the
 * caller to report as not found.
 */
export async function checkUserInReach(
  trx: TenantTransaction,
  manager: UserManager,
  userId: string,
): Promise<void> {
  // user_entities has no entity-scope policy, so every row of the user is visible here.
  const user = await trx
    .selectFrom('users as u')
    .leftJoin('user_groups as g', 'g.id', 'u.group_id')
    .select(['u.username', 'g.permissions'])
    .select(
      sql<string[] | null>`(select array_agg(ue.entity_id::text)
        from user_entities ue where ue.user_id = u.id)`.as('entity_ids'),
    )
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!user) {
    return;
  }

  requirePermissionsWithin(
    manager,
    user.permissions ?? [],
    `You cannot change user ${user.username}`,
  );

  if (manager.entityIds === null) {
    return;
  }
  const userEntityIds = user.entity_ids ?? [];
  const ownEntities = new Set(manager.entityIds);
  if (userEntityIds.length === 0) {
    throw new AppError(
      'forbidden',
      `You cannot change user ${user.username}: the user has every entity and you are limited to some entities.`,
    );
  }
  const outside = userEntityIds.filter((entityId) => !ownEntities.has(entityId));
  if (outside.length > 0) {
    throw new AppError(
      'forbidden',
      `You cannot change user ${user.username}: the user has entities outside your own: ${outside.join(', ')}.`,
    );
  }
}

/**
 * Rejects with forbidden when `manager` is limited to some entities. User
 * groups and departments belong to the whole organisation, so changing one
 * reaches users of every entity.
 */
export function requireEveryEntity(manager: Pick<UserManager, 'entityIds'>, subject: string): void {
  if (manager.entityIds !== null) {
    throw new AppError(
      'forbidden',
      `You cannot ${subject}: that affects every entity and you are limited to some entities.`,
    );
  }
}

/**
 * Rejects with forbidden when `userId` is the caller's own account. Password
 * links and turning off two-factor login for oneself go through the own
 * account screens, which ask for the current password or a code.
 */
export function rejectOwnAccount(manager: Pick<UserManager, 'actor'>, userId: string): void {
  if (manager.actor === userId) {
    throw new AppError(
      'forbidden',
      'You cannot do this for your own account here; use your account settings, which ask for your current password or code.',
    );
  }
}
