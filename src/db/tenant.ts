import type { Transaction } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { enterOrganisation } from './database.ts';
import type { Database } from './schema.ts';

export type TenantTransaction = Transaction<Database>;

/**
 * Runs `work` in one transaction as the tenant role with the organisation
 * set, so row-level security hides and protects every other organisation's
 * rows. With `scope.entityIds`, rows of other entities of the organisation
 * are hidden and protected too; null or no scope means every entity.
 * Either all of `work` commits or nothing does.
 *
 * PGlite runs one transaction at a time: keep `work` short and never await
 * a job-queue call inside it (pass the transaction to the queue instead).
 */
export async function withOrganisation<T>(
  database: DatabaseHandle,
  organisationId: string,
  work: (trx: TenantTransaction) => Promise<T>,
  scope: { entityIds: readonly string[] | null } = { entityIds: null },
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    await enterOrganisation(trx, database.tenantRole, organisationId, scope.entityIds);
    return work(trx);
  });
}
