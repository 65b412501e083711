import { parseDecimalText } from '../components/decimal-text.ts';
import { fromMinor, toMinor } from './minor-units.ts';
import type { InvoiceChoice } from './use-payments.ts';

/** An invoice chosen in the allocation dialog, with the amount as the user typed it. */
export interface DraftLine {
  invoice: InvoiceChoice;
  text: string;
}

export type LineProblem = 'invalid' | 'overOpen';

export interface CheckedDraft {
  lines: { invoiceId: string; amount: string | null; problem: LineProblem | null }[];
  totalMinor: number;
  /** The payment's remainder minus the lines' total; negative when they add up to more. */
  leftMinor: number;
  /** True when every line has a valid amount within its invoice's open total and the lines fit the remainder. */
  ready: boolean;
}

/**
 * Checks the typed amounts of a manual allocation as the server will: each
 * a positive amount in the UI language with at most `digits` decimals and
 * no more than its invoice has open, and together no more than the
 * payment's remainder.
 */
export function checkDraft(
  lines: readonly DraftLine[],
  remainderMinor: number,
  locale: string,
  digits: number,
): CheckedDraft {
  let totalMinor = 0;
  const checked = lines.map((line) => {
    const amount = parseDecimalText(line.text, locale, digits);
    if (amount === null) {
      return { invoiceId: line.invoice.invoiceId, amount, problem: 'invalid' as const };
    }
    const minor = toMinor(amount, digits);
    totalMinor += minor;
    const overOpen = minor > toMinor(line.invoice.open, digits);
    return {
      invoiceId: line.invoice.invoiceId,
      amount,
      problem: overOpen ? ('overOpen' as const) : null,
    };
  });
  const leftMinor = remainderMinor - totalMinor;

  return {
    lines: checked,
    totalMinor,
    leftMinor,
    ready: lines.length > 0 && leftMinor >= 0 && checked.every((line) => line.problem === null),
  };
}

/** Proposes the amount for a newly chosen invoice: its open total, at most the remainder. */
export function proposedAmount(invoice: InvoiceChoice, leftMinor: number, digits: number): string {
  const minor = Math.max(0, Math.min(toMinor(invoice.open, digits), leftMinor));
  return fromMinor(minor, digits);
}
