import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { comparedWithEntityToday, type EntityToday } from '../home/entity-today.ts';
import { formatDecimal } from '../money/money.ts';

export type CallTaskStatus = 'open' | 'done' | 'cancelled';

/**
 * Orders of the call list:
 * - `priority`: the open total weighted by the debtor's risk score, highest
 *   first. The weight is 1 + risk / 100 with the score clamped to 0..100, so
 *   the highest risk doubles an amount. A debtor without a score counts as
 *   risk 0. A large amount at low risk therefore still comes before a small
 *   amount at high risk, and equal amounts come by risk.
 * - `amount`: the open total, highest first, then risk.
 * - `risk`: the risk score, highest first and debtors without a score last,
 *   then the open total.
 * - `due_date`: the due date, oldest first.
 *
 * Every order ends with the due date, the debtor number and the task id, so
 * it is stable. Amounts are compared in minor units without conversion, so
 * a list that mixes currencies orders their amounts as plain numbers.
 */
export const CALL_TASK_SORTS = ['priority', 'amount', 'risk', 'due_date'] as const;

export type CallTaskSort = (typeof CALL_TASK_SORTS)[number];

/** The maximum number of calls on one task. The unanswered call that reaches it closes the task. */
export const MAX_CALL_ATTEMPTS = 3;

export interface CallTaskItem {
  id: string;
  entityCode: string;
  /**
   * `phone` is the first number no call marked as wrong: the debtor's own,
   * else a reminders contact's, else a general contact's (phone before mobile).
   */
  debtor: {
    id: string;
    number: string;
    name: string;
    phone: string | null;
    riskScore: number | null;
  };
  dueDate: PlainDate;
  /** Net open total the call is about, as a decimal string in `currency`. */
  total: string;
  currency: string;
  status: CallTaskStatus;
  stepName: string;
  /** The last recorded outcome, such as 'no_answer' on a task that stays open. */
  outcome: string | null;
  note: string | null;
  /** Calls made so far on this task. */
  attempts: number;
  /** After an unanswered call: the day the task comes back on the call list. */
  retryOn: PlainDate | null;
}

export interface CallTaskFilter {
  entityId?: string | undefined;
  status?: CallTaskStatus | undefined;
  taskId?: string | undefined;
  /** Only tasks due on or before the local today of their entity; entities left out match nothing. */
  dueBy?: readonly EntityToday[] | undefined;
  /**
   * Hides tasks whose retry date lies after the local today of their entity.
   * Tasks of entities left out are hidden only when they have a retry date.
   */
  retryBy?: readonly EntityToday[] | undefined;
}

/** Lists call tasks in the order `sort` (default `due_date`), at most `limit` of them. */
export async function listCallTasks(
  executor: Executor,
  params: CallTaskFilter & { limit?: number; sort?: CallTaskSort | undefined },
): Promise<CallTaskItem[]> {
  let query = filterCallTasks(executor, params)
    .innerJoin('entities as e', 'e.id', 't.entity_id')
    // A task that no step made, such as the call after a broken promise, is named by its reason.
    .leftJoin('steps as s', 's.id', 't.step_id')
    .select([
      't.id',
      'e.code as entity_code',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'd.risk_score',
      callablePhone().as('phone'),
      't.due_date',
      't.total_minor',
      't.currency',
      't.status',
      sql<string>`coalesce(s.name, case t.reason
        when 'broken_promise' then 'Broken promise to pay'
        when 'broken_arrangement' then 'Broken payment arrangement'
        else t.reason end)`.as('step_name'),
      't.outcome',
      't.note',
      't.attempts',
      't.retry_on',
    ]);
  for (const order of sortOrder(params.sort ?? 'due_date')) {
    query = query.orderBy(order);
  }
  query = query.orderBy('t.due_date').orderBy('d.number').orderBy('t.id');
  if (params.limit !== undefined) {
    query = query.limit(params.limit);
  }
  const rows = await query.execute();

  return rows.map((row) => ({
    id: row.id,
    entityCode: row.entity_code,
    debtor: {
      id: row.debtor_id,
      number: row.debtor_number,
      name: row.debtor_name,
      phone: row.phone,
      riskScore: row.risk_score,
    },
    dueDate: row.due_date,
    total: formatDecimal(row.total_minor, row.currency),
    currency: row.currency,
    status: row.status,
    stepName: row.step_name,
    outcome: row.outcome,
    note: row.note,
    attempts: row.attempts,
    retryOn: row.retry_on,
  }));
}

/** Counts the call tasks that `listCallTasks` would list without a limit. */
export async function countCallTasks(executor: Executor, params: CallTaskFilter): Promise<number> {
  const row = await filterCallTasks(executor, params)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return row.count;
}

/**
 * Selects the number to call: the debtor's phone, then the phone and mobile
 * numbers of reminders contacts, then of general contacts, skipping numbers
 * a call marked wrong.
 *
 * NOTE: the dunning run (resolveDelivery) looks only at the debtor's phone
 * and the contacts' mobile numbers, so a contact's landline listed here does
 * not keep a later call step from becoming a letter.
 */
function callablePhone(): RawBuilder<string | null> {
  return sql<string | null>`(
    select candidate.number from (
      select d.phone as number, 0 as rank, null::timestamptz as created_at
      union all
      select c.phone, case c.role when 'reminders' then 1 else 3 end, c.created_at
      from contacts c where c.debtor_id = d.id and c.role in ('reminders', 'general')
      union all
      select c.mobile, case c.role when 'reminders' then 2 else 4 end, c.created_at
      from contacts c where c.debtor_id = d.id and c.role in ('reminders', 'general')
    ) as candidate
    where candidate.number is not null
      and not exists (
        select 1 from invalid_phone_numbers wrong
        where wrong.debtor_id = d.id and wrong.number = candidate.number
      )
    order by candidate.rank, candidate.created_at
    limit 1
  )`;
}

/** Returns the leading ORDER BY terms of `sort`; see CALL_TASK_SORTS. */
function sortOrder(sort: CallTaskSort): RawBuilder<unknown>[] {
  const risk = sql`least(greatest(coalesce(d.risk_score, 0), 0), 100)`;
  switch (sort) {
    case 'priority':
      return [
        sql`t.total_minor::numeric * (100 + ${risk}) desc`,
        sql`d.risk_score desc nulls last`,
      ];
    case 'amount':
      return [sql`t.total_minor desc`, sql`d.risk_score desc nulls last`];
    case 'risk':
      return [sql`d.risk_score desc nulls last`, sql`t.total_minor desc`];
    case 'due_date':
      return [];
  }
}

function filterCallTasks(executor: Executor, params: CallTaskFilter) {
  let query = executor
    .selectFrom('call_tasks as t')
    .innerJoin('debtors as d', 'd.id', 't.debtor_id');
  if (params.entityId) {
    query = query.where('t.entity_id', '=', params.entityId);
  }
  if (params.status) {
    query = query.where('t.status', '=', params.status);
  }
  if (params.taskId) {
    query = query.where('t.id', '=', params.taskId);
  }
  if (params.dueBy) {
    query = query.where(
      comparedWithEntityToday(params.dueBy, { entityId: 't.entity_id', date: 't.due_date' }, '<='),
    );
  }
  if (params.retryBy) {
    const retryDue = comparedWithEntityToday(
      params.retryBy,
      { entityId: 't.entity_id', date: 't.retry_on' },
      '<=',
    );
    query = query.where(sql<boolean>`(t.retry_on is null or ${retryDue})`);
  }

  return query;
}
