import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for Kysely, kept by hand beside the SQL migrations.
 * Conventions: `date` columns are plain `YYYY-MM-DD` strings, `bigint`
 * amounts are integer minor units read as JavaScript numbers, `jsonb` is
 * typed by its use.
 */
type PlainDate = string;
/** A timestamptz column; optional on insert because the defaulted ones fill themselves. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
type GeneratedAlways<T> = ColumnType<T, never, never>;

export type Channel = 'email' | 'letter' | 'sms' | 'call' | 'fax' | 'handover';
export type MessageChannel = Exclude<Channel, 'call'>;

export interface OrganisationTable {
  id: Generated<string>;
  organisation_id: GeneratedAlways<string>;
  slug: string;
  name: string;
  /** Set when an administrator presses go-live; until then every dunning run is a dry run. */
  live_since: Timestamp | null;
  provisioning: Json<ProvisioningState>;
  created_at: Timestamp;
}

/** The provisioning wizard's progress. */
export interface ProvisioningState {
  /** Steps finished, by key, in the order they were finished. */
  completedSteps?: string[];
  /** The step the wizard resumes at. */
  currentStep?: string;
}

export interface EntityTable {
  id: Generated<string>;
  organisation_id: string;
  code: string;
  name: string;
  currency: string;
  country: string;
  language: string;
  time_zone: string;
  iban: string | null;
  bic: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  coc_number: string | null;
  vat_number: string | null;
  sender_email: string | null;
  sender_name: string | null;
  portal_url: string | null;
  /** PNG or JPEG bytes, at most 512 KiB; PGlite returns a Uint8Array, pg a Buffer. */
  logo: Uint8Array | null;
  logo_content_type: LogoContentType | null;
  /** Languages the entity writes in; the first is the default. Empty means `language` alone. */
  languages: Generated<string[]>;
  /** ISO weekdays (1 = Monday ... 7 = Sunday) on which messages may be sent. */
  working_days: Generated<number[]>;
  /** Country code of the built-in public holidays, such as 'NL'; null for none. */
  holiday_calendar: string | null;
  /** Whether a due date on a non-sending day counts as the next sending day. */
  shift_due_dates_to_working_day: Generated<boolean>;
  /** Most messages and call tasks per debtor in 7 days; null means no limit. */
  max_contacts_per_week: Generated<number | null>;
  /** Local HH:MM from which e-mails and SMS messages are sent; null means any hour. */
  sending_window_start: string | null;
  /** Local HH:MM until which e-mails and SMS messages are sent (exclusive). */
  sending_window_end: string | null;
  /** Local date of the last nightly segment evaluation. */
  segments_evaluated_on: PlainDate | null;
  /** 'rf': ISO 11649 creditor references; 'nl': Dutch payment references (betalingskenmerk). */
  payment_reference_scheme: Generated<PaymentReferenceScheme>;
  /** How a payment settles an invoice's costs, interest and principal. */
  allocation_order: Generated<AllocationOrder>;
  /** False for a creditor that cannot deduct VAT: only then do collection costs carry VAT. */
  creditor_deducts_vat: Generated<boolean>;
  /** VAT rate added to collection costs when the creditor cannot deduct VAT; 2100 is 21%. */
  vat_rate_basis_points: Generated<number>;
  /** Working days after posting on which a letter is assumed delivered. */
  letter_delivery_working_days: Generated<number>;
  /** Days after an instalment's due date before an unpaid instalment breaks its arrangement. */
  arrangement_grace_days: Generated<number>;
  /** Days that a payment link made on the customer card keeps working, 1 to 365. */
  payment_link_expiry_days: Generated<number>;
  /** Days that a dunning message's payment link keeps working, 1 to 365; null: while its invoices are open. */
  message_payment_link_expiry_days: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PaymentReferenceScheme = 'rf' | 'nl';

/** 'costs_interest_principal' is the legal default (art. 6:44 BW). */
export type AllocationOrder = 'costs_interest_principal' | 'principal_interest_costs';

/** A further bank account of an entity besides `entities.iban`, in electronic form. */
export interface EntityBankAccountTable {
  organisation_id: string;
  entity_id: string;
  iban: string;
  created_at: Timestamp;
}

/** Where a debtor bank account came from; 'learned' is a payment matched by reference or invoice number. */
export type DebtorBankAccountSource = 'import' | 'user' | 'learned';

/** An IBAN a debtor pays from, in electronic form; its entity is the debtor's. */
export interface DebtorBankAccountTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  iban: string;
  bic: string | null;
  account_holder_name: string | null;
  source: DebtorBankAccountSource;
  /** The bank payment a learned IBAN came from. */
  learned_from_payment_id: string | null;
  /** User id, "cli:<os user>" or "system:<job>". */
  created_by: string;
  created_at: Timestamp;
}

