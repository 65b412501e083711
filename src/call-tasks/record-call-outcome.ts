import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { listCallTasks, type CallTaskItem } from '../dunning/list-call-tasks.ts';
import { AppError } from '../errors.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';
import { listPromises, type PromiseItem } from '../promises/list-promises.ts';

/**
 * Outcomes of a call. `no_answer` leaves the task open, so it stays on the
 * call list for another attempt. Every other outcome closes it. `promise`
 * also records a promise to pay. `dispute` only records the outcome, and the
 * issue that pauses dunning is opened separately on the debtor.
 */
export const CALL_OUTCOMES = [
  'reached',
  'no_answer',
  'wrong_number',
  'promise',
  'dispute',
] as const;

export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallOutcomeInput {
  outcome: CallOutcome;
  note?: string | undefined;
  /** Required with outcome 'promise' and rejected with any other outcome. */
  promise?: { date: PlainDate; amount: string } | undefined;
}

export interface RecordedCallOutcome {
  task: CallTaskItem;
  promise: PromiseItem | null;
}

/**
 * Records the outcome of an open call task and, for outcome 'promise', the
 * promise to pay in the task's currency. The promised date may not lie
 * before the entity's local today at `now`. The task and the promise are
 * audited with before and after in the caller's transaction.
 *
 * An unanswered call keeps the task open with outcome 'no_answer' and the
 * new note. The table has no attempt counter, so the audit log, with one
 * event per attempt, is the record of how often the debtor was called.
 */
export async function recordCallOutcome(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    taskId: string;
    input: CallOutcomeInput;
    now: Date;
  },
): Promise<RecordedCallOutcome> {
  const { input } = params;
  const task = await executor
    .selectFrom('call_tasks')
    .select(['id', 'entity_id', 'debtor_id', 'currency', 'status', 'outcome', 'note'])
    .where('id', '=', params.taskId)
    .forUpdate()
    .executeTakeFirst();
  if (!task) {
    throw new AppError('not_found', `Call task ${params.taskId} does not exist.`);
  }
  if (task.status !== 'open') {
    throw new AppError(
      'conflict',
      `Call task ${task.id} is ${task.status}; an outcome can be recorded only on an open task.`,
    );
  }
  const entity = await executor
    .selectFrom('entities')
    .select('time_zone')
    .where('id', '=', task.entity_id)
    .executeTakeFirstOrThrow();
  const promise = parsePromise(input, {
    currency: task.currency,
    today: todayForEntity(entity, params.now),
  });
  const note = input.note?.trim() || null;

  const after = {
    status: input.outcome === 'no_answer' ? ('open' as const) : ('done' as const),
    outcome: input.outcome,
    note,
  };
  await executor.updateTable('call_tasks').set(after).where('id', '=', task.id).execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'call_task.outcome_recorded',
    subjectType: 'call_task',
    subjectId: task.id,
    entityId: task.entity_id,
    before: { status: task.status, outcome: task.outcome, note: task.note },
    after,
  });

  let promiseId: string | undefined;
  if (promise) {
    const created = await executor
      .insertInto('promises')
      .values({
        organisation_id: params.organisationId,
        entity_id: task.entity_id,
        debtor_id: task.debtor_id,
        call_task_id: task.id,
        promised_date: promise.date,
        currency: task.currency,
        amount_minor: promise.amountMinor,
        note,
        created_by: params.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    promiseId = created.id;
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'promise.created',
      subjectType: 'promise',
      subjectId: created.id,
      entityId: task.entity_id,
      after: {
        debtorId: task.debtor_id,
        callTaskId: task.id,
        promisedDate: promise.date,
        amount: promise.amount,
        currency: task.currency,
        status: 'open',
      },
    });
  }

  const [item] = await listCallTasks(executor, { taskId: task.id });
  const [promiseItem] = promiseId ? await listPromises(executor, { promiseId }) : [];
  if (!item) {
    throw new Error(`Call task ${task.id} vanished while its outcome was recorded.`);
  }

  return { task: item, promise: promiseItem ?? null };
}

/** Checks the promise against the outcome, the entity's today and the task's currency. */
function parsePromise(
  input: CallOutcomeInput,
  context: { currency: string; today: PlainDate },
): { date: PlainDate; amount: string; amountMinor: number } | undefined {
  if (input.outcome !== 'promise') {
    if (input.promise) {
      throw invalidField(
        'body.promise',
        `is only allowed with outcome "promise", not "${input.outcome}"; leave it out`,
      );
    }
    return undefined;
  }
  if (!input.promise) {
    throw invalidField(
      'body.promise',
      'is required with outcome "promise": send the promised date and amount',
    );
  }

  const { date, amount } = input.promise;
  if (date < context.today) {
    throw invalidField(
      'body.promise.date',
      `${date} lies before today (${context.today} in the entity's time zone); promise a date from today on`,
    );
  }
  let amountMinor: number;
  try {
    amountMinor = parseAmount(amount, context.currency);
  } catch (error) {
    if (error instanceof AmountParseError) {
      throw invalidField(
        'body.promise.amount',
        `"${amount}" ${error.message}; send a decimal in ${context.currency} with a point, such as "250.00"`,
      );
    }
    throw error;
  }
  if (amountMinor <= 0) {
    throw invalidField('body.promise.amount', `"${amount}" is not more than zero`);
  }

  return { date, amount: formatDecimal(amountMinor, context.currency), amountMinor };
}

function invalidField(field: string, message: string): AppError {
  return new AppError('invalid_input', `Invalid request: ${field}: ${message}.`, {
    fields: [{ field, message }],
  });
}
