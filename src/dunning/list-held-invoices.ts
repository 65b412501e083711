import type { DunningPlan } from './plan-dunning-run.ts';

/** An invoice that a dunning run left out because it is on hold. */
export interface HeldInvoice {
  debtorNumber: string;
  debtorName: string;
  invoiceNumber: string;
  /** The import hold code, the issue hold in words, or both joined by "; ". */
  holdReason: string;
}

/** The invoices on hold of a run, at most `limit` of them, with the full count. */
export interface HeldInvoiceList {
  onHold: HeldInvoice[];
  onHoldTotal: number;
}

/** Largest number of held invoices that a run result lists; onHoldTotal counts them all. */
export const HELD_INVOICE_LIST_LIMIT = 1000;

/**
 * Lists the invoices a planned run leaves out because they are on hold:
 * those of due steps skipped as on hold, and those left out of a message
 * whose other invoices are reminded. Each invoice appears once, ordered by
 * debtor number and invoice number.
 */
export function listHeldInvoices(
  plan: Pick<DunningPlan, 'actions' | 'skipped'>,
  debtors: ReadonlyMap<string, { number: string; name: string }>,
  limit: number = HELD_INVOICE_LIST_LIMIT,
): HeldInvoiceList {
  const byKey = new Map<string, HeldInvoice>();
  const add = (
    debtorId: string,
    debtorNumber: string,
    invoiceNumber: string,
    holdReason: string,
  ) => {
    const key = `${debtorId}\u0000${invoiceNumber}`;
    if (!byKey.has(key)) {
      const debtorName = debtors.get(debtorId)?.name ?? '';
      byKey.set(key, { debtorNumber, debtorName, invoiceNumber, holdReason });
    }
  };

  for (const entry of plan.skipped) {
    for (const held of entry.onHold ?? []) {
      add(entry.debtorId, entry.debtorNumber, held.number, held.holdReason);
    }
  }
  for (const action of plan.actions) {
    const debtorNumber = debtors.get(action.debtorId)?.number ?? '';
    for (const held of action.explanation.onHold) {
      add(action.debtorId, debtorNumber, held.number, held.holdReason);
    }
  }

  const all = [...byKey.values()].sort(
    (a, b) =>
      a.debtorNumber.localeCompare(b.debtorNumber) ||
      a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  return { onHold: all.slice(0, limit), onHoldTotal: all.length };
}