export interface EntityHolidayTable {
  organisation_id: string;
  entity_id: string;
  holiday: PlainDate;
  name: string;
}

export type LogoContentType = 'image/png' | 'image/jpeg';

export interface UserTable {
  id: Generated<string>;
  organisation_id: string;
  username: string;
  email: string;
  name: string;
  language: Generated<string>;
  password_hash: string | null;
  is_active: Generated<boolean>;
  /** Consecutive failed logins since the last successful one. */
  failed_logins: Generated<number>;
  /** Logins are rejected until this moment, after too many failures in a row. */
  locked_until: Timestamp | null;
  group_id: string | null;
  department_id: string | null;
  /** Base32 TOTP secret; two-factor login is on once totp_enabled_at is set. */
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  /** The last accepted TOTP time step, so that one code logs in only once. */
  totp_last_step: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DepartmentTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  created_at: Timestamp;
}

export interface UserGroupTable {
  id: Generated<string>;
  organisation_id: string;
  slug: string;
  name: string;
  /** Permission names; see src/access/permissions.ts. */
  permissions: string[];
  start_screen: Generated<string>;
  /** The preset slug the group was seeded from, or null for a group an administrator made. */
  preset: string | null;
  created_at: Timestamp;
}

export interface UserEntityTable {
  organisation_id: string;
  user_id: string;
  entity_id: string;
}

export type UserTokenPurpose = 'invitation' | 'password_reset';

export interface UserTokenTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  purpose: UserTokenPurpose;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ApiKeyTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  permissions: string[];
  created_by: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The entities the key is limited to; null means every entity. */
  entity_ids: string[] | null;
}

export interface SessionTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface SuccessionProfileTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  /**
   * The profile that replaces this one for a debtor with at least
   * `broken_promises_threshold` broken promises in the 12 months up to the
   * run date. Both null, or both set.
   */
  stricter_profile_id: string | null;
  broken_promises_threshold: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** 'debtor': one message listing the debtor's invoices at the step; 'invoice': one message per invoice. */
export type StepScope = 'debtor' | 'invoice';

export interface StepConditions {
  /** Only for debtors of this kind. */
  debtorKind?: 'b2b' | 'b2c';
  /** Only for debtors whose language is one of these. */
  languages?: string[];
}

export interface StepTable {
  id: Generated<string>;
  organisation_id: string;
  profile_id: string;
  name: string;
  day_offset: number;
  channel: Channel;
  template_key: string;
  minimum_amount_minor: Generated<number>;
  min_days_since_previous: Generated<number>;
  conditions: Json<StepConditions>;
  scope: Generated<StepScope>;
  /** The step charges collection costs or interest; the payments part computes the amounts. */
  adds_collection_costs: Generated<boolean>;
  adds_interest: Generated<boolean>;
  /** E-mails of the step carry the stored copies of the listed invoices, and the message as a PDF letter. */
  attach_invoice_copies: Generated<boolean>;
  attach_letter: Generated<boolean>;
  /** Taken off its profile; kept for the dunning states that refer to it, ignored by runs. */
  removed_at: Timestamp | null;
  /** A fixed fee per invoice in the invoice's currency. */
  fee_fixed_minor: Generated<number>;
  /** A fee as a share of the invoice's open principal: 1000 is 10%. */
  fee_basis_points: Generated<number>;
  /** 'statutory': the table for the debtor's kind; 'contractual': contractual_interest_basis_points a year. */
  interest_basis: Generated<'statutory' | 'contractual'>;
  contractual_interest_basis_points: number | null;
  /** The Dutch consumer letter that announces collection costs with a 14-day term. */
  is_fourteen_day_letter: Generated<boolean>;
}

export interface SegmentTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  priority: Generated<number>;
  rules: Json<unknown[]>;
  profile_id: string;
  is_default: Generated<boolean>;
  created_at: Timestamp;
}

