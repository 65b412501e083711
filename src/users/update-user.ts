import { recordAudit } from '../audit/record-audit.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import type { Permission } from '../access/permissions.ts';
import { AppError } from '../errors.ts';
import { checkGroupAssignable, checkUserInReach, type UserManager } from './check-caller-reach.ts';
import { checkUserScope } from './check-user-scope.ts';
import type { UserLanguage } from './invite-user.ts';
import { keepUserManager } from './keep-user-manager.ts';
import { findUser, type UserView } from './list-users.ts';
import { sqlNow } from './sql-now.ts';

/** The fields of a user that an administrator can change; undefined leaves a field as it is. */
export interface UserChanges {
  email?: string;
  name?: string;
  language?: UserLanguage;
  /** Slug of the new group. */
  group?: string;
  /** The entities the user is limited to; null means every entity. */
  entityIds?: readonly string[] | null;
  departmentId?: string | null;
  isActive?: boolean;
}

/** Returns the fields of a user that the audit log records: those an administrator can change, nothing secret. */
function auditedFields(user: UserView) {
  return {
    email: user.email,
    name: user.name,
    language: user.language,
    group: user.group?.slug ?? null,
    entityIds: user.entityIds,
    departmentId: user.departmentId,
    isActive: user.isActive,
  };
}

/**
 * Changes a user of the tenant and returns the user as changed. Group and
 * entity changes take effect on the user's next request, which reads them
 * afresh. Deactivating ends the user's sessions and voids the user's
 * unused links. Callers cannot deactivate themselves or change their own
 * group. A caller may only change a user within its reach (see
 * checkUserInReach) and only assign a group whose permissions it holds.
 * No change may leave the organisation without an active user who can
 * manage users.
 */
export async function updateUser(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    callerEntityIds: readonly string[] | null;
    callerPermissions: ReadonlySet<Permission>;
    userId: string;
    changes: UserChanges;
  },
): Promise<UserView> {
  const { changes } = params;
  const manager: UserManager = {
    actor: params.actor,
    permissions: params.callerPermissions,
    entityIds: params.callerEntityIds,
  };
  const before = await findUser(trx, params.userId);
  if (!before) {
    throw new AppError('not_found', `User ${params.userId} does not exist.`);
  }
  await checkUserInReach(trx, manager, params.userId);
  const changesGroup = changes.group !== undefined && changes.group !== before.group?.slug;
  if (changesGroup && params.actor === params.userId) {
    throw new AppError(
      'conflict',
      'You cannot change your own group; ask another user with users.manage to do it.',
    );
  }
  if (changes.group !== undefined) {
    await checkGroupAssignable(trx, manager, changes.group);
  }
  if (changes.isActive === false && params.actor === params.userId) {
    throw new AppError(
      'conflict',
      'You cannot deactivate yourself; ask another administrator to do it.',
    );
  }
  await checkUserScope(trx, {
    entityIds: changes.entityIds,
    departmentId: changes.departmentId,
    callerEntityIds: params.callerEntityIds,
  });
  const groupId = changes.group === undefined ? undefined : await findGroupId(trx, changes.group);

  await keepUserManager(trx, params.organisationId, async () => {
    await trx
      .updateTable('users')
      .set({
        email: changes.email,
        name: changes.name,
        language: changes.language,
        group_id: groupId,
        department_id: changes.departmentId,
        is_active: changes.isActive,
        updated_at: sqlNow(),
      })
      .where('id', '=', params.userId)
      .execute();
    if (changes.entityIds !== undefined) {
      await replaceUserEntities(trx, {
        organisationId: params.organisationId,
        userId: params.userId,
        entityIds: changes.entityIds ?? [],
      });
    }
    if (changes.isActive === false) {
      await trx.deleteFrom('sessions').where('user_id', '=', params.userId).execute();
      await trx
        .deleteFrom('user_tokens')
        .where('user_id', '=', params.userId)
        .where('used_at', 'is', null)
        .execute();
    }
  });

  const after = await findUser(trx, params.userId);
  if (!after) {
    throw new Error(`User ${params.userId} disappeared during its update.`);
  }
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: auditAction(before, after),
    subjectType: 'user',
    subjectId: params.userId,
    before: auditedFields(before),
    after: auditedFields(after),
  });

  return after;
}

function auditAction(before: UserView, after: UserView): string {
  if (before.isActive && !after.isActive) {
    return 'user.deactivated';
  }
  if (!before.isActive && after.isActive) {
    return 'user.reactivated';
  }
  return 'user.updated';
}

async function findGroupId(trx: TenantTransaction, slug: string): Promise<string> {
  const group = await trx
    .selectFrom('user_groups')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!group) {
    throw new AppError(
      'invalid_input',
      `group: user group "${slug}" does not exist; use a slug from GET /api/groups.`,
    );
  }

  return group.id;
}

async function replaceUserEntities(
  trx: TenantTransaction,
  params: { organisationId: string; userId: string; entityIds: readonly string[] },
): Promise<void> {
  await trx.deleteFrom('user_entities').where('user_id', '=', params.userId).execute();
  if (params.entityIds.length === 0) {
    return;
  }
  await trx
    .insertInto('user_entities')
    .values(
      params.entityIds.map((entityId) => ({
        organisation_id: params.organisationId,
        user_id: params.userId,
        entity_id: entityId,
      })),
    )
    .execute();
}
