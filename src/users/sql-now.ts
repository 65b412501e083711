import { sql, type Selectable } from 'kysely';
import type { UserTable } from '../db/schema.ts';

/**
 * SQL now(), typed for the `updated_at` column of users.
 *
 * NOTE: src/db/schema.ts declares updated_at as Generated<Timestamp>, which
 * wraps one Kysely ColumnType in another, so Kysely expects the inner
 * ColumnType itself as the update value. This expression has that type and
 * is a plain timestamp at runtime.
 */
export function sqlNow() {
  return sql<Selectable<UserTable>['updated_at']>`now()`;
}