export interface DebtorTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  number: string;
  name: string;
  kind: Generated<'b2b' | 'b2c'>;
  language: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  coc_number: string | null;
  vat_number: string | null;
  risk_score: number | null;
  credit_limit_minor: number | null;
  segment_id: string | null;
  /** Set by hand: imports and the nightly evaluation never move a pinned debtor. */
  segment_pinned: Generated<boolean>;
  segment_pinned_by: string | null;
  segment_pinned_at: Timestamp | null;
  /** Held from batch review: no message or call task while dunning_hold_until is null or on or after the run date. */
  dunning_hold_reason: string | null;
  dunning_hold_until: PlainDate | null;
  dunning_held_by: string | null;
  dunning_held_at: Timestamp | null;
  /** Collection costs agreed in a business contract as a share of the principal; null applies the statutory scale. */
  contract_costs_basis_points: number | null;
  /** The version in the debtor's portal token; raising it revokes the debtor's portal links. */
  portal_version: Generated<number>;
  custom: Json<Record<string, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactTable {
  id: Generated<string>;
  organisation_id: string;
  debtor_id: string;
  role: Generated<'invoices' | 'reminders' | 'general'>;
  name: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  country: string | null;
  created_at: Timestamp;
}

export interface InvoiceTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  number: string;
  kind: Generated<'invoice' | 'credit_note'>;
  invoice_date: PlainDate;
  due_date: PlainDate;
  currency: string;
  amount_minor: number;
  closed_on: PlainDate | null;
  hold_reason: string | null;
  hold_until: PlainDate | null;
  /** The reference the debtor quotes when paying this invoice, unique per entity. */
  payment_reference: string | null;
  custom: Json<Record<string, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PaymentSource = 'import' | 'bank' | 'provider' | 'manual';

/** receipt: money in; reversal and return: money going back; other_debit: money out that is no receivable. */
export type BookingKind = 'receipt' | 'reversal' | 'return' | 'other_debit';

export type MatchMethod =
  'reference' | 'invoice_number' | 'amount_iban' | 'manual' | 'provider' | 'import';

export interface PaymentTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string | null;
  payment_date: PlainDate;
  currency: string;
  /** Negative for money going back (a reversal or return). */
  amount_minor: number;
  source: PaymentSource;
  reference: string | null;
  external_key: string;
  statement_id: string | null;
  value_date: PlainDate | null;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  remittance_text: string | null;
  end_to_end_id: string | null;
  bank_reference: string | null;
  booking_kind: Generated<BookingKind>;
  return_reason_code: string | null;
  /** The earlier payment a reversal or return undoes. */
  reverses_payment_id: string | null;
  match_method: MatchMethod | null;
  matched_at: Timestamp | null;
  matched_by: string | null;
  /** Taken off the queue of unmatched payments without allocation. */
  dismissed_at: Timestamp | null;
  dismissed_by: string | null;
  dismiss_reason: string | null;
  warnings: Json<string[]>;
  created_at: Timestamp;
}

/** One statement booked for an entity; the unique key stops a second booking of it. */
export interface BankStatementTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  file_name: string;
  sha256: string;
  format: 'camt.053' | 'camt.054' | 'mt940';
  format_version: string | null;
  identification: string;
  sequence_number: string | null;
  account_identification: string;
  account_iban: string | null;
  currency: string | null;
  opening_balance_minor: number | null;
  opening_balance_date: PlainDate | null;
  closing_balance_minor: number | null;
  closing_balance_date: PlainDate | null;
  transaction_count: number;
  warnings: Json<string[]>;
  imported_by: string;
  imported_at: Timestamp;
}

export type ChargeKind = 'collection_costs' | 'interest' | 'fee';

/** Costs, interest or a fee a dunning step charged on an invoice; once per step, invoice and kind. */
export interface ChargeTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  invoice_id: string;
  kind: ChargeKind;
  step_id: string | null;
  run_id: string | null;
  message_id: string | null;
  call_task_id: string | null;
  charged_on: PlainDate;
  currency: string;
  /** VAT included. */
  amount_minor: number;
  vat_minor: Generated<number>;
  calculation: Json<Record<string, unknown>>;
  waived_at: Timestamp | null;
  waived_by: string | null;
  waive_reason: string | null;
  created_at: Timestamp;
}

/** The part of a payment that settles a charge; principal allocations stay in `allocations`. */
export interface ChargeAllocationTable {
  id: Generated<string>;
  organisation_id: string;
  payment_id: string;
  charge_id: string;
  amount_minor: number;
  created_at: Timestamp;
}

export interface InterestRateTableTable {
  organisation_id: string;
  kind: 'consumer' | 'commercial';
  covered_through: PlainDate;
  updated_by: string;
  updated_at: Timestamp;
}

export interface InterestRateTable {
  organisation_id: string;
  kind: 'consumer' | 'commercial';
  valid_from: PlainDate;
  basis_points: number;
}

