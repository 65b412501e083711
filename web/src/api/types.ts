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
  access: SessionAccess;
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
  /** Set while the debtor is held from batch review; may have an end date that has passed. */
  dunningHold: DebtorDunningHold | null;
  /** Phone numbers a call marked as wrong; later call steps skip them. */
  invalidPhoneNumbers: InvalidPhoneNumber[];
}

/** A debtor held from dunning: no message or call task until `until` has passed or the hold is lifted. */
export interface DebtorDunningHold {
  reason: string;
  until: string | null;
  heldBy: { actor: string; name: string };
  heldAt: string;
}

export interface InvalidPhoneNumber {
  number: string;
  callTaskId: string | null;
  flaggedBy: { actor: string; name: string };
  flaggedAt: string;
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
  hold: CodeHold | null;
  issueHold: IssueHold | null;
  steps: { step: string; reachedOn: string }[];
}

/** An import hold code that keeps an invoice out of dunning. */
export interface CodeHold {
  reason: string;
  until: string | null;
}

/** An issue that keeps an invoice out of dunning: open, or closed and in its resume delay. */
export interface IssueHold {
  issueId: string;
  issueNumber: number;
  categoryName: string;
  /** Category names by language code; categoryName applies where a language has none. */
  categoryNames: Record<string, string>;
  status: 'open' | 'resuming';
  closedAs: 'resolved' | 'rejected' | null;
  closedOn: string | null;
  /** First date dunning may remind again; null while the issue is open. */
  resumesOn: string | null;
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
  /** Delivery of a message after it left; null for call tasks. */
  delivery: MessageDelivery | null;
}

/**
 * Delivery outcome of a message after it left: the SMS provider's latest
 * status, or "delayed" or "bounced" from an e-mail delivery status notification.
 */
export interface MessageDelivery {
  status: string | null;
  bouncedAt: string | null;
  /** The status code and diagnostic of the bounce, such as "5.1.1 user unknown". */
  bounceReason: string | null;
}

export interface DebtorCard {
  /** The date the open amounts are computed for: the entity's today unless asked otherwise. */
  asOf: string;
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
  delivery: MessageDelivery;
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

/** An open item on hold, as the ageing report lists it. */
export interface HeldInvoice {
  id: string;
  number: string;
  debtor: { id: string; number: string; name: string };
  dueDate: string;
  daysPastDue: number;
  bucket: AgeingBucket | 'credits';
  open: Decimal;
  hold: CodeHold | null;
  issueHold: IssueHold | null;
}

/** The ageing of one currency on one date; buckets plus credits equal the total. */
export interface AgeingReport {
  date: string;
  currency: string;
  buckets: ({ name: AgeingBucket; onHold: AgeingTally } & AgeingTally)[];
  credits: AgeingTally;
  total: AgeingTally;
  /** Items on hold, credits included; a part of the total. */
  onHold: AgeingTally;
  /** The items on hold with the reason; at most 1000 per entity. */
  heldInvoices: HeldInvoice[];
}

export type { Permission, StartScreen } from '../../../src/access/permissions.ts';

/** Access of the signed-in user: their user group's permissions and their limits. */
export interface SessionAccess {
  /** Slug of the user's group; null for a user without a group. */
  group: string | null;
  startScreen: string;
  permissions: string[];
  /** The entities the user is limited to; null means every entity. */
  entityIds: string[] | null;
  /** The department the user is limited to for issues; null means every department. */
  departmentId: string | null;
}

export type UserStatus = 'invited' | 'active' | 'deactivated';

export interface User {
  id: string;
  username: string;
  email: string;
  name: string;
  language: string;
  group: { id: string; slug: string; name: string } | null;
  /** The entities the user is limited to; null means every entity. */
  entityIds: string[] | null;
  departmentId: string | null;
  isActive: boolean;
  status: UserStatus;
  totpEnabled: boolean;
  createdAt: string;
}

/** A link with which a user sets a password; `emailed` is true when the server e-mailed it. */
export interface AccountLink {
  url: string;
  expiresAt: string;
  emailed: boolean;
}

export interface InvitedUser {
  user: User;
  invitation: AccountLink;
}

export interface UserGroup {
  id: string;
  slug: string;
  name: string;
  permissions: string[];
  startScreen: string;
  /** Slug of the preset the group was seeded from; null for a group an administrator added. */
  preset: string | null;
  userCount: number;
}

export interface PermissionDescription {
  name: string;
  description: string;
}

export interface Department {
  id: string;
  name: string;
}

export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the key, to recognise it; the key itself is not stored. */
  prefix: string;
  permissions: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A new API key; `key` is returned once and cannot be read again. */
export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
  permissions: string[];
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  /** The user id, or "apikey:<key id>" for an API key. */
  actor: string;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditEventPage {
  items: AuditEvent[];
  /** Pass as `before` to fetch the next, older page; null on the last page. */
  nextCursor: string | null;
}

/** Purpose and owner of an invitation or password-reset link, read before the user sets a password. */
export interface AccountToken {
  purpose: 'invitation' | 'password_reset';
  username: string;
  name: string;
  language: string;
  expiresAt: string;
}

/** The start of a two-factor set-up: the secret as text, as otpauth URL and as QR image. */
export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}
