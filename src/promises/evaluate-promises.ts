import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { formatDecimal } from '../money/money.ts';
import { insertBrokenPromiseCallTask } from './broken-promise-call-task.ts';
import { paidTowardsPromise } from './list-promises.ts';

export interface PromiseEvaluation {
  kept: number;
  broken: number;
}

/**
 * Settles the open promises to pay visible in the transaction. A promise is
 * kept once the debtor's payments from the day it was made up to the
 * promised date cover the amount, even before that date. It is broken when
 * the promised date lies before the entity's local today at `now` and the
 * payments fall short. settled_on records that local today. A broken
 * promise gets one call task (reason broken_promise) to call the debtor,
 * due that day. Every change is audited with before and after.
 *
 * NOTE: a promise is judged on the payments booked when this runs. A payment
 * dated on or before the promised date that is imported after the promise
 * was marked broken does not turn it into kept.
 */
export async function evaluatePromises(
  executor: Executor,
  params: { organisationId: string; now: Date; actor: string },
): Promise<PromiseEvaluation> {
  const open = await executor
    .selectFrom('promises as p')
    .innerJoin('entities as e', 'e.id', 'p.entity_id')
    .select([
      'p.id',
      'p.entity_id',
      'p.debtor_id',
      'p.promised_date',
      'p.amount_minor',
      'p.currency',
      'e.time_zone',
      paidTowardsPromise.as('paid_minor'),
    ])
    .where('p.status', '=', 'open')
    .orderBy('p.promised_date')
    .execute();
  const result: PromiseEvaluation = { kept: 0, broken: 0 };

  for (const promise of open) {
    const today = todayForEntity(promise, params.now);
    let status: keyof PromiseEvaluation | undefined;
    if (promise.paid_minor >= promise.amount_minor) {
      status = 'kept';
    } else if (promise.promised_date < today) {
      status = 'broken';
    }
    if (!status) {
      continue;
    }

    // The status condition makes a concurrent evaluation change and audit each promise once.
    const updated = await executor
      .updateTable('promises')
      .set({ status, settled_on: today })
      .where('id', '=', promise.id)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!updated) {
      continue;
    }
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: `promise.${status}`,
      subjectType: 'promise',
      subjectId: promise.id,
      entityId: promise.entity_id,
      before: { status: 'open' },
      after: { status, paid: formatDecimal(promise.paid_minor, promise.currency) },
    });
    if (status === 'broken') {
      await insertBrokenPromiseCallTask(executor, {
        organisationId: params.organisationId,
        promise: { ...promise, amount_minor: Number(promise.amount_minor) },
        dueDate: today,
      });
    }
    result[status] += 1;
  }

  return result;
}
