import type { Channel, StepConditions } from '../db/schema.ts';
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
  /** For reason on_hold: why each invoice is on hold (import hold code or issue, in words). */
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

/** Reasons for a message or call task, stored in its explanation column. */
export interface DunningExplanation {
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
