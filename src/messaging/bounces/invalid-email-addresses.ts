import { sql } from 'kysely';
import { recordAudit } from '../../audit/record-audit.ts';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { AuditContext } from '../../provisioning/audit-context.ts';

/** An e-mail address that a bounce flagged as unusable for a debtor. */
export interface InvalidEmailAddress {
  address: string;
  /** The bounced message; null when that message was deleted. */
  messageId: string | null;
  reason: string | null;
  flaggedAt: string;
}

// The table type declares flagged_at as Generated<Timestamp>, which selects as the column type.
const flaggedAt = sql<Date>`flagged_at`.as('flagged_at');

/** Lists a debtor's flagged e-mail addresses, newest first; not_found for an unknown debtor. */
export async function listInvalidEmailAddresses(
  executor: Executor,
  params: { debtorId: string },
): Promise<InvalidEmailAddress[]> {
  await findDebtor(executor, params.debtorId);
  const rows = await executor
    .selectFrom('invalid_email_addresses')
    .select(['address', 'message_id', 'reason', flaggedAt])
    .where('debtor_id', '=', params.debtorId)
    .orderBy('flagged_at', 'desc')
    .orderBy('address')
    .execute();

  return rows.map((row) => ({
    address: row.address,
    messageId: row.message_id,
    reason: row.reason,
    flaggedAt: row.flagged_at.toISOString(),
  }));
}

/**
 * Removes the flag from a debtor's e-mail address, so that e-mail steps use
 * it again, with an audit event. The address is compared in lower case.
 * Throws not_found when the debtor or the flag does not exist.
 */
export async function clearInvalidEmailAddress(
  executor: Executor,
  context: AuditContext,
  params: { debtorId: string; address: string },
): Promise<void> {
  const debtor = await findDebtor(executor, params.debtorId);
  const address = params.address.trim().toLowerCase();
  const removed = await executor
    .deleteFrom('invalid_email_addresses')
    .where('debtor_id', '=', debtor.id)
    .where('address', '=', address)
    .returning(['address', 'message_id', 'reason'])
    .executeTakeFirst();
  if (!removed) {
    throw new AppError(
      'not_found',
      `The address ${address} is not flagged for debtor ${debtor.number}.`,
    );
  }
  await recordAudit(executor, {
    ...context,
    action: 'debtor.invalid_email_cleared',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    before: { address: removed.address, messageId: removed.message_id, reason: removed.reason },
    after: null,
  });
}

async function findDebtor(
  executor: Executor,
  debtorId: string,
): Promise<{ id: string; entity_id: string; number: string }> {
  const debtor = await executor
    .selectFrom('debtors')
    .select(['id', 'entity_id', 'number'])
    .where('id', '=', debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${debtorId} does not exist.`);
  }

  return debtor;
}
