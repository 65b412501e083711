import type { PlainDate } from '../dates/plain-date.ts';

/** A debtor of the demo data, with the fields the `generic` import layout carries. */
export interface DemoDebtor {
  number: string;
  name: string;
  kind: 'b2b' | 'b2c';
  language: 'nl' | 'en' | 'de';
  country: string;
  /** Null for the few debtors without an e-mail address, who get letters. */
  email: string | null;
  phone: string;
  addressLine: string;
  postalCode: string;
  city: string;
  cocNumber: string | null;
  vatNumber: string | null;
  /** Stored as the debtor custom field `account_manager`. */
  accountManager: string;
  /** Payment habit of this debtor, which drives the payment dates of its invoices. */
  behaviour: PaymentBehaviour;
}

export type PaymentBehaviour = 'punctual' | 'late' | 'slow' | 'defaulter';

/** One row of the import file: an invoice or credit note and how much of it is paid. */
export interface DemoInvoice {
  debtorNumber: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  /** Days from invoice date to due date; 0 for credit notes. */
  paymentTerms: number;
  currency: string;
  /** Gross amount in minor units, VAT included; negative for credit notes. */
  amountMinor: number;
  /** Set when the invoice was paid in full on that date. */
  paidDate: PlainDate | null;
  /** Set below the amount when part was paid; the importer books the difference. */
  openAmountMinor: number | null;
  /** The debtor's purchase order, stored as the invoice custom field `po_number`. */
  poNumber: string | null;
}

/** An invoice put on hold after the import, because the debtor raised a question. */
export interface DemoHold {
  invoiceNumber: string;
  reason: string;
  /** Null keeps the invoice on hold until someone lifts the hold. */
  until: PlainDate | null;
}

/** The generated receivables of one entity. */
export interface DemoReceivables {
  debtors: DemoDebtor[];
  invoices: DemoInvoice[];
  holds: DemoHold[];
}
