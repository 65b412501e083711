import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { runDunning } from '../dunning/run-dunning.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import type { Logger } from '../logger.ts';

export const SCHEDULER_ACTOR = 'system:scheduler';

/**
 * Runs the dunning of every entity of every organisation for the entity's
 * local today, once per local day: an entity with a scheduled run on that
 * date already is left alone. Each entity runs in its own transaction, so
 * one failure does not hold back the others; it is logged and counted.
 */
export async function runScheduledDunning(
  database: DatabaseHandle,
  params: { now: Date; logger: Logger },
): Promise<{ ran: number; skipped: number; failed: number }> {
  const organisations = await database.db.selectFrom('organisations').select('id').execute();
  const totals = { ran: 0, skipped: 0, failed: 0 };

  for (const organisation of organisations) {
    const entities = await withOrganisation(database, organisation.id, (trx) =>
      trx.selectFrom('entities').select(['id', 'code', 'time_zone']).execute(),
    );
    for (const entity of entities) {
      const asOf = todayForEntity(entity, params.now);
      const logger = params.logger.child({
        organisationId: organisation.id,
        entityId: entity.id,
        asOf,
      });
      try {
        const ran = await withOrganisation(database, organisation.id, async (trx) => {
          const earlier = await trx
            .selectFrom('dunning_runs')
            .select('id')
            .where('entity_id', '=', entity.id)
            .where('run_date', '=', asOf)
            .where('created_by', '=', SCHEDULER_ACTOR)
            .executeTakeFirst();
          if (earlier) {
            return false;
          }
          const summary = await runDunning(trx, {
            organisationId: organisation.id,
            entityId: entity.id,
            asOf,
            dryRun: false,
            actor: SCHEDULER_ACTOR,
          });
          logger.info({ created: summary.messages.created }, 'scheduled dunning run finished');
          return true;
        });
        totals[ran ? 'ran' : 'skipped'] += 1;
      } catch (error) {
        totals.failed += 1;
        logger.error({ err: error }, 'scheduled dunning run failed');
      }
    }
  }

  return totals;
}
