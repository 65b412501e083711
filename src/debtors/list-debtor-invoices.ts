import type { Executor } from '../db/database.ts';
import { daysPastDue, type PlainDate } from '../dates/plain-date.ts';
import { activeCodeHold, type CodeHold } from '../invoices/invoice-hold.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { loadIssueHolds, type IssueHold } from '../issues/issue-holds.ts';

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
  /** Set while an import hold code keeps the invoice out of dunning on the as-of date. */
  hold: CodeHold | null;
  /** Set while an issue of a category that pauses dunning keeps the invoice on hold on the as-of date. */
  issueHold: IssueHold | null;
  /** The profile steps the invoice has reached, earliest first. */
  steps: Array<{ step: string; reachedOn: PlainDate }>;
}

/**
 * Lists the invoices of a debtor that are open on `asOf`, oldest due date first,
 * each with its holds (import hold code and issue) and the dunning steps it
 * has reached by then.
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
  const issueHolds = await loadIssueHolds(executor, {
    entityId: params.entityId,
    asOf: params.asOf,
    debtorIds: [params.debtorId],
  });

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
    hold: activeCodeHold(invoice, params.asOf),
    issueHold: issueHolds.get(invoice.id) ?? null,
    steps: reached
      .filter((state) => state.invoice_id === invoice.id)
      .map((state) => ({ step: state.name, reachedOn: state.reached_on })),
  }));
}
