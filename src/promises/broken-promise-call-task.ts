import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { formatDecimal } from '../money/money.ts';

/**
 * Creates the call task of a broken promise to pay: call the debtor about
 * the unpaid part, due on `dueDate`. The unique index on call_tasks.promise_id
 * makes one task per promise, so a second call for the same promise adds nothing.
 */
export async function insertBrokenPromiseCallTask(
  executor: Executor,
  params: {
    organisationId: string;
    promise: {
      id: string;
      entity_id: string;
      debtor_id: string;
      promised_date: PlainDate;
      currency: string;
      amount_minor: number;
      paid_minor: number;
    };
    dueDate: PlainDate;
  },
): Promise<void> {
  const { promise } = params;
  const unpaidMinor = Math.max(0, promise.amount_minor - Number(promise.paid_minor));
  const money = (minor: number) => `${formatDecimal(minor, promise.currency)} ${promise.currency}`;
  await executor
    .insertInto('call_tasks')
    .values({
      organisation_id: params.organisationId,
      entity_id: promise.entity_id,
      run_id: null,
      debtor_id: promise.debtor_id,
      step_id: null,
      reason: 'broken_promise',
      promise_id: promise.id,
      arrangement_id: null,
      due_date: params.dueDate,
      currency: promise.currency,
      total_minor: unpaidMinor,
      outcome: null,
      note: null,
      explanation: JSON.stringify({
        reason: `Promise to pay ${money(promise.amount_minor)} by ${promise.promised_date} is broken: ${money(unpaidMinor)} unpaid.`,
        promiseId: promise.id,
        invoices: [],
      }),
      retry_on: null,
      created_at: new Date(),
    })
    .onConflict((conflict) =>
      conflict.column('promise_id').where('promise_id', 'is not', null).doNothing(),
    )
    .execute();
}
