import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PromiseChannel, PromiseStatus } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { comparedWithEntityToday, type EntityToday } from '../home/entity-today.ts';
import { formatDecimal } from '../money/money.ts';

export interface PromiseItem {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  promisedDate: PlainDate;
  /** The promised amount, as a decimal string in `currency`. */
  amount: string;
  /** Sum of the debtor's payments in `currency` from the day of the promise up to the promised date. */
  paid: string;
  currency: string;
  status: PromiseStatus;
  /** The channel of the promise: call, email, letter, portal, sms or other. */
  channel: PromiseChannel;
  note: string | null;
  /** The call whose outcome recorded the promise, if any. */
  callTaskId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface PromiseFilter {
  entityId?: string | undefined;
  status?: PromiseStatus | undefined;
  promiseId?: string | undefined;
  /** Only promises dated on or before the local today of their entity. */
  dueBy?: readonly EntityToday[] | undefined;
}

/**
 * Sums the debtor's payments in the promise's currency dated from the day
 * the promise was made (in the entity's time zone) up to and including the
 * promised date. Refunds, booked as negative payments, reduce the sum.
 * Needs the promise as `p` and its entity as `e`.
 *
 * NOTE: only payments booked with the debtor count. A payment without a
 * debtor that is allocated to the debtor's invoices is not counted.
 */
export const paidTowardsPromise = sql<number>`coalesce((
  select sum(pay.amount_minor) from payments pay
  where pay.debtor_id = p.debtor_id
    and pay.currency = p.currency
    and pay.payment_date >= (p.created_at at time zone e.time_zone)::date
    and pay.payment_date <= p.promised_date
), 0)::bigint`;

/** Lists promises to pay by promised date, then debtor number, at most `limit` of them. */
export async function listPromises(
  executor: Executor,
  params: PromiseFilter & { limit?: number },
): Promise<PromiseItem[]> {
  let query = filterPromises(executor, params)
    .select([
      'p.id',
      'e.code as entity_code',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'p.promised_date',
      'p.amount_minor',
      paidTowardsPromise.as('paid_minor'),
      'p.currency',
      'p.status',
      'p.channel',
      'p.note',
      'p.call_task_id',
      'p.created_by',
      // Selected raw because the schema's Generated<Timestamp> reads back as a column type.
      sql<Date | string>`p.created_at`.as('created_at'),
    ])
    .orderBy('p.promised_date')
    .orderBy('d.number')
    .orderBy('p.id');
  if (params.limit !== undefined) {
    query = query.limit(params.limit);
  }
  const rows = await query.execute();

  return rows.map((row) => ({
    id: row.id,
    entityCode: row.entity_code,
    debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
    promisedDate: row.promised_date,
    amount: formatDecimal(row.amount_minor, row.currency),
    paid: formatDecimal(row.paid_minor, row.currency),
    currency: row.currency,
    status: row.status,
    channel: row.channel,
    note: row.note,
    callTaskId: row.call_task_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/** Counts the promises that `listPromises` would list without a limit. */
export async function countPromises(executor: Executor, params: PromiseFilter): Promise<number> {
  const row = await filterPromises(executor, params)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return row.count;
}

function filterPromises(executor: Executor, params: PromiseFilter) {
  let query = executor
    .selectFrom('promises as p')
    .innerJoin('debtors as d', 'd.id', 'p.debtor_id')
    .innerJoin('entities as e', 'e.id', 'p.entity_id');
  if (params.entityId) {
    query = query.where('p.entity_id', '=', params.entityId);
  }
  if (params.status) {
    query = query.where('p.status', '=', params.status);
  }
  if (params.promiseId) {
    query = query.where('p.id', '=', params.promiseId);
  }
  if (params.dueBy) {
    query = query.where(
      comparedWithEntityToday(
        params.dueBy,
        { entityId: 'p.entity_id', date: 'p.promised_date' },
        '<=',
      ),
    );
  }

  return query;
}
