import type { ImportMapping } from './import-mapping.ts';

/**
 * The `generic` layout: each header is a field name (case-insensitive;
 * spaces, hyphens and dots count as underscores). Columns:
 *
 * - debtor_number, debtor_name: at least one; each defaults to the other
 * - invoice_number (required), amount (required; negative is a credit note)
 * - due_date (required unless invoice_date and payment_terms are given)
 * - invoice_date (optional; default the due date or the import date, whichever is earlier)
 * - payment_terms (days after the invoice date, used when due_date is empty)
 * - currency (default: the entity's currency)
 * - open_amount (optional; below the amount books a payment of the difference on the import date)
 * - paid_date or settled_date (optional; books a payment of the full amount on that date)
 * - kind: invoice or credit_note (default: from the sign of the amount)
 * - debtor_kind (b2b or b2c), debtor_email, debtor_phone, debtor_language (ISO 639-1),
 *   debtor_country (ISO 3166 alpha-2), debtor_address_line, debtor_postal_code,
 *   debtor_city, debtor_coc_number, debtor_vat_number
 * - debtor_iban or iban: IBANs the debtor pays from, separated by ";"
 * - custom.NAME or invoice.custom.NAME, and debtor.custom.NAME: custom fields
 *
 * Dates are YYYY-MM-DD; the delimiter and the decimal separator are detected.
 * Other columns are ignored.
 */
const genericMapping: ImportMapping = {
  name: 'generic',
  dateFormat: 'YYYY-MM-DD',
  encoding: 'auto',
};

/**
 * The layout of the public accounts-receivable sample (IBM "WA_Fn-UseC_"
 * data set): comma-separated, US dates (M/D/YYYY), decimal point, no debtor
 * names, so customerID is both the debtor number and its name.
 */
const arHistoryMapping: ImportMapping = {
  name: 'ar-history',
  columns: {
    countryCode: { kind: 'custom', owner: 'debtor', name: 'countryCode' },
    customerID: { kind: 'field', field: 'debtor_number' },
    PaperlessDate: { kind: 'custom', owner: 'debtor', name: 'paperlessDate' },
    invoiceNumber: { kind: 'field', field: 'invoice_number' },
    InvoiceDate: { kind: 'field', field: 'invoice_date' },
    DueDate: { kind: 'field', field: 'due_date' },
    InvoiceAmount: { kind: 'field', field: 'amount' },
    Disputed: { kind: 'custom', owner: 'invoice', name: 'disputed' },
    SettledDate: { kind: 'field', field: 'paid_date' },
    PaperlessBill: { kind: 'custom', owner: 'invoice', name: 'paperlessBill' },
    // Both follow from the dates, so storing them would only let them disagree.
    DaysToSettle: null,
    DaysLate: null,
  },
  delimiter: ',',
  decimalSeparator: '.',
  dateFormat: 'M/D/YYYY',
  encoding: 'auto',
};

export const mappingPresets: Readonly<Record<string, ImportMapping>> = {
  generic: genericMapping,
  'ar-history': arHistoryMapping,
};

export const DEFAULT_MAPPING_PRESET = 'generic';
