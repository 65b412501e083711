import { evaluateArrangements } from '../arrangements/evaluate-arrangements.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { evaluatePromises, type PromiseEvaluation } from './evaluate-promises.ts';

/**
 * Settles the active payment arrangements and then the open promises to
 * pay of one organisation in its own transaction, for the scheduled job.
 * A failure is logged and returns undefined instead of throwing, so the
 * job goes on with its other work.
 */
export async function evaluateOrganisationPromises(
  database: DatabaseHandle,
  params: { organisationId: string; now: Date; actor: string; logger: Logger },
): Promise<PromiseEvaluation | undefined> {
  const logger = params.logger.child({ organisationId: params.organisationId });
  try {
    const { arrangements, result } = await withOrganisation(
      database,
      params.organisationId,
      async (trx) => ({
        arrangements: await evaluateArrangements(trx, params),
        result: await evaluatePromises(trx, params),
      }),
    );
    if (arrangements.paid > 0 || arrangements.completed > 0 || arrangements.broken > 0) {
      logger.info(arrangements, 'payment arrangements settled');
    }
    if (result.kept > 0 || result.broken > 0) {
      logger.info(result, 'promises to pay settled');
    }
    return result;
  } catch (error) {
    logger.error({ err: error }, 'settling promises to pay failed');
    return undefined;
  }
}
