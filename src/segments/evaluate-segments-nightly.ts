import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import type { Logger } from '../logger.ts';
import { assignDebtorSegments } from './assign-debtor-segments.ts';

export const SEGMENT_EVALUATION_ACTOR = 'system:segments';

/**
 * Re-evaluates the segments of every entity of every organisation for the
 * entity's local today, once per local day: an entity whose
 * segments_evaluated_on is that date already is left alone. Each entity
 * runs in its own transaction, so one failure does not hold back the
 * others. A failure is logged and counted, and the next hourly run retries it.
 */
export async function evaluateSegmentsNightly(
  database: DatabaseHandle,
  params: { now: Date; logger: Logger },
): Promise<{ evaluated: number; skipped: number; failed: number; changed: number }> {
  const organisations = await database.db.selectFrom('organisations').select('id').execute();
  const totals = { evaluated: 0, skipped: 0, failed: 0, changed: 0 };

  for (const organisation of organisations) {
    const entities = await withOrganisation(database, organisation.id, (trx) =>
      trx.selectFrom('entities').select(['id', 'time_zone', 'segments_evaluated_on']).execute(),
    );
    for (const entity of entities) {
      const asOf = todayForEntity(entity, params.now);
      if (entity.segments_evaluated_on !== null && entity.segments_evaluated_on >= asOf) {
        totals.skipped += 1;
        continue;
      }
      const logger = params.logger.child({
        organisationId: organisation.id,
        entityId: entity.id,
        asOf,
      });
      try {
        const { changed } = await withOrganisation(database, organisation.id, async (trx) => {
          const result = await assignDebtorSegments(trx, {
            organisationId: organisation.id,
            entityId: entity.id,
            asOf,
            source: 'nightly',
            actor: SEGMENT_EVALUATION_ACTOR,
          });
          await trx
            .updateTable('entities')
            .set({ segments_evaluated_on: asOf })
            .where('id', '=', entity.id)
            .execute();
          return result;
        });
        totals.evaluated += 1;
        totals.changed += changed;
        logger.info({ changed }, 'nightly segment evaluation finished');
      } catch (error) {
        totals.failed += 1;
        logger.error({ err: error }, 'nightly segment evaluation failed');
      }
    }
  }

  return totals;
}
