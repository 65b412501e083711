import type { PlainDate } from '../dates/plain-date.ts';
import type { CodeHold } from '../invoices/invoice-hold.ts';
import type { IssueHold } from '../issues/issue-holds.ts';
import { formatDecimal } from '../money/money.ts';
import type { AgeingBucketName, AgeingSlot } from './ageing-buckets.ts';
import type { AgeingReport, AgeingTally } from './ageing.ts';

/** A count and an amount as a decimal string with the currency's digits, such as "4563.74". */
export interface AgeingTallyJson {
  count: number;
  amount: string;
}

/** An item on hold in the ageing report's JSON form. */
export interface HeldInvoiceJson {
  id: string;
  number: string;
  debtor: { id: string; number: string; name: string };
  dueDate: PlainDate;
  daysPastDue: number;
  bucket: AgeingSlot;
  open: string;
  hold: CodeHold | null;
  issueHold: IssueHold | null;
}

/** The ageing report as the CLI and the HTTP API return it. */
export interface AgeingReportJson {
  date: PlainDate;
  currency: string;
  buckets: Array<{ name: AgeingBucketName } & AgeingTallyJson & { onHold: AgeingTallyJson }>;
  credits: AgeingTallyJson;
  total: AgeingTallyJson;
  onHold: AgeingTallyJson;
  heldInvoices: HeldInvoiceJson[];
}

/** Converts ageing reports to their JSON form, keeping the key order of the documented output. */
export function formatAgeingJson(reports: AgeingReport[]): AgeingReportJson[] {
  return reports.map((report) => {
    const tally = (value: AgeingTally): AgeingTallyJson => ({
      count: value.count,
      amount: formatDecimal(value.amountMinor, report.currency),
    });

    return {
      date: report.date,
      currency: report.currency,
      buckets: report.buckets.map((bucket) => ({
        name: bucket.name,
        ...tally(bucket),
        onHold: tally(bucket.onHold),
      })),
      credits: tally(report.credits),
      total: tally(report.total),
      onHold: tally(report.onHold),
      heldInvoices: report.heldInvoices.map((invoice) => ({
        id: invoice.id,
        number: invoice.number,
        debtor: invoice.debtor,
        dueDate: invoice.dueDate,
        daysPastDue: invoice.daysPastDue,
        bucket: invoice.slot,
        open: formatDecimal(invoice.openMinor, invoice.currency),
        hold: invoice.hold,
        issueHold: invoice.issueHold,
      })),
    };
  });
}

/**
 * Renders ageing reports as plain-text tables, one per currency, with the
 * number of open items and the open amount of each bucket. A row "on hold"
 * follows the total when items are on hold; they are part of the total.
 */
export function formatAgeingText(
  reports: AgeingReport[],
  params: { entityCode: string; date: PlainDate },
): string {
  const header = `Ageing of entity ${params.entityCode} on ${params.date} (days past due = as-of date minus due date)`;
  const tables = reports.map((report) => {
    const rows = [
      ...report.buckets.map((bucket) => [bucket.name, bucket] as const),
      ['credits', report.credits] as const,
      ['total', report.total] as const,
      ...(report.onHold.count > 0 ? [['on hold', report.onHold] as const] : []),
    ].map(([label, tally]) => formatRow(label, String(tally.count), amountOf(tally, report)));

    return [report.currency, formatRow('bucket', 'items', 'amount'), ...rows].join('\n');
  });

  return `${[header, ...tables].join('\n\n')}\n`;
}

function amountOf(tally: AgeingTally, report: AgeingReport): string {
  return formatDecimal(tally.amountMinor, report.currency);
}

function formatRow(label: string, count: string, amount: string): string {
  return `  ${label.padEnd(8)} ${count.padStart(7)} ${amount.padStart(16)}`;
}