export type PaymentLinkStatus = 'open' | 'paid' | 'expired' | 'cancelled';

/** A link the debtor opens to pay; only the SHA-256 of its token is stored. */
export interface PaymentLinkTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  message_id: string | null;
  token_hash: string;
  currency: string;
  amount_minor: number;
  status: Generated<PaymentLinkStatus>;
  expires_on: PlainDate | null;
  created_by: string;
  created_at: Timestamp;
}

export interface PaymentLinkInvoiceTable {
  organisation_id: string;
  payment_link_id: string;
  invoice_id: string;
}

/** A payment at Mollie or Stripe made from a payment link; `payment_id` is the payment it booked. */
export interface ProviderPaymentTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  payment_link_id: string;
  provider: 'mollie' | 'stripe';
  provider_payment_id: string;
  checkout_url: string;
  currency: string;
  amount_minor: number;
  status: string;
  status_checked_at: Timestamp | null;
  payment_id: string | null;
  /** Stripe only: the PaymentIntent (pi_...) of the paid session, named by refund and dispute events. */
  payment_intent_id: string | null;
  created_at: Timestamp;
}

export type ArrangementStatus =
  'requested' | 'active' | 'completed' | 'broken' | 'rejected' | 'cancelled';

export type ArrangementFrequency = 'weekly' | 'fortnightly' | 'monthly' | 'quarterly';

export interface ArrangementTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  status: Generated<ArrangementStatus>;
  source: 'card' | 'portal' | 'api';
  currency: string;
  total_minor: number;
  instalment_count: number;
  frequency: ArrangementFrequency;
  first_due_date: PlainDate;
  reminder_days_before: Generated<number>;
  note: string | null;
  requested_by: string;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  broken_on: PlainDate | null;
  completed_on: PlainDate | null;
  updated_at: Timestamp;
}

export interface ArrangementInvoiceTable {
  organisation_id: string;
  arrangement_id: string;
  invoice_id: string;
  /** The invoice's open amount when the arrangement was made. */
  open_minor: number;
}

export interface InstalmentTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  arrangement_id: string;
  sequence: number;
  due_date: PlainDate;
  amount_minor: number;
  status: Generated<'open' | 'paid' | 'missed'>;
  paid_on: PlainDate | null;
  reminder_message_id: string | null;
}

export interface AllocationTable {
  id: Generated<string>;
  organisation_id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: number;
  created_at: Timestamp;
}

export interface ImportTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  file_name: string;
  sha256: string;
  mapping: string;
  is_full: boolean;
  summary: Json<unknown>;
  created_by: string;
  created_at: Timestamp;
}

export interface DunningRunTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  run_date: PlainDate;
  summary: Json<unknown>;
  skipped: Json<unknown[]>;
  created_by: string;
  created_at: Timestamp;
}

export interface MessageBatchTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  run_date: PlainDate;
  channel: MessageChannel;
  status: Generated<'pending' | 'approved' | 'sent'>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  created_at: Timestamp;
}

export type MessageStatus = 'pending' | 'removed' | 'approved' | 'sending' | 'sent' | 'failed';

export interface MessageTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  batch_id: string;
  run_id: string;
  debtor_id: string;
  /** Null for a message that is no dunning step, such as an instalment reminder. */
  step_id: string | null;
  instalment_id: string | null;
  channel: MessageChannel;
  language: string;
  currency: string;
  total_minor: number;
  payment_reference: string | null;
  recipient: string | null;
  status: Generated<MessageStatus>;
  explanation: Json<unknown>;
  smtp_message_id: string | null;
  /** The SMS provider's id of the message, such as a Twilio "SM..." sid. */
  provider_message_id: string | null;
  /** SMS segments the text was split into. */
  segments: number | null;
  /** The SMS provider's latest delivery status, such as delivered or undelivered. */
  delivery_status: string | null;
  delivered_at: Timestamp | null;
  /** When a delivery status notification reported the e-mail undeliverable, and why. */
  bounced_at: Timestamp | null;
  bounce_reason: string | null;
  sent_at: Timestamp | null;
  error: string | null;
  created_at: Timestamp;
}

export type CallTaskReason = 'step' | 'broken_promise' | 'broken_arrangement';

