import { formatDecimal } from '../money/money.ts';
import type { DemoDebtor, DemoInvoice, DemoReceivables } from './demo-types.ts';

/** Columns of the `generic` import layout that the demo fills, in file order. */
const columns: ReadonlyArray<
  readonly [string, (invoice: DemoInvoice, debtor: DemoDebtor) => string | null]
> = [
  ['debtor_number', (_, debtor) => debtor.number],
  ['debtor_name', (_, debtor) => debtor.name],
  ['debtor_kind', (_, debtor) => debtor.kind],
  ['debtor_language', (_, debtor) => debtor.language],
  ['debtor_country', (_, debtor) => debtor.country],
  ['debtor_email', (_, debtor) => debtor.email],
  ['debtor_phone', (_, debtor) => debtor.phone],
  ['debtor_address_line', (_, debtor) => debtor.addressLine],
  ['debtor_postal_code', (_, debtor) => debtor.postalCode],
  ['debtor_city', (_, debtor) => debtor.city],
  ['debtor_coc_number', (_, debtor) => debtor.cocNumber],
  ['debtor_vat_number', (_, debtor) => debtor.vatNumber],
  ['debtor.custom.account_manager', (_, debtor) => debtor.accountManager],
  ['invoice_number', (invoice) => invoice.number],
  ['kind', (invoice) => invoice.kind],
  ['invoice_date', (invoice) => invoice.invoiceDate],
  ['due_date', (invoice) => invoice.dueDate],
  ['payment_terms', (invoice) => String(invoice.paymentTerms)],
  ['currency', (invoice) => invoice.currency],
  ['amount', (invoice) => formatDecimal(invoice.amountMinor, invoice.currency)],
  [
    'open_amount',
    (invoice) =>
      invoice.openAmountMinor === null
        ? null
        : formatDecimal(invoice.openAmountMinor, invoice.currency),
  ],
  ['paid_date', (invoice) => invoice.paidDate],
  ['custom.po_number', (invoice) => invoice.poNumber],
];

/** Quotes a CSV field when it contains a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | null): string {
  if (value === null) {
    return '';
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes receivables as a comma-separated file in the `generic` import
 * layout: a header line of field names, then one line per invoice or credit
 * note, amounts with a decimal point, dates as YYYY-MM-DD, CRLF line ends.
 */
export function writeGenericCsv(receivables: DemoReceivables): string {
  const debtors = new Map(receivables.debtors.map((debtor) => [debtor.number, debtor]));
  const lines = [columns.map(([header]) => header).join(',')];
  for (const invoice of receivables.invoices) {
    const debtor = debtors.get(invoice.debtorNumber);
    if (!debtor) {
      throw new Error(`Invoice ${invoice.number} names unknown debtor ${invoice.debtorNumber}`);
    }
    lines.push(columns.map(([, read]) => csvField(read(invoice, debtor))).join(','));
  }

  return `${lines.join('\r\n')}\r\n`;
}
