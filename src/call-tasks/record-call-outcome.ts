import { recordAudit } from '../audit/record-audit.ts';
import { loadSendingCalendar, nextSendingDay } from '../calendar/sending-days.ts';
import type { Executor } from '../db/database.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { removePendingMessagesOfDebtor } from '../debtors/debtor-hold.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { listCallTasks, MAX_CALL_ATTEMPTS, type CallTaskItem } from '../dunning/list-call-tasks.ts';
import { AppError } from '../errors.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';
import { listPromises, type PromiseItem } from '../promises/list-promises.ts';
import { findDebtorPhoneNumber } from './debtor-phone-numbers.ts';
import { flagWrongNumber } from './invalid-phone-numbers.ts';

/** A promised date may lie at most this many months after the entity's today. */
export const MAX_PROMISE_MONTHS = 12;

/**
 * Outcomes of a call, each acting on dunning:
 * - `reached`: the call is done.
 * - `no_answer`: the task stays open and comes back on the call list on its
 *   retry date. The third unanswered call (MAX_CALL_ATTEMPTS) closes it, and
 *   the profile's next step follows on its own date.
 * - `wrong_number`: closes the task and marks the number as wrong, so later
 *   call steps of the debtor use another number or become letters.
 * - `promise`: closes the task, records a promise to pay and removes the
 *   debtor's pending messages in the task currency from the entity's pending
 *   batches, because the promise pauses the reminders.
 * - `dispute`: closes the task. The issue that pauses dunning is registered
 *   on the debtor separately (the web app opens its dialog).
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
  /**
   * With outcome 'no_answer': the day to call again, from the entity's today
   * on. A day that is not a sending day of the entity moves to the next
   * sending day. Default: the entity's next sending day after today.
   */
  retryOn?: PlainDate | undefined;
  /**
   * With outcome 'wrong_number': the number called, one of the debtor's
   * numbers. Default: the number the call list shows.
   */
  number?: string | undefined;
}

export interface RecordedCallOutcome {
  task: CallTaskItem;
  promise: PromiseItem | null;
  /** Pending messages that the promise took out of pending batches. */
  removedMessageIds: string[];
  /** The requested retry date when it was not a sending day and moved to `task.retryOn`. */
  retryOnMovedFrom: PlainDate | null;
}

interface OpenTask {
  id: string;
  entity_id: string;
  debtor_id: string;
  currency: string;
  status: 'open' | 'done' | 'cancelled';
  outcome: string | null;
  note: string | null;
  attempts: number;
  retry_on: PlainDate | null;
}

/**
 * Records the outcome of an open call task and what it does to dunning (see
 * CALL_OUTCOMES). Every outcome counts as one attempt. The promised date
 * and the retry date may not lie before the entity's local today at `now`.
 * The task, the promise and a wrong number are audited in the caller's
 * transaction.
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
  const task = await lockOpenTask(executor, params.taskId);
  const entity = await executor
    .selectFrom('entities')
    .select('time_zone')
    .where('id', '=', task.entity_id)
    .executeTakeFirstOrThrow();
  const today = todayForEntity(entity, params.now);
  rejectMisplacedFields(input);
  const promise = parsePromise(input, { currency: task.currency, today });
  const wrongNumber =
    input.outcome === 'wrong_number' ? await numberCalled(executor, task, input.number) : undefined;
  const note = input.note?.trim() || null;

  const attempts = task.attempts + 1;
  const { moved_from: retryOnMovedFrom, ...state } = await nextTaskState(executor, {
    params,
    task,
    today,
    attempts,
  });
  const after = { ...state, outcome: input.outcome, note, attempts };
  await executor.updateTable('call_tasks').set(after).where('id', '=', task.id).execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'call_task.outcome_recorded',
    subjectType: 'call_task',
    subjectId: task.id,
    entityId: task.entity_id,
    before: {
      status: task.status,
      outcome: task.outcome,
      note: task.note,
      attempts: task.attempts,
      retryOn: task.retry_on,
    },
    after: {
      status: after.status,
      outcome: after.outcome,
      note,
      attempts,
      retryOn: after.retry_on,
    },
  });

  if (wrongNumber !== undefined) {
    await flagWrongNumber(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      task,
      number: wrongNumber,
    });
  }
  const promiseId = promise
    ? await insertPromise(executor, { params, task, promise, note })
    : undefined;
  const { removedMessageIds } = promise
    ? await removePendingMessagesOfDebtor(executor, {
        actor: params.actor,
        debtorId: task.debtor_id,
        entityId: task.entity_id,
        currency: task.currency,
      })
    : { removedMessageIds: [] };

  const [item] = await listCallTasks(executor, { taskId: task.id });
  const [promiseItem] = promiseId ? await listPromises(executor, { promiseId }) : [];
  if (!item) {
    throw new Error(`Call task ${task.id} vanished while its outcome was recorded.`);
  }

  return { task: item, promise: promiseItem ?? null, removedMessageIds, retryOnMovedFrom };
}

async function lockOpenTask(executor: Executor, taskId: string): Promise<OpenTask> {
  const task = await executor
    .selectFrom('call_tasks')
    .select([
      'id',
      'entity_id',
      'debtor_id',
      'currency',
      'status',
      'outcome',
      'note',
      'attempts',
      'retry_on',
    ])
    .where('id', '=', taskId)
    .forUpdate()
    .executeTakeFirst();
  if (!task) {
    throw new AppError('not_found', `Call task ${taskId} does not exist.`);
  }
  if (task.status !== 'open') {
    throw new AppError(
      'conflict',
      `Call task ${task.id} is ${task.status}; an outcome can be recorded only on an open task.`,
    );
  }

  return task;
}

/**
 * Decides the status and retry date after this attempt. An unanswered call
 * keeps the task open until the retry date, unless it was the last attempt
 * allowed. Every other outcome closes the task. A requested retry date that
 * is not a sending day moves to the next sending day, and `moved_from`
 * returns the requested date.
 */
