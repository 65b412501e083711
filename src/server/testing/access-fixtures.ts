import { PERMISSION_NAMES, type Permission } from '../../access/permissions.ts';
import { createApiKey } from '../../api-keys/create-api-key.ts';
import { revokeApiKey } from '../../api-keys/revoke-api-key.ts';
import { createUser } from '../../auth/create-user.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { TEST_PASSWORD } from '../test-server.ts';

/**
 * Test helpers for access control: user groups with chosen permissions,
 * users limited to entities or a department, and API keys. Each helper
 * writes through the tenant, as the application does.
 */

/** Returns every permission except `permission`. */
export function permissionsWithout(permission: Permission): Permission[] {
  return PERMISSION_NAMES.filter((candidate) => candidate !== permission);
}

/** Creates a user group with exactly `permissions` and returns its slug. */
export async function createTestGroup(
  database: DatabaseHandle,
  organisationId: string,
  params: { slug: string; permissions: readonly Permission[] },
): Promise<string> {
  await withOrganisation(database, organisationId, (trx) =>
    trx
      .insertInto('user_groups')
      .values({
        organisation_id: organisationId,
        slug: params.slug,
        name: `Group ${params.slug}`,
        permissions: [...params.permissions],
      })
      .execute(),
  );

  return params.slug;
}

/**
 * Creates a user with TEST_PASSWORD in the group with slug `group`, limited
 * to `entityIds` (default every entity) and to the department named
 * `department` (default none). Returns the user id.
 */
export async function buildTestUser(
  database: DatabaseHandle,
  organisationId: string,
  params: { username: string; group: string; entityIds?: string[]; department?: string },
): Promise<string> {
  return withOrganisation(database, organisationId, async (trx) => {
    const user = await createUser(trx, {
      organisationId,
      actor: 'test',
      username: params.username,
      email: `${params.username}@example.com`,
      name: `User ${params.username}`,
      password: TEST_PASSWORD,
      group: params.group,
    });
    for (const entityId of params.entityIds ?? []) {
      await trx
        .insertInto('user_entities')
        .values({ organisation_id: organisationId, user_id: user.id, entity_id: entityId })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
    if (params.department !== undefined) {
      const department = await trx
        .selectFrom('departments')
        .select('id')
        .where('name', '=', params.department)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('users')
        .set({ department_id: department.id })
        .where('id', '=', user.id)
        .execute();
    }

    return user.id;
  });
}

export interface TestApiKey {
  id: string;
  key: string;
}

/** Creates an API key of the organisation with exactly `permissions`. */
export async function createTestApiKey(
  database: DatabaseHandle,
  organisationId: string,
  permissions: readonly Permission[],
  name = 'test key',
): Promise<TestApiKey> {
  const created = await withOrganisation(database, organisationId, (trx) =>
    createApiKey(trx, {
      organisationId,
      actor: 'test',
      name,
      permissions,
      creatorPermissions: 'all',
    }),
  );

  return { id: created.id, key: created.key };
}

/** Creates an API key with every permission and revokes it at once. */
export async function createRevokedApiKey(
  database: DatabaseHandle,
  organisationId: string,
): Promise<TestApiKey> {
  const created = await createTestApiKey(database, organisationId, PERMISSION_NAMES, 'revoked');
  await withOrganisation(database, organisationId, (trx) =>
    revokeApiKey(trx, { organisationId, actor: 'test', id: created.id }),
  );

  return created;
}

/** Headers that authenticate a request with an API key. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}
