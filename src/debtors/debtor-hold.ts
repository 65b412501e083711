import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { removeMessage } from '../dunning/remove-message.ts';
import { requireUuid } from '../dunning/require-uuid.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { cancelOpenCallTasks } from '../call-tasks/cancel-call-tasks.ts';
import { AppError } from '../errors.ts';
import { loadActorNames } from '../issues/actor-names.ts';

/** The maximum length of a hold reason, as the debtors table checks it. */
export const MAX_HOLD_REASON_LENGTH = 500;

/**
 * A debtor held from dunning: while `until` is null or on or after the run
 * date, the dunning run makes no message or call task for the debtor.
 */
export interface DebtorDunningHold {
  reason: string;
  /** The last day of the hold, or null for a hold until it is lifted. */
  until: PlainDate | null;
  heldBy: { actor: string; name: string };
  heldAt: string;
}

export interface HeldFromBatch {
  debtorId: string;
  hold: DebtorDunningHold;
  /** Pending messages of the debtor taken out of the entity's pending batches. */
  removedMessageIds: string[];
  /** Invoices whose dunning state those messages gave was released. */
  releasedInvoices: number;
  /** Open call tasks of the debtor in the batch's entity, now cancelled. */
  cancelledCallTaskIds: string[];
}

/** Pending messages taken out of pending batches, and the invoices they released. */
export interface RemovedPendingMessages {
  removedMessageIds: string[];
  releasedInvoices: number;
}

type HoldColumns = {
  dunning_hold_reason: string | null;
  dunning_hold_until: PlainDate | null;
  dunning_held_by: string | null;
  dunning_held_at: Date | string | null;
};

/**
 * Holds a debtor of a pending batch from dunning. It removes the debtor's
 * pending messages from every pending batch of the batch's entity, as
 * removing them one by one would, so their invoices get the step back. It
 * also cancels the debtor's open call tasks of that entity and stores the
 * hold on the debtor. Holding a held debtor again replaces the
 * reason and the end date. `until`, when given, may not lie before the
 * entity's local today at `now`.
 */
export async function holdDebtorFromBatch(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    batchId: string;
    debtorId: string;
    input: { reason: string; until?: PlainDate | undefined };
    now: Date;
  },
): Promise<HeldFromBatch> {
  const batch = await findPendingBatch(executor, params.batchId);
  const debtor = await findDebtorOfEntity(executor, {
    debtorId: params.debtorId,
    entityId: batch.entity_id,
  });
  const reason = checkReason(params.input.reason);
  const until = params.input.until ?? null;
  const today = todayForEntity(debtor, params.now);
  if (until !== null && until < today) {
    throw invalidField(
      'body.until',
      `${until} lies before today (${today} in the entity's time zone); choose a date from today on, or leave it out to hold until the hold is lifted`,
    );
  }

  const { removedMessageIds, releasedInvoices } = await removePendingMessagesOfDebtor(executor, {
    actor: params.actor,
    debtorId: debtor.id,
    entityId: batch.entity_id,
  });
  const cancelledCallTaskIds = await cancelOpenCallTasks(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    debtorId: debtor.id,
    entityId: batch.entity_id,
    note: `Cancelled because the debtor was held from dunning: ${reason}`,
  });

  const after: HoldColumns = {
    dunning_hold_reason: reason,
    dunning_hold_until: until,
    dunning_held_by: params.actor,
    dunning_held_at: params.now,
  };
  await executor.updateTable('debtors').set(after).where('id', '=', debtor.id).execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'debtor.dunning_held',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    before: auditedHold(debtor),
    after: {
      ...auditedHold(after),
      batchId: batch.id,
      removedMessageIds,
      releasedInvoices,
      cancelledCallTaskIds,
    },
  });
  const hold = await readDebtorHold(executor, { debtorId: debtor.id });
  if (!hold) {
    throw new Error(`The hold of debtor ${debtor.id} vanished while it was stored.`);
  }

  return { debtorId: debtor.id, hold, removedMessageIds, releasedInvoices, cancelledCallTaskIds };
}

/**
 * Removes the debtor's pending messages from the pending batches of the
 * entity with removeMessage, so their invoices get the step back. With
 * `currency`, only messages in that currency leave their batch.
 */
export async function removePendingMessagesOfDebtor(
  executor: Executor,
  params: { actor: string; debtorId: string; entityId: string; currency?: string },
): Promise<RemovedPendingMessages> {
  const removedMessageIds = await pendingMessageIds(executor, params);
  let releasedInvoices = 0;
  for (const messageId of removedMessageIds) {
    const removed = await removeMessage(executor, { messageId, actor: params.actor });
    releasedInvoices += removed.releasedInvoices;
  }

  return { removedMessageIds, releasedInvoices };
}

/**
 * Lifts a debtor's dunning hold, so that the next run reminds the debtor
 * again. Lifting a debtor that is not held changes nothing and writes no
 * audit event. Throws not_found when the debtor is not visible to the caller.
 */
