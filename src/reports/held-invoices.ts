import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { activeCodeHold, type InvoiceHolds } from '../invoices/invoice-hold.ts';
import type { IssueHold } from '../issues/issue-holds.ts';
import type { AgeingSlot } from './ageing-buckets.ts';
import { selectAgedOpenInvoices } from './select-aged-open-invoices.ts';

/** An open item on hold, as the ageing report lists it; amounts in minor units. */
export interface HeldInvoiceRow extends InvoiceHolds {
  id: string;
  number: string;
  debtor: { id: string; number: string; name: string };
  dueDate: PlainDate;
  daysPastDue: number;
  slot: AgeingSlot;
  currency: string;
  openMinor: number;
}

/**
 * Builds the condition, over the `aged` rows of selectAgedOpenInvoices, that
 * an item is on hold on `asOf`: its import hold code applies (up to and
 * including hold_until), or an issue holds it (`issueHeldIds`).
 */
export function heldSql(asOf: PlainDate, issueHeldIds: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(
    (aged.hold_reason is not null and (aged.hold_until is null or aged.hold_until >= ${asOf}::date))
    or aged.id = any(${[...issueHeldIds]}::uuid[])
  )`;
}

/**
 * Lists an entity's open items on hold on `asOf` with their debtor and the
 * reason, by debtor number, due date and invoice number, at most `limit`.
 */
export async function listHeldInvoices(
  executor: Executor,
  params: {
    entityId: string;
    asOf: PlainDate;
    issueHolds: ReadonlyMap<string, IssueHold>;
    limit: number;
  },
): Promise<HeldInvoiceRow[]> {
  const rows = await executor
    .selectFrom(selectAgedOpenInvoices(executor, params).as('aged'))
    .innerJoin('debtors as d', 'd.id', 'aged.debtor_id')
    .select([
      'aged.id',
      'aged.number',
      'aged.currency',
      'aged.open_minor',
      'aged.due_date',
      'aged.hold_reason',
      'aged.hold_until',
      'aged.days_past_due',
      'aged.slot',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
    ])
    .where(heldSql(params.asOf, [...params.issueHolds.keys()]))
    .orderBy('d.number')
    .orderBy('aged.due_date')
    .orderBy('aged.number')
    .limit(params.limit)
    .execute();

  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
    dueDate: row.due_date,
    daysPastDue: Number(row.days_past_due),
    slot: row.slot,
    currency: row.currency,
    openMinor: Number(row.open_minor),
    hold: activeCodeHold(row, params.asOf),
    issueHold: params.issueHolds.get(row.id) ?? null,
  }));
}
