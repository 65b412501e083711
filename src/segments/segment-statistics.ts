import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Open and overdue amounts of one currency, in minor units. */
export interface SegmentCurrencyTotal {
  currency: string;
  openMinor: number;
  overdueMinor: number;
}

export interface SegmentStatistics {
  debtorCount: number;
  totals: SegmentCurrencyTotal[];
}

/**
 * Counts the debtors of each segment and sums their open and overdue
 * amounts per currency, each invoice as of today in its entity's time zone:
 * issued by then, not closed by a snapshot import, minus the payments dated
 * by then. Overdue means due before that date. Debtors without a segment are
 * left out. Row-level security limits the figures to the entities the
 * caller may see.
 */
export async function listSegmentStatistics(
  executor: Executor,
): Promise<Map<string, SegmentStatistics>> {
  const counts = await sql<{ segment_id: string; debtor_count: number }>`
    select segment_id, count(*)::int as debtor_count
    from debtors
    where segment_id is not null
    group by segment_id
  `.execute(executor);
  const totals = await sql<{
    segment_id: string;
    currency: string;
    open_minor: number | string;
    overdue_minor: number | string;
  }>`
    with today as (
      select id as entity_id, (now() at time zone time_zone)::date as as_of from entities
    ),
    paid as (
      select a.invoice_id, sum(a.amount_minor) as paid_minor
      from allocations a
      join payments p on p.id = a.payment_id
      join today t on t.entity_id = p.entity_id
      where p.payment_date <= t.as_of
      group by a.invoice_id
    ),
    open_invoices as (
      select d.segment_id, i.currency, i.due_date, t.as_of,
             i.amount_minor - coalesce(paid.paid_minor, 0) as open_minor
      from invoices i
      join debtors d on d.id = i.debtor_id
      join today t on t.entity_id = i.entity_id
      left join paid on paid.invoice_id = i.id
      where d.segment_id is not null
        and i.invoice_date <= t.as_of
        and (i.closed_on is null or i.closed_on > t.as_of)
    )
    select segment_id, currency,
           sum(open_minor)::bigint as open_minor,
           coalesce(sum(open_minor) filter (where due_date < as_of), 0)::bigint as overdue_minor
    from open_invoices
    where open_minor <> 0
    group by segment_id, currency
    order by segment_id, currency
  `.execute(executor);

  const statistics = new Map<string, SegmentStatistics>();
  for (const row of counts.rows) {
    statistics.set(row.segment_id, { debtorCount: row.debtor_count, totals: [] });
  }
  for (const row of totals.rows) {
    const entry = statistics.get(row.segment_id) ?? { debtorCount: 0, totals: [] };
    entry.totals.push({
      currency: row.currency,
      openMinor: Number(row.open_minor),
      overdueMinor: Number(row.overdue_minor),
    });
    statistics.set(row.segment_id, entry);
  }

  return statistics;
}
