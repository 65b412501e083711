import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/**
 * Returns whether the organisation has gone live. Until it has, every
 * dunning run is a dry run and nothing is sent. Reads through the caller's
 * executor, so inside a tenant transaction only the tenant's own row is
 * visible.
 */
export async function isOrganisationLive(
  executor: Executor,
  organisationId: string,
): Promise<boolean> {
  const row = await executor
    .selectFrom('organisations')
    .select('live_since')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Organisation ${organisationId} does not exist.`);
  }

  return row.live_since !== null;
}
