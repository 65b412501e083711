import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import type { Logger } from '../../logger.ts';
import type { AuditContext } from '../../provisioning/audit-context.ts';
import { parseDeliveryStatus } from './parse-delivery-status.ts';
import { recordBounce, type BounceOutcome } from './record-bounce.ts';

/**
 * Parses a raw delivery status notification and records it on the
 * organisation's message (see parseDeliveryStatus and recordBounce), for
 * the `mail bounce` command, which acts on the whole organisation.
 */
export async function ingestBounce(
  database: DatabaseHandle,
  context: AuditContext & { logger: Pick<Logger, 'info'> },
  raw: Buffer | string,
): Promise<BounceOutcome> {
  const report = await parseDeliveryStatus(raw);
  const outcome = await withOrganisation(database, context.organisationId, (trx) =>
    recordBounce(trx, { organisationId: context.organisationId, actor: context.actor }, report),
  );
  context.logger.info(
    {
      organisationId: context.organisationId,
      messageId: outcome.messageId,
      action: outcome.action,
      status: outcome.status,
      flagged: outcome.flagged !== null,
      changed: outcome.changed,
    },
    'delivery status notification recorded',
  );

  return outcome;
}
