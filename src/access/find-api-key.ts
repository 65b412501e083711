import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { hashSessionToken } from '../auth/session-token.ts';
import { isPermission } from './permissions.ts';
import type { Principal } from './principal.ts';

/** Minutes between two updates of a key's last_used_at, so that not every request writes. */
const TOUCH_AFTER_MINUTES = 5;

/**
 * Finds the unrevoked API key `key` and returns it as a principal with the
 * key's permissions and entities, or undefined. A key stays valid after its
 * creator is deactivated, because keys belong to the organisation. Like a session lookup,
 * this runs outside any tenant, because the key is what names the tenant.
 * Only the key's SHA-256 is stored and compared.
 */
export async function findApiKeyPrincipal(
  database: DatabaseHandle,
  key: string,
): Promise<(Principal & { apiKeyId: string }) | undefined> {
  const row = await database.db
    .selectFrom('api_keys')
    .select(['id', 'organisation_id', 'permissions', 'entity_ids'])
    .select(
      sql<boolean>`coalesce(last_used_at < now() - make_interval(mins => ${TOUCH_AFTER_MINUTES}), true)`.as(
        'is_stale',
      ),
    )
    .where('key_hash', '=', hashSessionToken(key))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    return undefined;
  }
  if (row.is_stale) {
    await database.db
      .updateTable('api_keys')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .execute();
  }

  return {
    apiKeyId: row.id,
    organisationId: row.organisation_id,
    actor: `apikey:${row.id}`,
    permissions: new Set(row.permissions.filter(isPermission)),
    entityIds: row.entity_ids && row.entity_ids.length > 0 ? row.entity_ids : null,
    departmentId: null,
  };
}