async function nextTaskState(
  executor: Executor,
  context: {
    params: { organisationId: string; input: CallOutcomeInput };
    task: OpenTask;
    today: PlainDate;
    attempts: number;
  },
): Promise<{ status: 'open' | 'done'; retry_on: PlainDate | null; moved_from: PlainDate | null }> {
  const { input } = context.params;
  if (input.outcome !== 'no_answer' || context.attempts >= MAX_CALL_ATTEMPTS) {
    return { status: 'done', retry_on: null, moved_from: null };
  }
  if (input.retryOn !== undefined && input.retryOn < context.today) {
    throw invalidField(
      'body.retryOn',
      `${input.retryOn} lies before today (${context.today} in the entity's time zone); choose a date from today on`,
    );
  }
  const calendar = await loadSendingCalendar(executor, {
    organisationId: context.params.organisationId,
    entityId: context.task.entity_id,
  });
  if (input.retryOn === undefined) {
    const retryOn = nextSendingDay(calendar, addDays(context.today, 1));
    return { status: 'open', retry_on: retryOn, moved_from: null };
  }
  const retryOn = nextSendingDay(calendar, input.retryOn);

  return {
    status: 'open',
    retry_on: retryOn,
    moved_from: retryOn === input.retryOn ? null : input.retryOn,
  };
}

/**
 * Returns the number to mark as wrong: the debtor's number that matches the
 * one sent (as stored on the customer card), else the one the call list shows.
 * A sent number that matches none of the debtor's numbers is rejected, and
 * the error message contains none of the stored numbers.
 */
async function numberCalled(
  executor: Executor,
  task: OpenTask,
  number: string | undefined,
): Promise<string> {
  const sent = number?.trim();
  if (sent) {
    const stored = await findDebtorPhoneNumber(executor, {
      debtorId: task.debtor_id,
      number: sent,
    });
    if (stored === null) {
      throw invalidField(
        'body.number',
        `"${sent}" is not one of the debtor's phone numbers; send the debtor's phone number or a contact's phone or mobile number as on the customer card`,
      );
    }
    return stored;
  }
  const [listed] = await listCallTasks(executor, { taskId: task.id });
  const phone = listed?.debtor.phone;
  if (!phone) {
    throw invalidField(
      'body.number',
      'is required with outcome "wrong_number" because the debtor has no phone number left to mark; send the number you called',
    );
  }

  return phone;
}

async function insertPromise(
  executor: Executor,
  context: {
    params: { organisationId: string; actor: string };
    task: OpenTask;
    promise: { date: PlainDate; amount: string; amountMinor: number };
    note: string | null;
  },
): Promise<string> {
  const { params, task, promise } = context;
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
      note: context.note,
      created_by: params.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
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

  return created.id;
}

/** Rejects `retryOn` and `number` with an outcome that does not use them. */
function rejectMisplacedFields(input: CallOutcomeInput): void {
  if (input.retryOn !== undefined && input.outcome !== 'no_answer') {
    throw invalidField(
      'body.retryOn',
      `is only allowed with outcome "no_answer", not "${input.outcome}"; leave it out`,
    );
  }
  if (input.number !== undefined && input.outcome !== 'wrong_number') {
    throw invalidField(
      'body.number',
      `is only allowed with outcome "wrong_number", not "${input.outcome}"; leave it out`,
    );
  }
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
  const latest = latestPromiseDate(context.today);
  if (date > latest) {
    throw invalidField(
      'body.promise.date',
      `${date} lies more than ${MAX_PROMISE_MONTHS} months after today (${context.today} in the entity's time zone); promise a date up to ${latest}`,
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

/**
 * Returns the last date a promise may name: the same day MAX_PROMISE_MONTHS
 * after `today`, or the last day of that month when it is shorter (29
 * February gives 28 February).
 */
export function latestPromiseDate(today: PlainDate): PlainDate {
  const [year = 0, month = 1, day = 1] = today.split('-').map(Number);
  const monthIndex = month - 1 + MAX_PROMISE_MONTHS;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, '0');

  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

function invalidField(field: string, message: string): AppError {
  return new AppError('invalid_input', `Invalid request: ${field}: ${message}.`, {
    fields: [{ field, message }],
  });
}
