import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { ENTITY_ROW_COLUMNS, type EntityRow } from './entity-view.ts';

/**
 * Reads one entity without its logo bytes. Throws not_found when it does
 * not exist or row-level security hides it from the caller (another
 * organisation, or an entity outside the user's scope).
 */
export async function findEntity(
  executor: Executor,
  params: { organisationId: string; entityId: string },
): Promise<EntityRow> {
  const entity = await executor
    .selectFrom('entities')
    .select(ENTITY_ROW_COLUMNS)
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }

  return entity;
}

/** Lists the entities the caller can see, without logo bytes, by code. */
export async function listEntities(
  executor: Executor,
  params: { organisationId: string },
): Promise<EntityRow[]> {
  return executor
    .selectFrom('entities')
    .select(ENTITY_ROW_COLUMNS)
    .where('organisation_id', '=', params.organisationId)
    .orderBy('code')
    .execute();
}
