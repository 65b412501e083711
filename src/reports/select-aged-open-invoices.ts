import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { ageingSlotSql } from './ageing-buckets.ts';

/**
 * Builds the query for an entity's open items on `asOf` with their days past
 * due (as-of date minus due date, in calendar days) and ageing slot. The
 * slot is the bucket by days past due, or `credits` for a credit note or a
 * negative open amount (an unapplied credit). The slot is computed in SQL so
 * that reports can group and sum in the database, whatever the invoice count.
 * `debtorIds` limits the items to those debtors; an empty list selects none.
 */
export function selectAgedOpenInvoices(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorIds?: string[] },
) {
  let openQuery = selectOpenInvoices(executor, params);
  if (params.debtorIds) {
    openQuery =
      params.debtorIds.length === 0
        ? openQuery.where(sql<boolean>`false`)
        : openQuery.where('i.debtor_id', 'in', params.debtorIds);
  }
  // OFFSET 0 keeps PostgreSQL from inlining the subquery, which would repeat
  // the per-invoice payment sum in every expression that reads open_minor.
  const open = openQuery.offset(0).as('o');
  const daysPastDue = sql<number>`(${params.asOf}::date - o.due_date)`;
  const isCredit = sql<boolean>`(o.kind = 'credit_note' or o.open_minor < 0)`;

  return executor
    .selectFrom(open)
    .select([
      'o.id',
      'o.number',
      'o.debtor_id',
      'o.currency',
      'o.open_minor',
      'o.due_date',
      'o.hold_reason',
      'o.hold_until',
      daysPastDue.as('days_past_due'),
      ageingSlotSql(daysPastDue, isCredit).as('slot'),
    ]);
}
