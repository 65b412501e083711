import type { Executor } from '../db/database.ts';
import { daysPastDue, type PlainDate } from '../dates/plain-date.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';

export interface CardInvoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  /** Original amount in minor units, tax included; negative for credit notes. */
  amountMinor: number;
  /** Open amount on the as-of date in minor units. */
  openMinor: number;
  daysPastDue: number;
  /** Set while the invoice is held out of dunning on the as-of date. */
  hold: { reason: string; until: PlainDate | null } | null;
  /** The profile steps the invoice has reached, earliest first. */
  steps: Array<{ step: string; reachedOn: PlainDate }>;
}

/**
 * Lists the invoices of a debtor that are open on `asOf`, oldest due date first,
 * each with its hold and the dunning steps it has reached by then.
 */
export async function listDebtorInvoices(
  executor: Executor,
  params: { entityId: string; debtorId: string; asOf: PlainDate },
): Promise<CardInvoice[]> {
  const invoices = await selectOpenInvoices(executor, params)
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  if (invoices.length === 0) {
    return [];
  }

  const reached = await executor
    .selectFrom('dunning_states as ds')
    .innerJoin('steps as st', 'st.id', 'ds.step_id')
    .select(['ds.invoice_id', 'st.name', 'ds.reached_on'])
    .where(
      'ds.invoice_id',
      'in',
      invoices.map((invoice) => invoice.id),
    )
    .where('ds.reached_on', '<=', params.asOf)
    .orderBy('ds.reached_on')
    .orderBy('st.day_offset')
    .execute();

  return invoices.map((invoice) => ({
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    invoiceDate: invoice.invoice_date,
    dueDate: invoice.due_date,
    currency: invoice.currency,
    amountMinor: invoice.amount_minor,
    openMinor: invoice.open_minor,
    daysPastDue: daysPastDue(invoice.due_date, params.asOf),
    hold: activeHold(invoice, params.asOf),
    steps: reached
      .filter((state) => state.invoice_id === invoice.id)
      .map((state) => ({ step: state.name, reachedOn: state.reached_on })),
  }));
}

/** Returns the hold when it applies on `asOf`: up to and including its until date, or without end. */
function activeHold(
  invoice: { hold_reason: string | null; hold_until: PlainDate | null },
  asOf: PlainDate,
): CardInvoice['hold'] {
  if (invoice.hold_reason === null) {
    return null;
  }
  if (invoice.hold_until !== null && invoice.hold_until < asOf) {
    return null;
  }

  return { reason: invoice.hold_reason, until: invoice.hold_until };
}
