import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DayKind, LocalizedNames } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/**
 * The set-based queries behind the issue report. Every query reads only the
 * issues of `entities`, and row-level security hides the entities outside
 * the caller's scope as well.
 */
export interface IssueReportScope {
  /** The entities of the report, each with the date its open issues are counted on. */
  entities: ReadonlyArray<{ entityId: string; asOf: PlainDate }>;
  /** Limits the issues to one department plus the issues assigned to one user; undefined for all. */
  visibility?: { departmentId: string; userId: string } | undefined;
}

export interface CategoryColumns {
  category_id: string;
  category_name: string;
  category_names: LocalizedNames;
  process_name: string;
  process_names: LocalizedNames;
}

export interface OpenIssueRow extends CategoryColumns {
  id: string;
  department_id: string | null;
  department_name: string | null;
  pauses_dunning: boolean;
  /** Calendar days from opened_on to the entity's as-of date. */
  age_days: number;
}

export interface OpenItemRow {
  issue_id: string;
  invoice_id: string;
  currency: string;
  open_minor: number;
}

export interface ClosedCategoryRow extends CategoryColumns {
  days_to_resolve: number;
  day_kind: DayKind;
  closed_count: number;
  average_days: number;
  p90_days: number;
  in_time_count: number;
  favour_debtor: number;
  favour_creditor: number;
  partly: number;
  rejected: number;
}

export interface OpenedMonthRow extends CategoryColumns {
  month: string;
  opened_count: number;
}

/**
 * Builds the CTE `open_issues`: the issues open on their entity's as-of
 * date, which are those opened on or before it and not closed by then. An
 * issue that was reopened has lost its earlier closed_on, so it counts as
 * open from its opened_on.
 */
function openIssuesCte(scope: IssueReportScope): RawBuilder<unknown> {
  const asOfValues = sql.join(
    scope.entities.map((entity) => sql`(${entity.entityId}::uuid, ${entity.asOf}::date)`),
  );

  return sql`open_issues as (
    select i.id, i.entity_id, i.debtor_id, i.category_id, i.department_id, i.opened_on, scope.as_of
    from issues i
    join (values ${asOfValues}) as scope (entity_id, as_of) on scope.entity_id = i.entity_id
    where i.opened_on <= scope.as_of
      and (i.closed_on is null or i.closed_on > scope.as_of)
      and ${visibleIssue(scope)}
  )`;
}

function visibleIssue(scope: IssueReportScope): RawBuilder<boolean> {
  if (!scope.visibility) {
    return sql<boolean>`true`;
  }

  return sql<boolean>`(i.department_id = ${scope.visibility.departmentId}::uuid
    or i.assignee_user_id = ${scope.visibility.userId}::uuid)`;
}

function entityIdList(scope: IssueReportScope): RawBuilder<unknown> {
  return sql.join(scope.entities.map((entity) => sql`${entity.entityId}::uuid`));
}

/** Lists the issues open on their entity's as-of date, with category, department and age. */
export async function selectOpenIssues(
  executor: Executor,
  scope: IssueReportScope,
): Promise<OpenIssueRow[]> {
  const result = await sql<OpenIssueRow>`with ${openIssuesCte(scope)}
    select oi.id, c.id as category_id, c.name as category_name, c.names as category_names,
      p.name as process_name, p.names as process_names, c.pauses_dunning, dep.id as department_id,
      dep.name as department_name, (oi.as_of - oi.opened_on) as age_days
    from open_issues oi
    join issue_categories c on c.id = oi.category_id
    join business_processes p on p.id = c.process_id
    left join departments dep on dep.id = oi.department_id`.execute(executor);

  return result.rows;
}

/**
 * Lists the open items of the open issues on their entity's as-of date: the
 * issue's own invoices, or every invoice of the debtor in that entity when
 * the issue has none (a whole-debtor issue). The rules of an open item are
 * those of selectOpenInvoices: issued by the as-of date, not closed by a
 * snapshot import by then, and with an open amount other than zero after the
 * payments dated on or before it. Credit notes count with their negative
 * open amount.
 */
