import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { runDunning } from '../dunning/run-dunning.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import type { Logger } from '../logger.ts';
import { evaluateOrganisationPromises } from '../promises/evaluate-organisation-promises.ts';

export const SCHEDULER_ACTOR = 'system:scheduler';

/**
 * Runs the dunning of every entity of every live organisation for the
 * entity's local today, once per local day: an entity with a scheduled run
 * on that date already is left alone. Organisations that have not gone live
 * are not run at all, not even as a dry run. Each entity runs in its own
 * transaction, so one failure does not hold back the others; it is logged
 * and counted. After the entities of an organisation, its open promises to
 * pay are settled as kept or broken, in a transaction of their own.
 */
export async function runScheduledDunning(
  database: DatabaseHandle,
  params: { now: Date; logger: Logger },
): Promise<{ ran: number; skipped: number; failed: number }> {
  const organisations = await database.db
    .selectFrom('organisations')
    .select('id')
    .where('live_since', 'is not', null)
    .execute();
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
            // Scheduled runs always leave invoices on hold out; only a person may include them.
            includeOnHold: false,
            actor: SCHEDULER_ACTOR,
          });
          logger.info(
            { created: summary.messages.created, notSendingDay: summary.notSendingDay },
            'scheduled dunning run finished',
          );
          return true;
        });
        totals[ran ? 'ran' : 'skipped'] += 1;
      } catch (error) {
        totals.failed += 1;
        logger.error({ err: error }, 'scheduled dunning run failed');
      }
    }
    await evaluateOrganisationPromises(database, {
      ...params,
      organisationId: organisation.id,
      actor: SCHEDULER_ACTOR,
    });
  }

  return totals;
}
