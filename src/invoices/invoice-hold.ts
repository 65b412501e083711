import type { PlainDate } from '../dates/plain-date.ts';
import type { IssueHold } from '../issues/issue-holds.ts';

/** An import hold code that applies on the as-of date. */
export interface CodeHold {
  reason: string;
  /** Last day of the hold; null when it has no end. */
  until: PlainDate | null;
}

/**
 * Returns the import hold of an invoice when it applies on `asOf`: up to
 * and including its until date, or without end. Dunning leaves out the same
 * invoices (see isOnHold in src/dunning/find-holds.ts).
 */
export function activeCodeHold(
  invoice: { hold_reason: string | null; hold_until: PlainDate | null },
  asOf: PlainDate,
): CodeHold | null {
  if (invoice.hold_reason === null) {
    return null;
  }
  if (invoice.hold_until !== null && invoice.hold_until < asOf) {
    return null;
  }

  return { reason: invoice.hold_reason, until: invoice.hold_until };
}

/** Why an invoice is held out of dunning on the as-of date: an import hold code, an issue, or both. */
export interface InvoiceHolds {
  hold: CodeHold | null;
  issueHold: IssueHold | null;
}
