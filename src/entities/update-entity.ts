import { sql, type UpdateType } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { EntityTable } from '../db/schema.ts';
import {
  ENTITY_ROW_COLUMNS,
  toEntityColumns,
  toEntityView,
  type EntityView,
} from './entity-view.ts';
import { findEntity } from './find-entity.ts';
import { validateEntityFields, type EntityFieldsInput } from './validate-entity-fields.ts';

/**
 * Changes the given settings of an entity; its code cannot change. The
 * audit event lists the changed fields only, before and after. A change
 * that changes nothing writes nothing and records no event.
 */
export async function updateEntity(
  executor: Executor,
  params: { organisationId: string; entityId: string; actor: string; input: EntityFieldsInput },
): Promise<EntityView> {
  const current = await findEntity(executor, params);
  const fields = validateEntityFields(params.input, { current });
  const currentView = toEntityView(current);
  const proposedView: EntityView = {
    ...currentView,
    ...fields,
    ...(fields.languages ? { language: fields.languages[0] ?? currentView.language } : {}),
  };

  const changed = (Object.keys(proposedView) as Array<keyof EntityView>).filter(
    (key) => JSON.stringify(proposedView[key]) !== JSON.stringify(currentView[key]),
  );
  if (changed.length === 0) {
    return currentView;
  }

  const updated = await executor
    .updateTable('entities')
    .set(toEntityColumns(fields))
    .set({ updated_at: sql<UpdateType<EntityTable['updated_at']>>`now()` })
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .returning(ENTITY_ROW_COLUMNS)
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.updated',
    subjectType: 'entity',
    subjectId: params.entityId,
    entityId: params.entityId,
    before: pick(currentView, changed),
    after: pick(proposedView, changed),
  });

  return toEntityView(updated);
}

function pick(view: EntityView, keys: Array<keyof EntityView>): Partial<EntityView> {
  return Object.fromEntries(keys.map((key) => [key, view[key]]));
}
