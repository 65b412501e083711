import type { RejectedRow } from './import-problems.ts';
import { changedNothing, type ImportSummary } from './import-summary.ts';

/** Rejected rows listed in text output; --json lists them all. */
const MAX_LISTED_PROBLEMS = 50;

/** Formats the text report of an import for the command line. */
export function formatImportSummary(
  summary: ImportSummary,
  context: { fileName: string; entityCode: string; dryRun: boolean },
): string {
  const { debtors, invoices, payments } = summary;
  const prefix = context.dryRun ? 'Dry run, nothing written: importing' : 'Imported';
  const lines: string[] = [];
  if (changedNothing(summary)) {
    lines.push(
      `${prefix} ${context.fileName} into ${context.entityCode}: nothing changed (${debtors.unchanged} debtors and ${invoices.unchanged} invoices unchanged).`,
    );
  } else {
    lines.push(
      `${prefix} ${context.fileName} into ${context.entityCode}:`,
      `  debtors:  ${debtors.new} new, ${debtors.changed} changed, ${debtors.unchanged} unchanged`,
      `  invoices: ${invoices.new} new, ${invoices.changed} changed, ${invoices.unchanged} unchanged, ${invoices.closed} closed`,
      `  payments: ${payments.new} new`,
    );
  }
  if (summary.rejected.length > 0) {
    lines.push(`Skipped invalid rows:`, ...formatRejectedRows(summary.rejected));
  }

  return `${lines.join('\n')}\n`;
}

/** Formats one line per problem: line, column, value and the fix. */
export function formatRejectedRows(rejected: RejectedRow[]): string[] {
  const lines = rejected
    .slice(0, MAX_LISTED_PROBLEMS)
    .map(
      (problem) =>
        `  line ${problem.row}, column ${problem.column}, value "${problem.value}": ${problem.reason}`,
    );
  if (rejected.length > MAX_LISTED_PROBLEMS) {
    lines.push(`  ... and ${rejected.length - MAX_LISTED_PROBLEMS} more; --json lists them all`);
  }
  return lines;
}