export interface CallTaskTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  /** Null for a task that no run made, such as the call after a broken promise. */
  run_id: string | null;
  debtor_id: string;
  step_id: string | null;
  reason: Generated<CallTaskReason>;
  promise_id: string | null;
  arrangement_id: string | null;
  due_date: PlainDate;
  currency: string;
  total_minor: number;
  status: Generated<'open' | 'done' | 'cancelled'>;
  outcome: string | null;
  note: string | null;
  explanation: Json<unknown>;
  /** After an unanswered call: the day the task comes back on the call list. */
  retry_on: PlainDate | null;
  attempts: Generated<number>;
  created_at: Timestamp;
}

export interface DunningStateTable {
  organisation_id: string;
  invoice_id: string;
  step_id: string;
  reached_on: PlainDate;
  run_id: string;
  message_id: string | null;
  call_task_id: string | null;
}

export interface AuditEventTable {
  id: Generated<string>;
  organisation_id: string;
  occurred_at: Timestamp;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  entity_id: string | null;
}

/** Names by language code, as {"nl": "Verkoop"}; the plain `name` serves every other language. */
export type LocalizedNames = Record<string, string>;

export interface BusinessProcessTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  names: Json<LocalizedNames>;
  created_at: Timestamp;
}

export type DayKind = 'calendar' | 'working';

export interface IssueCategoryTable {
  id: Generated<string>;
  organisation_id: string;
  process_id: string;
  name: string;
  names: Json<LocalizedNames>;
  pauses_dunning: Generated<boolean>;
  days_to_resolve: number;
  day_kind: Generated<DayKind>;
  department_id: string | null;
  assignee_user_id: string | null;
  escalation_user_id: string | null;
  escalation_email: string | null;
  portal_selectable: Generated<boolean>;
  /** Days after an issue of a pausing category closes before its invoices get a reminder again. */
  resume_after_days: Generated<number>;
  archived: Generated<boolean>;
  created_at: Timestamp;
}

export type IssueStatus = 'new' | 'in_progress' | 'waiting_for_debtor' | 'resolved' | 'rejected';

/** The statuses of an issue that is still being worked on. */
export const OPEN_ISSUE_STATUSES = ['new', 'in_progress', 'waiting_for_debtor'] as const;

export type IssueSource = 'user' | 'portal' | 'api';

export type IssueOutcome = 'favour_debtor' | 'favour_creditor' | 'partly';

export interface IssueTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  /** Assigned by the database on insert: the organisation's next issue number. */
  number: Generated<number>;
  debtor_id: string;
  category_id: string;
  department_id: string | null;
  assignee_user_id: string | null;
  status: Generated<IssueStatus>;
  source: Generated<IssueSource>;
  description: Generated<string>;
  deadline: PlainDate;
  opened_by: string;
  opened_at: Timestamp;
  /** The business date (entity time zone) the issue was registered; defaults to the UTC date. */
  opened_on: Generated<PlainDate>;
  closed_on: PlainDate | null;
  resolved_at: Timestamp | null;
  outcome: IssueOutcome | null;
  credit_note_expected: Generated<boolean>;
  resolution: Generated<string>;
  escalated_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface IssueInvoiceTable {
  organisation_id: string;
  entity_id: string;
  issue_id: string;
  invoice_id: string;
}

export interface IssueNoteTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  issue_id: string;
  body: string;
  shared_with_debtor: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
}

export interface IssueAttachmentTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  issue_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_by: string;
  created_at: Timestamp;
}

export type IssueEventKind =
  | 'created'
  | 'status_changed'
  | 'assigned'
  | 'category_changed'
  | 'invoices_changed'
  | 'description_changed'
  | 'deadline_changed'
  | 'note_added'
  | 'attachment_added'
  | 'attachment_removed'
  | 'escalated'
  | 'resolved'
  | 'rejected'
  | 'reopened';

export interface IssueEventTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  issue_id: string;
  kind: IssueEventKind;
  actor: string;
  details: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export type PromiseStatus = 'open' | 'kept' | 'broken';

export interface PromiseTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  call_task_id: string | null;
  promised_date: PlainDate;
  currency: string;
  amount_minor: number;
  status: Generated<PromiseStatus>;
  note: string | null;
  /** Set on the broken promise an arrangement's missed instalment records. */
  arrangement_id: string | null;
  channel: Generated<PromiseChannel>;
  /** The business date the promise was found kept or broken. */
  settled_on: PlainDate | null;
  created_by: string;
  created_at: Timestamp;
}

export type PromiseChannel = 'call' | 'email' | 'letter' | 'portal' | 'sms' | 'other';

export type SegmentChangeSource = 'import' | 'nightly' | 'manual';

