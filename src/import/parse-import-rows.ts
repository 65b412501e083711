import type { DecimalSeparator } from '../money/money.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { ColumnBinding } from './bind-columns.ts';
import { detectDecimalSeparator } from './detect-decimal-separator.ts';
import type { ImportMapping } from './import-mapping.ts';
import type { RejectedRow } from './import-problems.ts';
import type { ImportedDebtor, ImportedInvoice } from './imported-records.ts';
import { parseDebtorFields } from './parse-debtor-fields.ts';
import { parseInvoiceFields } from './parse-invoice-fields.ts';
import { cellText, type ImportTable } from './read-table.ts';
import { RowReader, type RowSettings } from './row-reader.ts';

export interface ParsedImport {
  /** One entry per debtor number, merged over its rows: later non-empty values win, and IBANs add up. */
  debtors: Map<string, ImportedDebtor>;
  invoices: ImportedInvoice[];
  rejected: RejectedRow[];
  /** Invoice numbers written on rejected rows, which a snapshot import must not close. */
  rejectedInvoiceNumbers: Set<string>;
  /** The file's header of the payment_reference column, for problems found later. */
  paymentReferenceColumn: string;
}

/**
 * Turns the rows of a file into debtors and invoices, and every invalid row
 * into problems. An invoice number may appear on one row only; a later row
 * with the same number is rejected.
 */
export function parseImportRows(
  table: ImportTable,
  binding: ColumnBinding,
  context: { mapping: ImportMapping; defaultCurrency: string; importDate: PlainDate },
): ParsedImport {
  const settings: RowSettings = {
    binding,
    decimalSeparator: context.mapping.decimalSeparator ?? detectFromAmounts(table, binding),
    dateFormat: context.mapping.dateFormat,
  };
  const parsed: ParsedImport = {
    debtors: new Map(),
    invoices: [],
    rejected: [],
    rejectedInvoiceNumbers: new Set(),
    paymentReferenceColumn: binding.fields.payment_reference?.header ?? 'payment_reference',
  };
  const lineOfInvoice = new Map<string, number>();
  const lineOfReference = new Map<string, number>();

  for (const row of table.rows) {
    const reader = new RowReader(row, settings);
    const debtor = parseDebtorFields(reader);
    // Invoice fields are read even without a debtor, so the row reports every problem.
    const invoice = parseInvoiceFields(reader, { ...context, debtorNumber: debtor?.number ?? '' });
    const earlierLine = invoice ? lineOfInvoice.get(invoice.number) : undefined;
    if (earlierLine !== undefined) {
      reader.reject(
        'invoice_number',
        `invoice ${invoice?.number} is also on line ${earlierLine}; each invoice may appear on one line only`,
      );
    }
    const reference = invoice?.paymentReference;
    const referenceLine = reference === undefined ? undefined : lineOfReference.get(reference);
    if (referenceLine !== undefined) {
      reader.reject(
        'payment_reference',
        `the payment reference ${reference} is also on line ${referenceLine}; give each invoice its own reference, or leave the cell empty to let Collecta make one`,
      );
    }
    if (!debtor || !invoice || reader.problems.length > 0) {
      parsed.rejected.push(...reader.problems);
      if (reader.text('invoice_number')) {
        parsed.rejectedInvoiceNumbers.add(reader.text('invoice_number'));
      }
      continue;
    }

    for (const column of binding.custom) {
      const value = cellText(row.cells[column.index]);
      if (value !== '') {
        (column.owner === 'debtor' ? debtor : invoice).custom[column.name] = value;
      }
    }
    lineOfInvoice.set(invoice.number, row.line);
    if (invoice.paymentReference !== undefined) {
      lineOfReference.set(invoice.paymentReference, row.line);
    }
    parsed.invoices.push(invoice);
    mergeDebtor(parsed.debtors, debtor);
  }

  return parsed;
}

function detectFromAmounts(table: ImportTable, binding: ColumnBinding): DecimalSeparator {
  const columns = [binding.fields.amount, binding.fields.open_amount].filter(
    (column) => column !== undefined,
  );
  const amounts = table.rows.flatMap((row) =>
    columns
      .map((column) => ({ line: row.line, column: column.header, cell: row.cells[column.index] }))
      .filter((amount) => typeof amount.cell === 'string' && amount.cell.trim() !== '')
      .map((amount) => ({ line: amount.line, column: amount.column, text: cellText(amount.cell) })),
  );

  return detectDecimalSeparator(amounts);
}

function mergeDebtor(debtors: Map<string, ImportedDebtor>, debtor: ImportedDebtor): void {
  const known = debtors.get(debtor.number);
  if (!known) {
    debtors.set(debtor.number, debtor);
    return;
  }
  const { custom, ibans, ...fields } = debtor;
  Object.assign(known, fields);
  Object.assign(known.custom, custom);
  if (ibans !== undefined) {
    known.ibans = [...new Set([...(known.ibans ?? []), ...ibans])];
  }
}
