import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { comparedWithEntityToday, type EntityToday } from '../home/entity-today.ts';
import { formatDecimal } from '../money/money.ts';

export type CallTaskStatus = 'open' | 'done' | 'cancelled';

export interface CallTaskItem {
  id: string;
  entityCode: string;
  /** `phone` is the debtor's number, else a reminders or general contact's. */
  debtor: { id: string; number: string; name: string; phone: string | null };
  dueDate: PlainDate;
  /** Net open total the call is about, as a decimal string in `currency`. */
  total: string;
  currency: string;
  status: CallTaskStatus;
  stepName: string;
  /** The last recorded outcome, such as 'no_answer' on a task that stays open. */
  outcome: string | null;
  note: string | null;
}

export interface CallTaskFilter {
  entityId?: string | undefined;
  status?: CallTaskStatus | undefined;
  taskId?: string | undefined;
  /** Only tasks due on or before the local today of their entity; entities left out match nothing. */
  dueBy?: readonly EntityToday[] | undefined;
}

/** Lists the call list: call tasks by due date, then debtor number, at most `limit` of them. */
export async function listCallTasks(
  executor: Executor,
  params: CallTaskFilter & { limit?: number },
): Promise<CallTaskItem[]> {
  const contactPhone = sql<string | null>`(
    select c.phone from contacts c
    where c.debtor_id = d.id and c.phone is not null and c.role in ('reminders', 'general')
    order by c.role = 'reminders' desc, c.created_at
    limit 1
  )`;
  let query = filterCallTasks(executor, params)
    .innerJoin('entities as e', 'e.id', 't.entity_id')
    .innerJoin('steps as s', 's.id', 't.step_id')
    .select([
      't.id',
      'e.code as entity_code',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      sql<string | null>`coalesce(d.phone, ${contactPhone})`.as('phone'),
      't.due_date',
      't.total_minor',
      't.currency',
      't.status',
      's.name as step_name',
      't.outcome',
      't.note',
    ])
    .orderBy('t.due_date')
    .orderBy('d.number')
    .orderBy('t.id');
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
    },
    dueDate: row.due_date,
    total: formatDecimal(row.total_minor, row.currency),
    currency: row.currency,
    status: row.status,
    stepName: row.step_name,
    outcome: row.outcome,
    note: row.note,
  }));
}

/** Counts the call tasks that `listCallTasks` would list without a limit. */
export async function countCallTasks(executor: Executor, params: CallTaskFilter): Promise<number> {
  const row = await filterCallTasks(executor, params)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return row.count;
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

  return query;
}
