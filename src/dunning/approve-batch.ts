import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireUuid } from './require-uuid.ts';

export interface ApprovedBatch {
  id: string;
  status: 'pending' | 'approved' | 'sent';
  /** Messages this call moved from pending to approved: the ones to queue for sending. */
  approvedMessageIds: string[];
}

/**
 * Approves a message batch: its pending messages become approved and the
 * batch approved, with who and when. Removed messages stay removed.
 * Approving again approves only messages added since, so a repeated call
 * returns no ids and writes no audit event. Nothing is sent here.
 */
export async function approveBatch(
  executor: Executor,
  params: { batchId: string; actor: string },
): Promise<ApprovedBatch> {
  const id = requireUuid(params.batchId, 'Message batch');
  const batch = await executor
    .selectFrom('message_batches')
    .select(['id', 'organisation_id', 'entity_id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!batch) {
    throw new AppError('not_found', `Message batch ${id} does not exist.`);
  }

  const approved = await executor
    .updateTable('messages')
    .set({ status: 'approved' })
    .where('batch_id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  const approvedMessageIds = approved.map((row) => row.id);
  if (approvedMessageIds.length === 0 && batch.status !== 'pending') {
    return { id, status: batch.status, approvedMessageIds };
  }

  await executor
    .updateTable('message_batches')
    .set({ status: 'approved', approved_by: params.actor, approved_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  await recordAudit(executor, {
    organisationId: batch.organisation_id,
    actor: params.actor,
    action: 'message_batch.approved',
    subjectType: 'message_batch',
    subjectId: id,
    entityId: batch.entity_id,
    before: { status: batch.status },
    after: { status: 'approved', approvedMessages: approvedMessageIds.length },
  });

  return { id, status: 'approved', approvedMessageIds };
}
