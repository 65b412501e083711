import type { Permission, StartScreen } from '../access/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isUniqueViolation } from '../auth/create-user.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { requirePermissionsWithin, type UserManager } from './check-caller-reach.ts';
import { keepUserManager } from './keep-user-manager.ts';
import { findUserGroup, normalisePermissions, type UserGroupView } from './list-user-groups.ts';

export interface NewUserGroup {
  slug: string;
  name: string;
  /** Required unless `copyFrom` names a group to copy them from. */
  permissions?: readonly Permission[];
  startScreen?: StartScreen;
  /** Slug of a group (a preset or another) whose permissions and start screen are the defaults. */
  copyFrom?: string;
}

function auditedFields(group: UserGroupView) {
  return {
    slug: group.slug,
    name: group.name,
    permissions: group.permissions,
    startScreen: group.startScreen,
  };
}

/** Returns the caller as a UserManager for permission checks; groups have no entity limit, so entityIds is null. */
function managerOf(actor: string, callerPermissions: ReadonlySet<Permission>): UserManager {
  return { actor, permissions: callerPermissions, entityIds: null };
}

/**
 * Creates a user group. With `copyFrom`, the permissions and start screen
 * of that group are taken where the input gives none. The caller must hold
 * every permission of the copied group and of the new group (forbidden
 * otherwise), so a caller cannot make a group that grants more than it has.
 */
export async function createUserGroup(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    callerPermissions: ReadonlySet<Permission>;
    input: NewUserGroup;
  },
): Promise<UserGroupView> {
  const { input } = params;
  const manager = managerOf(params.actor, params.callerPermissions);
  const source = input.copyFrom
    ? await trx
        .selectFrom('user_groups')
        .select(['permissions', 'start_screen'])
        .where('slug', '=', input.copyFrom)
        .executeTakeFirst()
    : undefined;
  if (input.copyFrom && !source) {
    throw new AppError(
      'invalid_input',
      `copyFrom: user group "${input.copyFrom}" does not exist; use a slug from GET /api/groups.`,
    );
  }
  if (input.copyFrom && source) {
    requirePermissionsWithin(
      manager,
      source.permissions,
      `You cannot copy user group "${input.copyFrom}"`,
    );
  }
  const permissions = input.permissions ?? source?.permissions;
  if (!permissions) {
    throw new AppError(
      'invalid_input',
      'permissions: missing; list the permissions of the group, or name a group to copy in copyFrom.',
    );
  }
  requirePermissionsWithin(manager, permissions, `You cannot create user group "${input.slug}"`);

  let created: { id: string };
  try {
    created = await trx
      .insertInto('user_groups')
      .values({
        organisation_id: params.organisationId,
        slug: input.slug,
        name: input.name,
        permissions: normalisePermissions(permissions),
        start_screen: input.startScreen ?? source?.start_screen ?? 'home',
        preset: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'already_exists',
        `slug: user group "${input.slug}" already exists; choose another slug.`,
      );
    }
    throw error;
  }
  const group = await requireUserGroup(trx, created.id);
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user_group.created',
    subjectType: 'user_group',
    subjectId: group.id,
    after: { ...auditedFields(group), copiedFrom: input.copyFrom ?? null },
  });

  return group;
}

/**
 * Changes a user group's name, permissions or start screen; preset groups
 * too. Its users get the new permissions on their next request. The caller
 * must hold every permission the group has now and every permission it
 * gets (forbidden otherwise). A change that would leave no active user able
 * to manage users is rejected.
 */
export async function updateUserGroup(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    callerPermissions: ReadonlySet<Permission>;
    groupId: string;
    changes: { name?: string; permissions?: readonly Permission[]; startScreen?: StartScreen };
  },
): Promise<UserGroupView> {
  const { changes } = params;
  const manager = managerOf(params.actor, params.callerPermissions);
  const before = await requireUserGroup(trx, params.groupId);
  requirePermissionsWithin(
    manager,
    before.permissions,
    `You cannot change user group "${before.slug}"`,
  );
  if (changes.permissions) {
    requirePermissionsWithin(
      manager,
      changes.permissions,
      `You cannot give user group "${before.slug}" these permissions`,
    );
  }

  await keepUserManager(trx, params.organisationId, async () => {
    await trx
      .updateTable('user_groups')
      .set({
        name: changes.name,
        permissions: changes.permissions ? normalisePermissions(changes.permissions) : undefined,
        start_screen: changes.startScreen,
      })
      .where('id', '=', params.groupId)
      .execute();
  });

  const after = await requireUserGroup(trx, params.groupId);
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user_group.updated',
    subjectType: 'user_group',
    subjectId: params.groupId,
    before: auditedFields(before),
    after: auditedFields(after),
  });

  return after;
}

/**
 * Deletes a user group that no user is in. Preset groups cannot be deleted,
 * and the caller must hold every permission of the group.
 */
export async function deleteUserGroup(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    callerPermissions: ReadonlySet<Permission>;
    groupId: string;
  },
): Promise<void> {
  const group = await requireUserGroup(trx, params.groupId);
  requirePermissionsWithin(
    managerOf(params.actor, params.callerPermissions),
    group.permissions,
    `You cannot delete user group "${group.slug}"`,
  );
  if (group.preset !== null) {
    throw new AppError(
      'conflict',
      `User group "${group.slug}" is a preset group: change it if needed, but it cannot be deleted.`,
    );
  }
  if (group.userCount > 0) {
    throw new AppError(
      'conflict',
      `User group "${group.slug}" still has ${group.userCount} user(s); move them to another group first.`,
    );
  }

  await trx.deleteFrom('user_groups').where('id', '=', params.groupId).execute();
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user_group.deleted',
    subjectType: 'user_group',
    subjectId: params.groupId,
    before: auditedFields(group),
  });
}

async function requireUserGroup(trx: TenantTransaction, groupId: string): Promise<UserGroupView> {
  const group = await findUserGroup(trx, groupId);
  if (!group) {
    throw new AppError('not_found', `User group ${groupId} does not exist.`);
  }

  return group;
}
