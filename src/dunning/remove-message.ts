import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireUuid } from './require-uuid.ts';

/**
 * Takes a pending message out of its batch: its status becomes removed and
 * it will not be sent. Its invoices lose the dunning state it gave them,
 * because they never received the step, so a run on a later date proposes
 * the step again (a rerun of the same date does not). Removing a removed
 * message again changes nothing; an approved, sending, sent or failed
 * message cannot be removed.
 */
export async function removeMessage(
  executor: Executor,
  params: { messageId: string; actor: string },
): Promise<{ id: string; status: 'removed'; releasedInvoices: number }> {
  const id = requireUuid(params.messageId, 'Message');
  const message = await executor
    .selectFrom('messages')
    .select(['id', 'organisation_id', 'entity_id', 'status', 'batch_id', 'debtor_id', 'step_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!message) {
    throw new AppError('not_found', `Message ${id} does not exist.`);
  }
  if (message.status === 'removed') {
    return { id, status: 'removed', releasedInvoices: 0 };
  }
  if (message.status !== 'pending') {
    throw new AppError(
      'conflict',
      `Message ${id} is ${message.status}; only a pending message can be removed from its batch.`,
    );
  }

  await executor.updateTable('messages').set({ status: 'removed' }).where('id', '=', id).execute();
  const released = await executor
    .deleteFrom('dunning_states')
    .where('message_id', '=', id)
    .executeTakeFirst();
  const releasedInvoices = Number(released.numDeletedRows);
  await recordAudit(executor, {
    organisationId: message.organisation_id,
    actor: params.actor,
    action: 'message.removed',
    subjectType: 'message',
    subjectId: id,
    entityId: message.entity_id,
    before: { status: message.status },
    after: { status: 'removed', batchId: message.batch_id, releasedInvoices },
  });

  return { id, status: 'removed', releasedInvoices };
}
