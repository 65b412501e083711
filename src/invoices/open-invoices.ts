import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

export interface OpenInvoice {
  id: string;
  debtor_id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoice_date: PlainDate;
  due_date: PlainDate;
  currency: string;
  amount_minor: number;
  /** Amount minus the allocations of payments dated on or before the as-of date. */
  open_minor: number;
  hold_reason: string | null;
  hold_until: PlainDate | null;
}

/**
 * The invoices (credit notes included) of an entity that are open on
 * `asOf`: issued on or before that date, not closed by a snapshot import by
 * then, and with an open amount other than zero counting only payments dated
 * on or before `asOf`. A report or run for a past date therefore sees the
 * receivables as they were on that date.
 *
 * The payments are summed once per invoice in a grouped subquery joined to
 * the invoices, which is several times faster on 100,000 invoices than a
 * correlated sum per invoice.
 */
export function selectOpenInvoices(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorId?: string },
) {
  let paid = executor
    .selectFrom('allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .select(['a.invoice_id', sql<number>`sum(a.amount_minor)`.as('paid_minor')])
    .where('p.entity_id', '=', params.entityId)
    .where('p.payment_date', '<=', params.asOf)
    .groupBy('a.invoice_id');
  if (params.debtorId) {
    const debtorId = params.debtorId;
    paid = paid.where('a.invoice_id', 'in', (eb) =>
      eb.selectFrom('invoices').select('id').where('debtor_id', '=', debtorId),
    );
  }
  const openMinor = sql<number>`(i.amount_minor - coalesce(paid.paid_minor, 0))`;

  let query = executor
    .selectFrom('invoices as i')
    .leftJoin(paid.as('paid'), 'paid.invoice_id', 'i.id')
    .select([
      'i.id',
      'i.debtor_id',
      'i.number',
      'i.kind',
      'i.invoice_date',
      'i.due_date',
      'i.currency',
      'i.amount_minor',
      'i.hold_reason',
      'i.hold_until',
      sql<number>`${openMinor}::bigint`.as('open_minor'),
    ])
    .where('i.entity_id', '=', params.entityId)
    .where('i.invoice_date', '<=', params.asOf)
    .where((eb) => eb.or([eb('i.closed_on', 'is', null), eb('i.closed_on', '>', params.asOf)]))
    .where(sql<boolean>`${openMinor} <> 0`);
  if (params.debtorId) {
    query = query.where('i.debtor_id', '=', params.debtorId);
  }

  return query;
}
