import { resumedDueDate, type ArrangementRunState } from '../arrangements/arrangement-holds.ts';
import { daysPastDue, type PlainDate } from '../dates/plain-date.ts';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import type { IssueHold } from '../issues/issue-holds.ts';
import { buildExplanation, type HeldInvoice } from './build-explanation.ts';
import type { PlannedAction, ProfileStep, ReachedStep, SkippedStep } from './dunning-types.ts';
import { describeDebtorHolds, findHold } from './find-holds.ts';
import type { DebtorForRun } from './load-dunning-input.ts';
import { resolveDelivery } from './resolve-delivery.ts';
import { filterStepsForDebtor, selectDueSteps } from './select-due-steps.ts';

export interface DebtorStepsInput {
  debtor: DebtorForRun;
  currency: string;
  /** The debtor's open items in `currency` on `asOf`, credit notes included. */
  items: readonly OpenInvoice[];
  asOf: PlainDate;
  reached: ReadonlyMap<string, readonly ReachedStep[]>;
  removedOnRunDate: ReadonlySet<string>;
  /** Invoices held out of dunning by an issue, by invoice id (see loadIssueHolds); none when absent. */
  issueHolds?: ReadonlyMap<string, IssueHold>;
  /**
   * Remind invoices on hold (import hold code or issue) like the others;
   * default false. Debtor holds and promise holds apply either way.
   */
  includeOnHold?: boolean;
  /**
   * The date from which days past due are counted for a due date, such as
   * the next working day (see effectiveDueDate); the due date itself when absent.
   */
  countFrom?: (dueDate: PlainDate) => PlainDate;
  /**
   * Invoices held by an active payment arrangement, and invoices resuming
   * after a broken one, which count days past due from resumedDueDate.
   */
  arrangements?: ArrangementRunState | undefined;
}

export interface DebtorStepsPlan {
  actions: PlannedAction[];
  skipped: SkippedStep[];
}

/** The invoices of one message (or call task) at a step, or the held invoices that make none. */
interface MessageCandidate {
  step: ProfileStep;
  invoices: OpenInvoice[];
  heldInvoices: HeldInvoice[];
}

/**
 * Plans one debtor's messages and call tasks in one currency. A step of
 * scope 'debtor' makes one message listing every invoice that reached it; a
 * step of scope 'invoice' makes one message per invoice. Invoices on hold
 * are left out and do not reach the step. A hold is an import hold code, an
 * issue, a debtor hold, or an open promise to pay in the currency. A run
 * that includes invoices on hold passes over the first two, but not the
 * debtor hold or the promise. Once a hold ends, such an invoice gets only
 * its furthest due step (see selectDueStep).
 *
 * Credit set-off: a debtor whose total open amount, credits included, is
 * zero or less gets nothing. Otherwise the credits go to the messages in
 * this order: furthest step first, and within a per-invoice step the oldest
 * due date first (then invoice number). A message whose invoices the credit
 * left covers entirely is left out as net credit, and the rest of the
 * credit passes to the next message. The minimum amount applies per message:
 * one whose net total is under the step's minimum is left out as below
 * minimum, and its credit passes on unused.
 */
export function planDebtorSteps(input: DebtorStepsInput): DebtorStepsPlan {
  const plan: DebtorStepsPlan = { actions: [], skipped: [] };
  const { debtor } = input;
  if (!debtor.profile) {
    // NOTE: a debtor without a segment in an organisation without a default segment has no steps.
    return plan;
  }

  const holdParams = {
    asOf: input.asOf,
    includeOnHold: input.includeOnHold ?? false,
    issueHolds: input.issueHolds,
    debtorHolds: describeDebtorHolds(debtor, input.currency, input.asOf),
    arrangementHolds: input.arrangements?.held,
  };
  const steps = filterStepsForDebtor(debtor.profile.steps, debtor);
  const candidates = groupByDueStep(input, steps, holdParams).flatMap(splitByScope);
  const credits = input.items.filter(
    (item) => item.open_minor < 0 && findHold(item, holdParams) === null,
  );
  const debtorTotal = input.items.reduce((sum, item) => sum + item.open_minor, 0);
  let creditLeft = credits.reduce((sum, item) => sum + item.open_minor, 0);
  const skip = (candidate: MessageCandidate, reason: SkippedStep['reason']) =>
    plan.skipped.push(skippedEntry(input, candidate, reason));

  for (const candidate of candidates) {
    const invoiceTotal = candidate.invoices.reduce((sum, item) => sum + item.open_minor, 0);
    const netTotal = invoiceTotal + creditLeft;
    if (candidate.invoices.length === 0) {
      skip(candidate, 'on_hold');
    } else if (debtorTotal <= 0 || netTotal <= 0) {
      skip(candidate, 'net_credit');
      creditLeft = Math.min(0, netTotal);
    } else if (netTotal < candidate.step.minimumAmountMinor) {
      skip(candidate, 'below_minimum');
    } else {
      plan.actions.push(planAction(input, candidate, creditLeft < 0 ? credits : [], creditLeft));
      creditLeft = 0;
    }
  }

  return plan;
}

