import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** An API key as lists show it: everything but the key and its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  /** The entities the key is limited to; null means every entity. */
  entityIds: string[] | null;
  /** User id, "apikey:<key id>" or "cli:<os user>" of the key's creator. */
  createdBy: string;
  createdAt: Date;
  /** Updated at most every few minutes, so it may lag the last request by that much. */
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Lists the organisation's API keys, revoked ones included, newest first. */
export async function listApiKeys(executor: Executor): Promise<ApiKeySummary[]> {
  const rows = await executor
    .selectFrom('api_keys')
    .select([
      'id',
      'name',
      'prefix',
      'permissions',
      'entity_ids',
      'created_by',
      'last_used_at',
      'revoked_at',
    ])
    // The table type declares created_at as Generated<Timestamp>, which selects as the column type.
    .select(sql<Date>`created_at`.as('created_at'))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    entityIds: row.entity_ids,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}
