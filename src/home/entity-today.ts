import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';

/** An entity the caller may see, with its local calendar date at the moment of the request. */
export interface EntityToday {
  entityId: string;
  entityCode: string;
  today: PlainDate;
}

/**
 * Lists the entities visible in the transaction (row-level security limits
 * them to the caller's), or only `entityId`, each with its local today at `now`.
 */
export async function loadEntityToday(
  executor: Executor,
  params: { entityId?: string | undefined; now: Date },
): Promise<EntityToday[]> {
  let query = executor.selectFrom('entities').select(['id', 'code', 'time_zone']).orderBy('code');
  if (params.entityId) {
    query = query.where('id', '=', params.entityId);
  }
  const entities = await query.execute();

  return entities.map((entity) => ({
    entityId: entity.id,
    entityCode: entity.code,
    today: todayForEntity(entity, params.now),
  }));
}

/**
 * Builds a condition that compares a date column with the local today of
 * the row's entity, such as `due_date <= today`. Rows of entities not in
 * `days` never match, so an empty list matches nothing.
 */
export function comparedWithEntityToday(
  days: readonly EntityToday[],
  columns: { entityId: string; date: string },
  comparison: '<' | '<=',
): RawBuilder<boolean> {
  if (days.length === 0) {
    return sql<boolean>`false`;
  }
  const pairs = sql.join(days.map((day) => sql`(${day.entityId}::uuid, ${day.today}::date)`));

  return sql<boolean>`exists (
    select 1 from (values ${pairs}) as entity_today (entity_id, today)
    where entity_today.entity_id = ${sql.ref(columns.entityId)}
      and ${sql.ref(columns.date)} ${sql.raw(comparison)} entity_today.today
  )`;
}
