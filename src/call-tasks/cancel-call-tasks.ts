import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';

/**
 * Cancels the debtor's open call tasks in one entity, so they leave the call
 * list. Each task keeps its earlier note with `note` added on a new line and
 * gets its own audit event. Its invoices lose the dunning state the task gave
 * them, as removing a message does, so a run after the hold proposes the call
 * step again. Returns the ids of the cancelled tasks.
 */
export async function cancelOpenCallTasks(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    debtorId: string;
    entityId: string;
    note: string;
  },
): Promise<string[]> {
  const open = await executor
    .selectFrom('call_tasks')
    .select(['id', 'note', 'retry_on'])
    .where('debtor_id', '=', params.debtorId)
    .where('entity_id', '=', params.entityId)
    .where('status', '=', 'open')
    .orderBy('id')
    .forUpdate()
    .execute();

  for (const task of open) {
    const note = task.note ? `${task.note}\n${params.note}` : params.note;
    await executor
      .updateTable('call_tasks')
      .set({ status: 'cancelled', note, retry_on: null })
      .where('id', '=', task.id)
      .execute();
    const released = await executor
      .deleteFrom('dunning_states')
      .where('call_task_id', '=', task.id)
      .executeTakeFirst();
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'call_task.cancelled',
      subjectType: 'call_task',
      subjectId: task.id,
      entityId: params.entityId,
      before: { status: 'open', note: task.note, retryOn: task.retry_on },
      after: {
        status: 'cancelled',
        note,
        retryOn: null,
        releasedInvoices: Number(released.numDeletedRows),
      },
    });
  }

  return open.map((task) => task.id);
}
