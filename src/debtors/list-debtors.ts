import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** Open amounts of one debtor by days past due, in minor units of the entity's currency. */
export interface AgeingMinor {
  /** Not yet due: 0 or fewer days past due. */
  current: number;
  days1To30: number;
  days31To60: number;
  days61To90: number;
  days91Plus: number;
  /** Credit notes and overpaid invoices, whatever their age; negative or zero. */
  credits: number;
}

export interface DebtorListItem {
  id: string;
  number: string;
  name: string;
  kind: 'b2b' | 'b2c';
  /** The debtor's language, else the entity's. */
  language: string;
  email: string | null;
  entityCode: string;
  currency: string;
  /** Sum of all open amounts, credits included, in minor units. */
  openMinor: number;
  /** Sum of the open amounts of invoices past their due date, in minor units. */
  overdueMinor: number;
  ageing: AgeingMinor;
}

export interface DebtorPage {
  items: DebtorListItem[];
  total: number;
  page: number;
  pageSize: number;
}

interface DebtorRow {
  id: string;
  number: string;
  name: string;
  kind: 'b2b' | 'b2c';
  language: string;
  email: string | null;
  entity_code: string;
  currency: string;
  open_minor: number;
  overdue_minor: number;
  current_minor: number;
  days_1_30_minor: number;
  days_31_60_minor: number;
  days_61_90_minor: number;
  days_91_plus_minor: number;
  credits_minor: number;
  total_count: number;
}

/**
 * Lists debtors with their open and overdue totals and ageing on `asOf`, most
 * overdue first, one page at a time. It covers all entities unless
 * `entityCode` names one. Without `asOf` each entity's today in its own time
 * zone applies.
 * `search` matches number, name or e-mail, ignoring case. One set-based query
 * computes the open amounts by the rules of selectOpenInvoices: invoices
 * issued by the date and not closed by then, minus payments dated by then.
 *
 * NOTE: totals count only invoices in the entity's currency, so invoices in
 * another currency are left out of this list.
 */
export async function listDebtors(
  executor: Executor,
  params: {
    entityCode?: string | undefined;
    search?: string | undefined;
    asOf?: PlainDate | undefined;
    page: number;
    pageSize: number;
  },
): Promise<DebtorPage> {
  const entityCode = params.entityCode ?? null;
  if (entityCode !== null) {
    await assertEntityExists(executor, entityCode);
  }
  const search = params.search?.trim() ? params.search.trim().toLowerCase() : null;
  const offset = (params.page - 1) * params.pageSize;

  const result = await sql<DebtorRow>`
    with scope as (
      select e.id as entity_id, e.code as entity_code, e.currency, e.language,
             coalesce(${params.asOf ?? null}::date, (now() at time zone e.time_zone)::date) as as_of
      from entities e
      where ${entityCode}::text is null or e.code = ${entityCode}
    ),
    paid as (
      select a.invoice_id, sum(a.amount_minor) as paid_minor
      from allocations a
      join payments p on p.id = a.payment_id
      join scope s on s.entity_id = p.entity_id
      where p.payment_date <= s.as_of
      group by a.invoice_id
    ),
    open_items as (
      select i.debtor_id,
             i.amount_minor - coalesce(paid.paid_minor, 0) as open_minor,
             s.as_of - i.due_date as days_past_due
      from invoices i
      join scope s on s.entity_id = i.entity_id and s.currency = i.currency
      left join paid on paid.invoice_id = i.id
      where i.invoice_date <= s.as_of and (i.closed_on is null or i.closed_on > s.as_of)
    ),
    totals as (
      select debtor_id,
        sum(open_minor) as open_minor,
        sum(open_minor) filter (where open_minor > 0 and days_past_due > 0) as overdue_minor,
        sum(open_minor) filter (where open_minor > 0 and days_past_due <= 0) as current_minor,
        sum(open_minor) filter (where open_minor > 0 and days_past_due between 1 and 30) as d30,
        sum(open_minor) filter (where open_minor > 0 and days_past_due between 31 and 60) as d60,
        sum(open_minor) filter (where open_minor > 0 and days_past_due between 61 and 90) as d90,
        sum(open_minor) filter (where open_minor > 0 and days_past_due > 90) as d91,
        sum(open_minor) filter (where open_minor < 0) as credits_minor
      from open_items
      where open_minor <> 0
      group by debtor_id
    )
    select d.id, d.number, d.name, d.kind, coalesce(d.language, s.language) as language, d.email,
           s.entity_code, s.currency,
           coalesce(t.open_minor, 0)::bigint as open_minor,
           coalesce(t.overdue_minor, 0)::bigint as overdue_minor,
           coalesce(t.current_minor, 0)::bigint as current_minor,
           coalesce(t.d30, 0)::bigint as days_1_30_minor,
           coalesce(t.d60, 0)::bigint as days_31_60_minor,
           coalesce(t.d90, 0)::bigint as days_61_90_minor,
           coalesce(t.d91, 0)::bigint as days_91_plus_minor,
           coalesce(t.credits_minor, 0)::bigint as credits_minor,
           count(*) over () as total_count
    from debtors d
    join scope s on s.entity_id = d.entity_id
    left join totals t on t.debtor_id = d.id
    where ${search}::text is null
       or position(${search} in lower(d.number)) > 0
       or position(${search} in lower(d.name)) > 0
       or position(${search} in lower(coalesce(d.email, ''))) > 0
    order by coalesce(t.overdue_minor, 0) desc, coalesce(t.open_minor, 0) desc, d.number, d.id
    limit ${params.pageSize} offset ${offset}
  `.execute(executor);

  const total = result.rows[0]?.total_count ?? (await countDebtors(executor, entityCode, search));

  return {
    items: result.rows.map(toListItem),
    total,
    page: params.page,
    pageSize: params.pageSize,
  };
}

async function assertEntityExists(executor: Executor, code: string): Promise<void> {
  const entity = await executor
    .selectFrom('entities')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity "${code}" does not exist.`);
  }
}

/** Counts the matching debtors, for a page past the last one. */
async function countDebtors(
  executor: Executor,
  entityCode: string | null,
  search: string | null,
): Promise<number> {
  const result = await sql<{ count: number }>`
    select count(*) as count
    from debtors d
    join entities e on e.id = d.entity_id
    where (${entityCode}::text is null or e.code = ${entityCode})
      and (${search}::text is null
        or position(${search} in lower(d.number)) > 0
        or position(${search} in lower(d.name)) > 0
        or position(${search} in lower(coalesce(d.email, ''))) > 0)
  `.execute(executor);

  return result.rows[0]?.count ?? 0;
}

function toListItem(row: DebtorRow): DebtorListItem {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    language: row.language,
    email: row.email,
    entityCode: row.entity_code,
    currency: row.currency,
    openMinor: row.open_minor,
    overdueMinor: row.overdue_minor,
    ageing: {
      current: row.current_minor,
      days1To30: row.days_1_30_minor,
      days31To60: row.days_31_60_minor,
      days61To90: row.days_61_90_minor,
      days91Plus: row.days_91_plus_minor,
      credits: row.credits_minor,
    },
  };
}