/** Groups the invoices with a positive open amount by their due step, furthest step first. */
function groupByDueStep(
  input: DebtorStepsInput,
  steps: ProfileStep[],
  holdParams: Parameters<typeof findHold>[1],
): MessageCandidate[] {
  const owing = input.items.filter((item) => item.open_minor > 0);
  const countFrom = (item: OpenInvoice): PlainDate => {
    const dueDate = input.countFrom?.(item.due_date) ?? item.due_date;
    const brokenOn = input.arrangements?.brokenOn.get(item.id);
    return brokenOn
      ? resumedDueDate({ dueDate, brokenOn, steps, reached: input.reached.get(item.id) ?? [] })
      : dueDate;
  };
  const dueSteps = selectDueSteps(
    owing.map((item) => ({
      invoiceId: item.id,
      daysPastDue: daysPastDue(countFrom(item), input.asOf),
      reached: input.reached.get(item.id) ?? [],
    })),
    steps,
    input.asOf,
  );

  const groups = new Map<string, MessageCandidate>();
  for (const item of owing) {
    const step = dueSteps.get(item.id);
    if (!step || input.removedOnRunDate.has(`${input.debtor.id}:${step.id}`)) {
      continue;
    }
    const group = groups.get(step.id) ?? { step, invoices: [], heldInvoices: [] };
    const hold = findHold(item, holdParams);
    if (hold) {
      group.heldInvoices.push(hold);
    } else {
      group.invoices.push(item);
    }
    groups.set(step.id, group);
  }

  return [...groups.values()].sort((a, b) => b.step.dayOffset - a.step.dayOffset);
}

/**
 * Keeps a debtor-scope group as one message. Splits an invoice-scope group
 * into one message per invoice, oldest due date first, and puts its held
 * invoices in a candidate of their own, which the run skips as on hold.
 */
function splitByScope(group: MessageCandidate): MessageCandidate[] {
  if (group.step.scope === 'debtor') {
    return [group];
  }
  const held: MessageCandidate[] =
    group.heldInvoices.length > 0
      ? [{ step: group.step, invoices: [], heldInvoices: group.heldInvoices }]
      : [];
  const oldestFirst = [...group.invoices].sort(
    (a, b) => a.due_date.localeCompare(b.due_date) || a.number.localeCompare(b.number),
  );

  return [
    ...held,
    ...oldestFirst.map((item) => ({ step: group.step, invoices: [item], heldInvoices: [] })),
  ];
}

function skippedEntry(
  input: DebtorStepsInput,
  candidate: MessageCandidate,
  reason: SkippedStep['reason'],
): SkippedStep {
  const items =
    reason === 'on_hold' ? candidate.heldInvoices.map((held) => held.item) : candidate.invoices;

  return {
    debtorId: input.debtor.id,
    debtorNumber: input.debtor.number,
    currency: input.currency,
    step: candidate.step.name,
    reason,
    invoices: items.map((item) => item.number),
    ...(reason === 'on_hold' && {
      onHold: candidate.heldInvoices.map((held) => ({
        number: held.item.number,
        holdReason: held.reason,
      })),
    }),
  };
}

function planAction(
  input: DebtorStepsInput,
  candidate: MessageCandidate,
  credits: OpenInvoice[],
  creditAppliedMinor: number,
): PlannedAction {
  const { debtor } = input;
  const delivery = resolveDelivery(candidate.step.channel, debtor);
  const totalMinor =
    candidate.invoices.reduce((sum, item) => sum + item.open_minor, 0) + creditAppliedMinor;
  const byNumber = (a: OpenInvoice, b: OpenInvoice) => a.number.localeCompare(b.number);

  return {
    debtorId: debtor.id,
    step: candidate.step,
    channel: delivery.channel,
    language: debtor.language,
    currency: input.currency,
    totalMinor,
    recipient: delivery.recipient,
    invoiceIds: candidate.invoices.map((item) => item.id),
    explanation: buildExplanation({
      profileName: debtor.profile?.name ?? '',
      segment: debtor.segment,
      escalation: debtor.escalation,
      step: candidate.step,
      asOf: input.asOf,
      currency: input.currency,
      delivery,
      invoices: [...candidate.invoices].sort(byNumber),
      credits: [...credits].sort(byNumber),
      creditAppliedMinor,
      heldInvoices: [...candidate.heldInvoices].sort((a, b) => byNumber(a.item, b.item)),
      totalMinor,
    }),
  };
}
