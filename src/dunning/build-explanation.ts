import { daysPastDue, type PlainDate } from '../dates/plain-date.ts';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import { formatDecimal } from '../money/money.ts';
import type {
  DunningExplanation,
  ExplainedInvoice,
  ExplainedSegment,
  ProfileEscalation,
  ProfileStep,
} from './dunning-types.ts';
import type { Delivery } from './resolve-delivery.ts';

/** An invoice left out of a step because it is on hold, with the reason in words. */
export interface HeldInvoice {
  item: OpenInvoice;
  /**
   * Every hold in words joined by "; ": the import hold code, the issue hold
   * (see describeIssueHold), the debtor hold and promises to pay (see describeDebtorHolds).
   */
  reason: string;
  /** The issue that keeps the invoice on hold, if any. */
  issueId: string | null;
}

export interface ExplanationInput {
  /** The profile whose step this is: the stricter profile when `escalation` is set. */
  profileName: string;
  segment?: ExplainedSegment | undefined;
  escalation?: ProfileEscalation | undefined;
  step: ProfileStep;
  asOf: PlainDate;
  currency: string;
  delivery: Delivery;
  /** Invoices that reached the step. */
  invoices: readonly OpenInvoice[];
  /** Credit items listed with them; empty when no credit is set off. */
  credits: readonly OpenInvoice[];
  /** Part of the credits deducted here, in minor units (0 or negative). */
  creditAppliedMinor: number;
  /** Overdue invoices at this step left out because they are on hold. */
  heldInvoices: readonly HeldInvoice[];
  totalMinor: number;
}

/** Builds the stored reason why this debtor gets this message on the run date. */
export function buildExplanation(input: ExplanationInput): DunningExplanation {
  const money = (minor: number) => formatDecimal(minor, input.currency);
  const explain = (item: OpenInvoice): ExplainedInvoice => ({
    id: item.id,
    number: item.number,
    kind: item.kind,
    dueDate: item.due_date,
    daysPastDue: daysPastDue(item.due_date, input.asOf),
    amount: money(item.amount_minor),
    open: money(item.open_minor),
  });

  return {
    profile: input.profileName,
    step: input.step.name,
    dayOffset: input.step.dayOffset,
    asOf: input.asOf,
    currency: input.currency,
    channel: input.delivery.channel,
    stepChannel: input.step.channel,
    invoices: [...input.invoices, ...input.credits].map(explain),
    total: money(input.totalMinor),
    onHold: input.heldInvoices.map((held) => ({
      id: held.item.id,
      number: held.item.number,
      open: money(held.item.open_minor),
      holdReason: held.reason,
      issueId: held.issueId,
    })),
    reason: explainReason(input, money),
    ...(input.segment && { segment: input.segment }),
    ...(input.escalation && { escalation: input.escalation }),
    scope: input.step.scope,
    addsCollectionCosts: input.step.addsCollectionCosts,
    addsInterest: input.step.addsInterest,
  };
}

function explainReason(input: ExplanationInput, money: (minor: number) => string): string {
  const { step } = input;
  const maxDaysPastDue = Math.max(
    ...input.invoices.map((item) => daysPastDue(item.due_date, input.asOf)),
  );
  const offset =
    step.dayOffset === 0
      ? 'on the due date'
      : `${Math.abs(step.dayOffset)} days ${step.dayOffset < 0 ? 'before' : 'after'} the due date`;
  const count = input.invoices.length === 1 ? '1 invoice' : `${input.invoices.length} invoices`;
  const sentences = [
    `${count} reached step "${step.name}" of profile "${input.profileName}" on ${input.asOf}: the step is due ${offset}, and the most overdue invoice is ${describeDaysPastDue(maxDaysPastDue)}.`,
  ];
  if (step.scope === 'invoice') {
    sentences.push('The step makes one message per invoice.');
  }
  const charges = describeCharges(step);
  if (charges) {
    sentences.push(charges);
  }
  if (input.segment) {
    sentences.push(...describeSegment(input.segment));
  }
  if (input.escalation) {
    sentences.push(describeEscalation(input.escalation, input.profileName, input.asOf));
  }

  const creditTotal = input.credits.reduce((sum, item) => sum + item.open_minor, 0);
  if (input.credits.length > 0 && creditTotal === input.creditAppliedMinor) {
    sentences.push(`Credits of ${money(creditTotal)} ${input.currency} are deducted.`);
  } else if (input.credits.length > 0) {
    sentences.push(
      `Credits of ${money(creditTotal)} ${input.currency} first cover invoices at a later step or with an older due date, so ${money(input.creditAppliedMinor)} is deducted here.`,
    );
  }
  if (input.heldInvoices.length > 0) {
    const numbers = input.heldInvoices
      .map((held) => `${held.item.number} (${held.reason})`)
      .join(', ');
    sentences.push(`Left out because they are on hold: ${numbers}.`);
  }
  if (input.delivery.fallbackNote) {
    sentences.push(input.delivery.fallbackNote);
  }
  sentences.push(`Amount requested: ${money(input.totalMinor)} ${input.currency}.`);

  return sentences.join(' ');
}

function describeCharges(step: ProfileStep): string | undefined {
  if (step.addsCollectionCosts && step.addsInterest) {
    return 'The step adds collection costs and interest.';
  }
  if (step.addsCollectionCosts) {
    return 'The step adds collection costs.';
  }
  if (step.addsInterest) {
    return 'The step adds interest.';
  }
  return undefined;
}

/** Describes the debtor's segment and how the debtor came into it; returns no sentence without a segment. */
function describeSegment(segment: ExplainedSegment): string[] {
  if (segment.name === null) {
    return [];
  }
  const because = segment.reason === null ? '' : ` (${segment.reason})`;
  switch (segment.basis) {
    case 'pinned':
      return [`The debtor is pinned to segment "${segment.name}" by hand${because}.`];
    case 'manual':
      return [`The debtor was put in segment "${segment.name}" by hand${because}.`];
    case 'rule':
      return [`The debtor is in segment "${segment.name}" by its rules${because}.`];
    case 'default':
      return [`The debtor is in the default segment "${segment.name}" because no rule matched.`];
  }
}

function describeEscalation(
  escalation: ProfileEscalation,
  profileName: string,
  asOf: PlainDate,
): string {
  const promises =
    escalation.brokenPromises === 1
      ? '1 broken promise to pay'
      : `${escalation.brokenPromises} broken promises to pay`;

  return `Profile "${profileName}" replaces "${escalation.originalProfile}" because the debtor has ${promises} in the 12 months up to ${asOf} (threshold ${escalation.threshold}).`;
}

function describeDaysPastDue(days: number): string {
  if (days > 0) {
    return days === 1 ? '1 day past due' : `${days} days past due`;
  }
  if (days === 0) {
    return 'due today';
  }
  return days === -1 ? 'due tomorrow' : `due in ${-days} days`;
}
