import type { Channel, StepConditions, StepScope } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** One step of a succession profile, as the dunning run reads it. */
export interface ProfileStep {
  id: string;
  name: string;
  /** Days relative to the due date at which the step becomes due; negative is before it. */
  dayOffset: number;
  channel: Channel;
  templateKey: string;
  /** Smallest message total, in minor units of the debtor's currency, that the step acts on. */
  minimumAmountMinor: number;
  /** Days that must have passed since the invoice's previous step; 0 means no wait. */
  minDaysSincePrevious: number;
  conditions: StepConditions;
  /** 'debtor': one message listing the debtor's invoices at the step; 'invoice': one message per invoice. */
  scope: StepScope;
  /** The step charges collection costs; the payments part computes the amount. */
  addsCollectionCosts: boolean;
  /** The step charges interest; the payments part computes the amount. */
  addsInterest: boolean;
  /** E-mails of the step carry the stored copies of the listed invoices. */
  attachInvoiceCopies: boolean;
  /** E-mails of the step carry the message as a PDF letter. */
  attachLetter: boolean;
}

/** A step an invoice has already reached, from its dunning state. */
export interface ReachedStep {
  stepId: string;
  dayOffset: number;
  reachedOn: PlainDate;
}

/**
 * Reason a debtor's due step made no message or call task. contact_limit:
 * the debtor had the entity's maximum contacts of the week already.
 */
export type SkipReason = 'on_hold' | 'below_minimum' | 'net_credit' | 'contact_limit';

/** A debtor's due step that the run left out, as stored in dunning_runs.skipped. */
export interface SkippedStep {
  debtorId: string;
  debtorNumber: string;
  currency: string;
  step: string;
  reason: SkipReason;
  /** Numbers of the invoices that had reached the step. */
  invoices: string[];
  /**
   * For reason on_hold: why each invoice is on hold, in words: the import hold
   * code, an issue, a debtor hold or a promise to pay.
   */
  onHold?: Array<{ number: string; holdReason: string }>;
}

/** One listed invoice or credit note in a message's explanation; amounts are decimal strings. */
export interface ExplainedInvoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  dueDate: PlainDate;
  daysPastDue: number;
  amount: string;
  open: string;
}

/**
 * The way the debtor came into its segment. pinned: put there by hand and
 * pinned. manual: put there by hand without a pin, until the rules next run.
 * rule: a segment rule matched. default: no rule matched, or no segment is set.
 */
export type SegmentBasis = 'pinned' | 'manual' | 'rule' | 'default';

/** The debtor's segment as a dunning run saw it. */
export interface ExplainedSegment {
  /** The segment's name; null when the debtor has no segment and no default segment exists. */
  name: string | null;
  basis: SegmentBasis;
  /** The logged reason of the latest segment change, such as "pinned by anna"; null when none is logged. */
  reason: string | null;
}

/** The reason a debtor is reminded with the stricter profile instead of its segment's profile. */
export interface ProfileEscalation {
  /** The segment's own profile, which the stricter one replaced. */
  originalProfile: string;
  /** Broken promises to pay with a promised date in the 12 months up to the run date. */
  brokenPromises: number;
  /** The original profile's broken_promises_threshold. */
  threshold: number;
}

/**
 * Reasons for a message or call task, stored in its explanation column.
 * Fields marked optional are absent in explanations written before they existed.
 */
export interface DunningExplanation {
  /** The profile whose step this is: the stricter profile when `escalation` is set. */
  profile: string;
  step: string;
  dayOffset: number;
  asOf: PlainDate;
  currency: string;
  /** The channel the message goes by; differs from stepChannel when e-mail fell back to a letter. */
  channel: Channel;
  stepChannel: Channel;
  invoices: ExplainedInvoice[];
  /** Net total asked for: the listed open amounts, credits included. */
  total: string;
  /** Overdue invoices of the debtor at this step that were left out because they are on hold. */
  onHold: Array<{
    id: string;
    number: string;
    open: string;
    /** The import hold code, the issue hold in words, or both joined by "; ". */
    holdReason: string;
    /** The issue that keeps the invoice on hold; absent in explanations written before issue holds existed. */
    issueId?: string | null;
  }>;
  reason: string;
  segment?: ExplainedSegment;
  /** Present when the stricter profile applies. */
  escalation?: ProfileEscalation;
  scope?: StepScope;
  addsCollectionCosts?: boolean;
  addsInterest?: boolean;
}

/** A message or call task the run decided to make, before it is written. */
export interface PlannedAction {
  debtorId: string;
  step: ProfileStep;
  /** Channel after the letter fallback; "call" makes a call task instead of a message. */
  channel: Channel;
  language: string;
  currency: string;
  totalMinor: number;
  recipient: string | null;
  explanation: DunningExplanation;
  /** Invoices that reach the step through this action (credit notes not included). */
  invoiceIds: string[];
}

/** The result of a dunning run, returned to callers and stored in dunning_runs.summary. */
export interface DunningRunSummary {
  date: PlainDate;
  messages: { created: number; skipped: number };
  byStep: Array<{ step: string; channel: Channel; count: number }>;
  /**
   * Present when the run date is no sending day of the entity: the run
   * created nothing, and the next sending day's run makes what became due.
   */
  notSendingDay?: { reason: string; nextSendingDay: PlainDate };
}
