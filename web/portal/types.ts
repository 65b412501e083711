/** Shapes of the portal API's responses; amounts are decimal strings such as "1234.50". */

export interface PortalSessionInfo {
  csrfToken: string;
  language: 'nl' | 'en';
  debtor: { name: string; number: string };
  entity: { name: string; hasLogo: boolean };
}

export interface OpenInvoice {
  invoiceId: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: string;
  dueDate: string;
  currency: string;
  amount: string;
  principalOpen: string;
  costsOpen: string;
  interestOpen: string;
  feesOpen: string;
  totalOpen: string;
}

export interface PaidInvoice {
  number: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  amount: string;
  paidOn: string;
}

export interface PortalInvoices {
  openInvoices: OpenInvoice[];
  paidInvoices: PaidInvoice[];
  totals: Array<{
    currency: string;
    principalOpen: string;
    chargesOpen: string;
    totalOpen: string;
  }>;
}

export type Frequency = 'weekly' | 'fortnightly' | 'monthly' | 'quarterly';

export interface PortalArrangement {
  id: string;
  status: 'requested' | 'active' | 'rejected' | 'cancelled' | 'broken' | 'completed';
  currency: string;
  total: string;
  paid: string;
  frequency: Frequency;
  requestedAt: string;
  invoiceNumbers: string[];
  instalments: Array<{
    sequence: number;
    dueDate: string;
    amount: string;
    paid: string;
    status: 'open' | 'paid' | 'missed';
    paidOn: string | null;
  }>;
}

export type PortalPayment =
  | { kind: 'payment_link'; path: string; currency: string; amount: string }
  | {
      kind: 'bank_transfer';
      currency: string;
      amount: string;
      beneficiary: string;
      iban: string | null;
      bic: string | null;
      reference: string;
      qrDataUrl: string | null;
    };
