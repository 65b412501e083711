import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadActorNames } from '../issues/actor-names.ts';

/** A phone number that a call marked as wrong, as the debtor card shows it. */
export interface InvalidPhoneNumber {
  number: string;
  callTaskId: string | null;
  flaggedBy: { actor: string; name: string };
  flaggedAt: string;
}

/**
 * Marks `number` as wrong for the debtor of a call task, so that the dunning
 * run skips it and sends the debtor's call steps as letters when no other
 * number is left. Flagging a number again keeps the first flag.
 */
export async function flagWrongNumber(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    task: { id: string; entity_id: string; debtor_id: string };
    number: string;
  },
): Promise<void> {
  const { task } = params;
  const inserted = await executor
    .insertInto('invalid_phone_numbers')
    .values({
      organisation_id: params.organisationId,
      entity_id: task.entity_id,
      debtor_id: task.debtor_id,
      number: params.number,
      call_task_id: task.id,
      flagged_by: params.actor,
    })
    .onConflict((conflict) => conflict.columns(['debtor_id', 'number']).doNothing())
    .returning('number')
    .executeTakeFirst();
  if (!inserted) {
    return;
  }
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'invalid_phone_number.flagged',
    subjectType: 'debtor',
    subjectId: task.debtor_id,
    entityId: task.entity_id,
    after: { number: params.number, callTaskId: task.id },
  });
}

/** Lists the numbers calls marked as wrong for a debtor, newest first. */
export async function listInvalidPhoneNumbers(
  executor: Executor,
  params: { debtorId: string },
): Promise<InvalidPhoneNumber[]> {
  const rows = await executor
    .selectFrom('invalid_phone_numbers')
    .select(['number', 'call_task_id', 'flagged_by', sql<Date>`flagged_at`.as('flagged_at')])
    .where('debtor_id', '=', params.debtorId)
    .orderBy('flagged_at', 'desc')
    .orderBy('number')
    .execute();
  const nameOf = await loadActorNames(
    executor,
    rows.map((row) => row.flagged_by),
  );

  return rows.map((row) => ({
    number: row.number,
    callTaskId: row.call_task_id,
    flaggedBy: nameOf(row.flagged_by),
    flaggedAt: new Date(row.flagged_at).toISOString(),
  }));
}

/**
 * Removes the wrong-number flag from one of a debtor's numbers, so that
 * later call steps use it again. Throws not_found when the debtor has no
 * such flag (or is not visible to the caller).
 */
export async function clearInvalidPhoneNumber(
  executor: Executor,
  params: { organisationId: string; actor: string; debtorId: string; number: string },
): Promise<void> {
  const removed = await executor
    .deleteFrom('invalid_phone_numbers')
    .where('debtor_id', '=', params.debtorId)
    .where('number', '=', params.number)
    .returning(['entity_id', 'call_task_id', 'flagged_by'])
    .executeTakeFirst();
  if (!removed) {
    throw new AppError(
      'not_found',
      `Debtor ${params.debtorId} has no phone number ${params.number} marked as wrong.`,
    );
  }
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'invalid_phone_number.cleared',
    subjectType: 'debtor',
    subjectId: params.debtorId,
    entityId: removed.entity_id,
    before: {
      number: params.number,
      callTaskId: removed.call_task_id,
      flaggedBy: removed.flagged_by,
    },
  });
}
