import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
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
  outcome: string | null;
  note: string | null;
}

/** Lists the call list: call tasks by due date, then debtor number. */
export async function listCallTasks(
  executor: Executor,
  params: { entityId?: string; status?: CallTaskStatus },
): Promise<CallTaskItem[]> {
  const contactPhone = sql<string | null>`(
    select c.phone from contacts c
    where c.debtor_id = d.id and c.phone is not null and c.role in ('reminders', 'general')
    order by c.role = 'reminders' desc, c.created_at
    limit 1
  )`;
  let query = executor
    .selectFrom('call_tasks as t')
    .innerJoin('debtors as d', 'd.id', 't.debtor_id')
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
    .orderBy('d.number');
  if (params.entityId) {
    query = query.where('t.entity_id', '=', params.entityId);
  }
  if (params.status) {
    query = query.where('t.status', '=', params.status);
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
