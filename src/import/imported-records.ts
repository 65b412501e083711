import type { PlainDate } from '../dates/plain-date.ts';

/** A debtor as one row of an import file describes it; absent fields leave stored values alone. */
export interface ImportedDebtor {
  number: string;
  name?: string;
  kind?: 'b2b' | 'b2c';
  language?: string;
  country?: string;
  email?: string;
  phone?: string;
  addressLine?: string;
  postalCode?: string;
  city?: string;
  cocNumber?: string;
  vatNumber?: string;
  /** Bank accounts the debtor pays from, in electronic form; the import adds them and removes none. */
  ibans?: string[];
  custom: Record<string, string>;
}

/** An invoice or credit note read from one row of an import file. */
export interface ImportedInvoice {
  /** Line of the row in the file. */
  line: number;
  number: string;
  debtorNumber: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  /** Original amount in minor units of `currency`; negative for credit notes. */
  amountMinor: number;
  /** Open amount in minor units, same sign as the amount; undefined when the file has none. */
  openMinor?: number;
  /** Date on which the invoice was paid in full. */
  paidDate?: PlainDate;
  /** A valid RF creditor reference or Dutch payment reference, normalised; absent keeps the stored one. */
  paymentReference?: string;
  custom: Record<string, string>;
}
