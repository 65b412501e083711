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
 */
export function selectOpenInvoices(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorId?: string },
) {
  const paidByDate = sql<number>`coalesce((
    select sum(a.amount_minor)
    from allocations a
    join payments p on p.id = a.payment_id
    where a.invoice_id = i.id and p.payment_date <= ${params.asOf}
  ), 0)`;

  let query = executor
    .selectFrom('invoices as i')
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
      sql<number>`(i.amount_minor - ${paidByDate})::bigint`.as('open_minor'),
    ])
    .where('i.entity_id', '=', params.entityId)
    .where('i.invoice_date', '<=', params.asOf)
    .where((eb) => eb.or([eb('i.closed_on', 'is', null), eb('i.closed_on', '>', params.asOf)]))
    .where(sql<boolean>`i.amount_minor - ${paidByDate} <> 0`);
  if (params.debtorId) {
    query = query.where('i.debtor_id', '=', params.debtorId);
  }

  return query;
}
