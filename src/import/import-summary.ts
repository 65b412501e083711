import type { RejectedRow } from './import-problems.ts';

/** Summary of an import: counts of what it changed, and every row it rejected. */
export interface ImportSummary {
  debtors: { new: number; changed: number; unchanged: number };
  invoices: { new: number; changed: number; unchanged: number; closed: number };
  payments: { new: number };
  rejected: RejectedRow[];
}

export function emptySummary(rejected: RejectedRow[] = []): ImportSummary {
  return {
    debtors: { new: 0, changed: 0, unchanged: 0 },
    invoices: { new: 0, changed: 0, unchanged: 0, closed: 0 },
    payments: { new: 0 },
    rejected,
  };
}

/** Returns whether the import left the debtors, invoices and payments as they were. */
export function changedNothing(summary: ImportSummary): boolean {
  return (
    summary.debtors.new + summary.debtors.changed === 0 &&
    summary.invoices.new + summary.invoices.changed + summary.invoices.closed === 0 &&
    summary.payments.new === 0
  );
}