export async function selectOpenIssueItems(
  executor: Executor,
  scope: IssueReportScope,
): Promise<OpenItemRow[]> {
  const result = await sql<OpenItemRow>`with ${openIssuesCte(scope)},
    issue_items as (
      select oi.id as issue_id, oi.as_of, ii.invoice_id
      from open_issues oi
      join issue_invoices ii on ii.issue_id = oi.id
      union all
      select oi.id, oi.as_of, inv.id
      from open_issues oi
      join invoices inv on inv.entity_id = oi.entity_id and inv.debtor_id = oi.debtor_id
      where not exists (select 1 from issue_invoices ii where ii.issue_id = oi.id)
    )
    select items.issue_id, inv.id as invoice_id, inv.currency,
      (inv.amount_minor - coalesce(paid.paid_minor, 0))::bigint as open_minor
    from issue_items items
    join invoices inv on inv.id = items.invoice_id
    left join lateral (
      select sum(a.amount_minor) as paid_minor
      from allocations a
      join payments pay on pay.id = a.payment_id
      where a.invoice_id = inv.id and pay.payment_date <= items.as_of
    ) paid on true
    where inv.invoice_date <= items.as_of
      and (inv.closed_on is null or inv.closed_on > items.as_of)
      and inv.amount_minor - coalesce(paid.paid_minor, 0) <> 0`.execute(executor);

  return result.rows;
}

/**
 * Sums the issues closed from `from` to `to` (both included) per category.
 * The resolution time is closed_on minus opened_on in calendar days. The
 * 90th percentile uses percentile_disc, which returns the smallest value
 * whose cumulative share reaches 0.9: the nearest-rank method, so [1..10]
 * gives 9. An issue is in time when closed_on is on or before its deadline,
 * which already counts working days for a working-day category.
 */
export async function selectClosedByCategory(
  executor: Executor,
  scope: IssueReportScope,
  period: { from: PlainDate; to: PlainDate },
): Promise<ClosedCategoryRow[]> {
  const result = await sql<ClosedCategoryRow>`select c.id as category_id,
      c.name as category_name, c.names as category_names, p.name as process_name, p.names as process_names,
      c.days_to_resolve, c.day_kind,
      count(*)::int as closed_count,
      round(avg(i.closed_on - i.opened_on), 1)::float8 as average_days,
      percentile_disc(0.9) within group (order by i.closed_on - i.opened_on) as p90_days,
      count(*) filter (where i.closed_on <= i.deadline)::int as in_time_count,
      count(*) filter (where i.outcome = 'favour_debtor')::int as favour_debtor,
      count(*) filter (where i.outcome = 'favour_creditor')::int as favour_creditor,
      count(*) filter (where i.outcome = 'partly')::int as partly,
      count(*) filter (where i.status = 'rejected')::int as rejected
    from issues i
    join issue_categories c on c.id = i.category_id
    join business_processes p on p.id = c.process_id
    where i.entity_id in (${entityIdList(scope)})
      and i.closed_on between ${period.from}::date and ${period.to}::date
      and ${visibleIssue(scope)}
    group by c.id, c.name, c.names, p.name, p.names, c.days_to_resolve, c.day_kind
    order by count(*) desc, c.name`.execute(executor);

  return result.rows;
}

/** Counts the issues opened from `from` to `to` (both included) per category and month (YYYY-MM). */
export async function selectOpenedByMonth(
  executor: Executor,
  scope: IssueReportScope,
  period: { from: PlainDate; to: PlainDate },
): Promise<OpenedMonthRow[]> {
  const result = await sql<OpenedMonthRow>`select c.id as category_id,
      c.name as category_name, c.names as category_names, p.name as process_name, p.names as process_names,
      to_char(i.opened_on, 'YYYY-MM') as month, count(*)::int as opened_count
    from issues i
    join issue_categories c on c.id = i.category_id
    join business_processes p on p.id = c.process_id
    where i.entity_id in (${entityIdList(scope)})
      and i.opened_on between ${period.from}::date and ${period.to}::date
      and ${visibleIssue(scope)}
    group by c.id, c.name, c.names, p.name, p.names, to_char(i.opened_on, 'YYYY-MM')`.execute(
    executor,
  );

  return result.rows;
}
