import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { selectBrokenPromiseCounts } from '../promises/broken-promises.ts';
import type { SegmentDebtor } from './segment-rules.ts';

/** A debtor with the attributes that segment rules read, and its current segment. */
export interface SegmentDebtorRow extends SegmentDebtor {
  id: string;
  segmentId: string | null;
  segmentPinned: boolean;
}

interface Row {
  id: string;
  kind: 'b2b' | 'b2c';
  country: string | null;
  language: string | null;
  risk_score: number | null;
  credit_limit_minor: number | null;
  custom: Record<string, string>;
  segment_id: string | null;
  segment_pinned: boolean;
  entity_code: string;
  open_minor: number | string;
  overdue_minor: number | string;
  average_days_late: number | null;
  on_time_share: number | null;
  broken_promises: number;
  issue_count: number;
}

/**
 * Loads every debtor of an entity with the attributes segment rules read,
 * as of `asOf`, in one statement for all debtors.
 *
 * The settled date of an invoice is the earlier of its closed_on (set when
 * a snapshot import no longer lists it) and the date of the payment that
 * brought the payments dated up to then to its full amount. Only invoices
 * with a positive amount count for the payment behaviour, and only those
 * settled in the 12 months up to `asOf`: after `asOf` minus 12 months and
 * on or before `asOf`. Open and overdue totals sum the open amounts on
 * `asOf` of the invoices and credit notes in the entity's currency, so
 * payments dated after `asOf` do not count. Overdue means due before `asOf`.
 * Issues count by the date they were opened (opened_on), and broken
 * promises by their promised date, both in the same 12 months.
 */
export async function loadSegmentDebtors(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<SegmentDebtorRow[]> {
  const { entityId, asOf } = params;
  // An import calls this in its own transaction, before the planner has
  // statistics on the rows it wrote. The planner then picks nested loops,
  // which took 17 s for 2,466 invoices on PGlite against 0.05 s with hash
  // joins (ar-history segment test, shared 2-CPU machine), so nested loops
  // are off for this statement only. A failed
  // statement aborts the transaction, which ends the setting too.
  const setting = await sql<{ value: string }>`
    select current_setting('enable_nestloop') as value
  `.execute(executor);
  await sql`select set_config('enable_nestloop', 'off', true)`.execute(executor);
  const debtors = await selectSegmentDebtors(executor, { entityId, asOf });
  const previous = setting.rows[0]?.value ?? 'on';
  await sql`select set_config('enable_nestloop', ${previous}, true)`.execute(executor);

  return debtors;
}

async function selectSegmentDebtors(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<SegmentDebtorRow[]> {
  const { entityId, asOf } = params;
  const since = sql`(${asOf}::date - interval '12 months')::date`;
  const result = await sql<Row>`
    with allocated as (
      select a.invoice_id, a.amount_minor, p.payment_date, i.amount_minor as invoice_minor,
             sum(a.amount_minor) over (
               partition by a.invoice_id order by p.payment_date
               rows between unbounded preceding and current row
             ) as paid_to_date
      from allocations a
      join payments p on p.id = a.payment_id
      join invoices i on i.id = a.invoice_id
      where p.entity_id = ${entityId} and p.payment_date <= ${asOf}::date
        and i.entity_id = ${entityId}
    ),
    paid as (
      select invoice_id, sum(amount_minor) as paid_minor,
             min(payment_date) filter (where paid_to_date >= invoice_minor) as paid_on
      from allocated
      group by invoice_id
    ),
    facts as (
      select i.debtor_id, i.due_date, i.amount_minor, i.currency = e.currency as entity_currency,
             (i.closed_on is null or i.closed_on > ${asOf}::date) as not_closed,
             i.amount_minor - coalesce(paid.paid_minor, 0) as open_minor,
             least(i.closed_on, paid.paid_on) as settled_on
      from invoices i
      join entities e on e.id = i.entity_id
      left join paid on paid.invoice_id = i.id
      where i.entity_id = ${entityId} and i.invoice_date <= ${asOf}::date
    ),
    totals as (
      select debtor_id,
             coalesce(sum(open_minor) filter (where not_closed and entity_currency), 0) as open_minor,
             coalesce(
               sum(open_minor) filter (
                 where not_closed and entity_currency and due_date < ${asOf}::date
               ),
               0
             ) as overdue_minor,
             avg(greatest(settled_on - due_date, 0)) filter (where recently_settled)::float8
               as average_days_late,
             avg(case when settled_on <= due_date then 1 else 0 end)
               filter (where recently_settled)::float8 as on_time_share
      from (
        select facts.*,
               amount_minor > 0 and settled_on > ${since} and settled_on <= ${asOf}::date
                 as recently_settled
        from facts
      ) f
      group by debtor_id
    ),
    broken as (${selectBrokenPromiseCounts({ entityId, asOf })}),
    opened_issues as (
      select debtor_id, count(*)::int as issue_count
      from issues
      where entity_id = ${entityId} and opened_on > ${since} and opened_on <= ${asOf}::date
      group by debtor_id
    )
    select d.id, d.kind, d.country, coalesce(d.language, e.language) as language,
           d.risk_score, d.credit_limit_minor, d.custom, d.segment_id, d.segment_pinned,
           e.code as entity_code,
           coalesce(t.open_minor, 0)::bigint as open_minor,
           coalesce(t.overdue_minor, 0)::bigint as overdue_minor,
           t.average_days_late, t.on_time_share,
           coalesce(br.broken_promises, 0) as broken_promises,
           coalesce(oi.issue_count, 0) as issue_count
    from debtors d
    join entities e on e.id = d.entity_id
    left join totals t on t.debtor_id = d.id
    left join broken br on br.debtor_id = d.id
    left join opened_issues oi on oi.debtor_id = d.id
    where d.entity_id = ${entityId}
    order by d.number
  `.execute(executor);

  return result.rows.map((row) => ({
    id: row.id,
    segmentId: row.segment_id,
    segmentPinned: row.segment_pinned,
    kind: row.kind,
    country: row.country,
    language: row.language,
    riskScore: row.risk_score,
    creditLimitMinor: row.credit_limit_minor === null ? null : Number(row.credit_limit_minor),
    entity: row.entity_code,
    openTotalMinor: Number(row.open_minor),
    overdueTotalMinor: Number(row.overdue_minor),
    averageDaysLate: row.average_days_late,
    onTimeShare: row.on_time_share,
    brokenPromises: row.broken_promises,
    issueCount: row.issue_count,
    custom: row.custom,
  }));
}