export interface SegmentChangeTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  from_segment_id: string | null;
  to_segment_id: string | null;
  reason: string;
  source: SegmentChangeSource;
  changed_by: string;
  changed_at: Timestamp;
}

export type SettingsChannel = 'email' | 'sms' | 'payment' | 'fax';

/** A mobile number that a failed SMS delivery marked unusable for one debtor. */
export interface InvalidMobileNumberTable {
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  number: string;
  message_id: string | null;
  error_code: string | null;
  flagged_at: Timestamp;
}

/** An e-mail address that a bounce marked unusable for one debtor, in lower case. */
export interface InvalidEmailAddressTable {
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  address: string;
  message_id: string | null;
  reason: string | null;
  flagged_at: Timestamp;
}

/** A phone number that a call marked as wrong for one debtor. */
export interface InvalidPhoneNumberTable {
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  number: string;
  call_task_id: string | null;
  flagged_by: string;
  flagged_at: Timestamp;
}

/** The stored copy (PDF) of an invoice. */
export interface InvoiceDocumentTable {
  organisation_id: string;
  entity_id: string;
  invoice_id: string;
  file_name: string;
  media_type: 'application/pdf';
  content: Buffer;
  byte_size: number;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface ChannelSettingTable {
  organisation_id: string;
  channel: SettingsChannel;
  provider: string;
  settings: Json<Record<string, unknown>>;
  /** Password or API key of the provider; never returned by the API. */
  secret: string | null;
  verified_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface Database {
  organisations: OrganisationTable;
  entities: EntityTable;
  users: UserTable;
  sessions: SessionTable;
  succession_profiles: SuccessionProfileTable;
  steps: StepTable;
  segments: SegmentTable;
  debtors: DebtorTable;
  contacts: ContactTable;
  invoices: InvoiceTable;
  payments: PaymentTable;
  allocations: AllocationTable;
  imports: ImportTable;
  dunning_runs: DunningRunTable;
  message_batches: MessageBatchTable;
  messages: MessageTable;
  call_tasks: CallTaskTable;
  dunning_states: DunningStateTable;
  audit_events: AuditEventTable;
  departments: DepartmentTable;
  user_groups: UserGroupTable;
  user_entities: UserEntityTable;
  user_tokens: UserTokenTable;
  api_keys: ApiKeyTable;
  entity_holidays: EntityHolidayTable;
  business_processes: BusinessProcessTable;
  issue_categories: IssueCategoryTable;
  issues: IssueTable;
  issue_invoices: IssueInvoiceTable;
  issue_notes: IssueNoteTable;
  issue_attachments: IssueAttachmentTable;
  issue_events: IssueEventTable;
  promises: PromiseTable;
  segment_changes: SegmentChangeTable;
  channel_settings: ChannelSettingTable;
  invalid_mobile_numbers: InvalidMobileNumberTable;
  invalid_email_addresses: InvalidEmailAddressTable;
  invalid_phone_numbers: InvalidPhoneNumberTable;
  invoice_documents: InvoiceDocumentTable;
  entity_bank_accounts: EntityBankAccountTable;
  debtor_bank_accounts: DebtorBankAccountTable;
  bank_statements: BankStatementTable;
  charges: ChargeTable;
  charge_allocations: ChargeAllocationTable;
  interest_rate_tables: InterestRateTableTable;
  interest_rates: InterestRateTable;
  payment_links: PaymentLinkTable;
  payment_link_invoices: PaymentLinkInvoiceTable;
  provider_payments: ProviderPaymentTable;
  arrangements: ArrangementTable;
  arrangement_invoices: ArrangementInvoiceTable;
  instalments: InstalmentTable;
  portal_secrets: PortalSecretTable;
  portal_sessions: PortalSessionTable;
}

/** The organisation's key for deriving portal tokens: 32 random bytes in base64url. */
export interface PortalSecretTable {
  organisation_id: string;
  secret: string;
  created_at: Timestamp;
}

/** A debtor's portal session; only the SHA-256 of its token is stored. */
export interface PortalSessionTable {
  id: Generated<string>;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  token_hash: string;
  /** The debtor's portal_version when the session started; a later version ends it. */
  portal_version: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type Entity = Selectable<EntityTable>;
export type Debtor = Selectable<DebtorTable>;
export type Invoice = Selectable<InvoiceTable>;
export type NewInvoice = Insertable<InvoiceTable>;
export type Step = Selectable<StepTable>;
export type Message = Selectable<MessageTable>;
export type MessageUpdate = Updateable<MessageTable>;