export async function liftDebtorHold(
  executor: Executor,
  params: { organisationId: string; actor: string; debtorId: string },
): Promise<{ debtorId: string; lifted: boolean }> {
  const debtorId = requireUuid(params.debtorId, 'Debtor');
  const debtor = await executor
    .selectFrom('debtors')
    .select([
      'id',
      'entity_id',
      'dunning_hold_reason',
      'dunning_hold_until',
      'dunning_held_by',
      'dunning_held_at',
    ])
    .where('id', '=', debtorId)
    .forUpdate()
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${debtorId} does not exist.`);
  }
  if (debtor.dunning_hold_reason === null) {
    return { debtorId, lifted: false };
  }

  await executor
    .updateTable('debtors')
    .set({
      dunning_hold_reason: null,
      dunning_hold_until: null,
      dunning_held_by: null,
      dunning_held_at: null,
    })
    .where('id', '=', debtorId)
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'debtor.dunning_hold_lifted',
    subjectType: 'debtor',
    subjectId: debtorId,
    entityId: debtor.entity_id,
    before: auditedHold(debtor),
    after: auditedHold({
      dunning_hold_reason: null,
      dunning_hold_until: null,
      dunning_held_by: null,
      dunning_held_at: null,
    }),
  });

  return { debtorId, lifted: true };
}

/**
 * Reads a debtor's dunning hold with the name of who set it, or null when
 * the debtor is not held. A hold whose end date has passed is returned as
 * well, so the caller compares `until` with its own date.
 */
export async function readDebtorHold(
  executor: Executor,
  params: { debtorId: string },
): Promise<DebtorDunningHold | null> {
  const row = await executor
    .selectFrom('debtors')
    .select(['dunning_hold_reason', 'dunning_hold_until', 'dunning_held_by', 'dunning_held_at'])
    .where('id', '=', params.debtorId)
    .executeTakeFirst();
  if (!row?.dunning_hold_reason) {
    return null;
  }
  const heldBy = row.dunning_held_by ?? 'system';
  const nameOf = await loadActorNames(executor, [heldBy]);

  return {
    reason: row.dunning_hold_reason,
    until: row.dunning_hold_until,
    heldBy: nameOf(heldBy),
    heldAt: new Date(row.dunning_held_at ?? 0).toISOString(),
  };
}

async function findPendingBatch(executor: Executor, batchId: string) {
  const id = requireUuid(batchId, 'Batch');
  const batch = await executor
    .selectFrom('message_batches')
    .select(['id', 'entity_id', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!batch) {
    throw new AppError('not_found', `Batch ${id} does not exist.`);
  }
  if (batch.status !== 'pending') {
    throw new AppError(
      'conflict',
      `Batch ${id} is ${batch.status}; a debtor can be held only from a pending batch.`,
    );
  }

  return batch;
}

async function findDebtorOfEntity(
  executor: Executor,
  params: { debtorId: string; entityId: string },
) {
  const id = requireUuid(params.debtorId, 'Debtor');
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .select([
      'd.id',
      'd.entity_id',
      'd.dunning_hold_reason',
      'd.dunning_hold_until',
      'd.dunning_held_by',
      'd.dunning_held_at',
      'e.time_zone',
    ])
    .where('d.id', '=', id)
    .where('d.entity_id', '=', params.entityId)
    .forUpdate('d')
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${id} does not exist in the entity of the batch.`);
  }

  return debtor;
}

/** Lists the debtor's pending messages in the pending batches of the entity. */
async function pendingMessageIds(
  executor: Executor,
  params: { debtorId: string; entityId: string; currency?: string },
): Promise<string[]> {
  let query = executor
    .selectFrom('messages as m')
    .innerJoin('message_batches as b', 'b.id', 'm.batch_id')
    .select('m.id')
    .where('m.debtor_id', '=', params.debtorId)
    .where('m.status', '=', 'pending')
    .where('b.entity_id', '=', params.entityId)
    .where('b.status', '=', 'pending');
  if (params.currency !== undefined) {
    query = query.where('m.currency', '=', params.currency);
  }
  const rows = await query.orderBy('m.id').execute();

  return rows.map((row) => row.id);
}

function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) {
    throw invalidField('body.reason', 'is empty: say why the debtor is held');
  }
  if (trimmed.length > MAX_HOLD_REASON_LENGTH) {
    throw invalidField(
      'body.reason',
      `has ${trimmed.length} characters; shorten it to at most ${MAX_HOLD_REASON_LENGTH}`,
    );
  }

  return trimmed;
}

function auditedHold(columns: HoldColumns) {
  return {
    reason: columns.dunning_hold_reason,
    until: columns.dunning_hold_until,
    heldBy: columns.dunning_held_by,
    heldAt:
      columns.dunning_held_at === null ? null : new Date(columns.dunning_held_at).toISOString(),
  };
}

function invalidField(field: string, message: string): AppError {
  return new AppError('invalid_input', `Invalid request: ${field}: ${message}.`, {
    fields: [{ field, message }],
  });
}
