import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** Money paid towards an arrangement's invoices by one payment. */
export interface ArrangementPayment {
  paymentDate: PlainDate;
  amountMinor: number;
}

/** An instalment as far as its payment status goes. */
export interface InstalmentDue {
  sequence: number;
  dueDate: PlainDate;
  amountMinor: number;
}

/** The payment status of one instalment. */
export interface InstalmentProgress {
  sequence: number;
  /** The part of the instalment that the payments cover. */
  paidMinor: number;
  /** The payment date on which the cumulative payments first covered the instalment; null while unpaid. */
  paidOn: PlainDate | null;
}

/**
 * Loads, per arrangement, what payments settled on its invoices after the
 * arrangement was requested: principal allocations and settled charges on
 * those invoices, with an allocation time on or after requested_at. Each
 * payment gives one entry with its payment date, oldest first. Refunds and
 * reversals, booked as negative allocations, reduce the sum.
 */
export async function loadArrangementPayments(
  executor: Executor,
  arrangementIds: readonly string[],
): Promise<Map<string, ArrangementPayment[]>> {
  const result = new Map<string, ArrangementPayment[]>();
  if (arrangementIds.length === 0) {
    return result;
  }
  const rows = await sql<{
    arrangement_id: string;
    payment_date: PlainDate;
    amount_minor: number;
  }>`
    select parts.arrangement_id, p.payment_date, sum(parts.amount_minor)::bigint as amount_minor
    from (
      select ai.arrangement_id, al.payment_id, al.amount_minor
      from arrangement_invoices ai
      join arrangements a on a.id = ai.arrangement_id
      join allocations al on al.invoice_id = ai.invoice_id and al.created_at >= a.requested_at
      where ai.arrangement_id = any(${[...arrangementIds]}::uuid[])
      union all
      select ai.arrangement_id, ca.payment_id, ca.amount_minor
      from arrangement_invoices ai
      join arrangements a on a.id = ai.arrangement_id
      join charges c on c.invoice_id = ai.invoice_id
      join charge_allocations ca on ca.charge_id = c.id and ca.created_at >= a.requested_at
      where ai.arrangement_id = any(${[...arrangementIds]}::uuid[])
    ) parts
    join payments p on p.id = parts.payment_id
    group by parts.arrangement_id, p.id, p.payment_date
    order by parts.arrangement_id, p.payment_date, p.id
  `.execute(executor);

  for (const row of rows.rows) {
    const list = result.get(row.arrangement_id) ?? [];
    list.push({ paymentDate: row.payment_date, amountMinor: Number(row.amount_minor) });
    result.set(row.arrangement_id, list);
  }

  return result;
}

/**
 * Applies the payments to the instalments in order: an instalment is paid
 * once the cumulative payments cover it and every instalment before it.
 * A payment larger than one instalment pays the next ones too.
 */
export function applyPaymentsToInstalments(
  instalments: readonly InstalmentDue[],
  payments: readonly ArrangementPayment[],
): InstalmentProgress[] {
  const ordered = [...instalments].sort((a, b) => a.sequence - b.sequence);
  const cumulative: Array<{ paidMinor: number; date: PlainDate }> = [];
  let running = 0;
  for (const payment of payments) {
    running += payment.amountMinor;
    cumulative.push({ paidMinor: running, date: payment.paymentDate });
  }
  const totalPaid = Math.max(0, running);

  let required = 0;
  return ordered.map((instalment) => {
    const before = required;
    required += instalment.amountMinor;
    const paidMinor = Math.min(instalment.amountMinor, Math.max(0, totalPaid - before));
    const covering = totalPaid >= required ? coveringDate(cumulative, required) : null;

    return { sequence: instalment.sequence, paidMinor, paidOn: covering };
  });
}

/** Finds the first payment date from which the cumulative sum stays at or above `required`. */
function coveringDate(
  cumulative: ReadonlyArray<{ paidMinor: number; date: PlainDate }>,
  required: number,
): PlainDate | null {
  let date: PlainDate | null = null;
  for (const entry of cumulative) {
    if (entry.paidMinor >= required) {
      date ??= entry.date;
    } else {
      date = null;
    }
  }

  return date;
}
