/**
 * Response shapes of the Collecta HTTP API. Amounts are decimal strings with
 * the currency's digits ("1234.50") next to an ISO 4217 `currency`; dates are
 * plain 'YYYY-MM-DD' strings.
 */
export type Decimal = `${number}`;

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  language: string;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export interface Entity {
  id: string;
  code: string;
  name: string;
  currency: string;
  country: string;
  language: string;
  timeZone: string;
  iban: string | null;
}

export interface DemoResult {
  entities: number;
  debtors: number;
  invoices: number;
}

export const ageingBuckets = ['current', '1-30', '31-60', '61-90', '91+'] as const;

export type AgeingBucket = (typeof ageingBuckets)[number];

export type Ageing = Record<AgeingBucket | 'credits', Decimal>;

export interface DebtorSummary {
  id: string;
  number: string;
  name: string;
  kind: string;
  language: string;
  email: string | null;
  currency: string;
  open: Decimal;
  overdue: Decimal;
  ageing: Ageing;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DebtorDetails {
  id: string;
  number: string;
  name: string;
  kind: string;
  language: string;
  email: string | null;
  phone: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  entityCode: string;
  currency: string;
  open: Decimal;
  overdue: Decimal;
}

export interface DebtorInvoice {
  id: string;
  number: string;
  kind: string;
  invoiceDate: string;
  dueDate: string;
  amount: Decimal;
  open: Decimal;
  currency: string;
  daysPastDue: number;
  hold: { reason: string; until: string | null } | null;
  steps: { step: string; reachedOn: string }[];
}

export interface DebtorPayment {
  id: string;
  paymentDate: string;
  amount: Decimal;
  currency: string;
  source: string;
  reference: string | null;
  allocated: { invoiceNumber: string; amount: Decimal }[];
}

export interface TimelineItem {
  kind: 'message' | 'call';
  id: string;
  date: string;
  step: string;
  channel: string;
  status: string;
  total: Decimal;
  currency: string;
}

export interface DebtorCard {
  debtor: DebtorDetails;
  invoices: DebtorInvoice[];
  payments: DebtorPayment[];
  timeline: TimelineItem[];
}

export interface BatchSummary {
  id: string;
  runDate: string;
  channel: string;
  status: string;
  entityCode: string;
  messages: Record<'total' | 'pending' | 'removed' | 'approved' | 'sent' | 'failed', number>;
  totals: { currency: string; amount: Decimal }[];
}

export interface BatchMessage {
  id: string;
  debtor: { id: string; number: string; name: string };
  recipient: string | null;
  language: string;
  total: Decimal;
  currency: string;
  status: string;
  stepName: string;
  invoiceCount: number;
  error: string | null;
}

export interface BatchDetails {
  batch: BatchSummary;
  messages: BatchMessage[];
}

export interface MessagePreview {
  channel: string;
  subject: string | null;
  html: string;
  text: string | null;
  recipient: string | null;
  pdfUrl?: string;
}

export interface ApproveResult {
  id: string;
  status: string;
  queued: number;
}

export interface CallTask {
  id: string;
  debtor: { id: string; name: string; phone: string | null };
  dueDate: string;
  total: Decimal;
  currency: string;
  status: string;
  stepName: string;
}

/** A number of open items and their summed open amount. */
export interface AgeingTally {
  count: number;
  amount: Decimal;
}

/** The ageing of one currency on one date; buckets plus credits equal the total. */
export interface AgeingReport {
  date: string;
  currency: string;
  buckets: ({ name: AgeingBucket } & AgeingTally)[];
  credits: AgeingTally;
  total: AgeingTally;
}
