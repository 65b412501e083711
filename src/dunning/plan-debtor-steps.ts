import { daysPastDue, type PlainDate } from '../dates/plain-date.ts';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import { describeIssueHold, type IssueHold } from '../issues/issue-holds.ts';
import { buildExplanation, type HeldInvoice } from './build-explanation.ts';
import type { PlannedAction, ProfileStep, ReachedStep, SkippedStep } from './dunning-types.ts';
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
  /** Remind invoices on hold (import hold code or issue) like the others; default false. */
  includeOnHold?: boolean;
  /**
   * The date from which days past due are counted for a due date, such as
   * the next working day (see effectiveDueDate); the due date itself when absent.
   */
  countFrom?: (dueDate: PlainDate) => PlainDate;
}

export interface DebtorStepsPlan {
  actions: PlannedAction[];
  skipped: SkippedStep[];
}

interface StepGroup {
  step: ProfileStep;
  invoices: OpenInvoice[];
  heldInvoices: HeldInvoice[];
}

/** On hold when a hold reason is set and the hold has no end or ends on or after `asOf`. */
export function isOnHold(item: OpenInvoice, asOf: PlainDate): boolean {
  return item.hold_reason !== null && (item.hold_until === null || item.hold_until >= asOf);
}

/**
 * Finds the hold that keeps the item out of this run: its import hold code,
 * an issue, or both, with the reasons joined by "; ". Returns null when the
 * item is not on hold or the run includes invoices on hold.
 */
function findHold(input: DebtorStepsInput, item: OpenInvoice): HeldInvoice | null {
  if (input.includeOnHold) {
    return null;
  }
  const issueHold = input.issueHolds?.get(item.id);
  const reasons: string[] = [];
  if (isOnHold(item, input.asOf) && item.hold_reason !== null) {
    reasons.push(item.hold_reason);
  }
  if (issueHold) {
    reasons.push(describeIssueHold(issueHold));
  }
  if (reasons.length === 0) {
    return null;
  }

  return { item, reason: reasons.join('; '), issueId: issueHold?.issueId ?? null };
}

/**
 * Plans one debtor's messages and call tasks in one currency: one per due
 * step, listing every invoice that reached that step. Invoices on hold (an
 * import hold code or an issue) are left out and do not reach the step,
 * unless the run includes invoices on hold. Once the hold ends, such an
 * invoice gets only its furthest due step (see selectDueStep). A debtor
 * whose total open amount, credits included, is zero or less gets nothing. Credits are set off against the furthest step first.
 * When they cover a step's invoices entirely, that step is left out as net
 * credit and the rest of the credit passes to the next step down. A step
 * whose net total is under its minimum amount is left out as below minimum,
 * and its credit passes on unused.
 */
export function planDebtorSteps(input: DebtorStepsInput): DebtorStepsPlan {
  const plan: DebtorStepsPlan = { actions: [], skipped: [] };
  const { debtor } = input;
  if (!debtor.profile) {
    // NOTE: a debtor without a segment in an organisation without a default segment has no steps.
    return plan;
  }

  const groups = groupByDueStep(input, filterStepsForDebtor(debtor.profile.steps, debtor));
  const credits = input.items.filter(
    (item) => item.open_minor < 0 && findHold(input, item) === null,
  );
  const debtorTotal = input.items.reduce((sum, item) => sum + item.open_minor, 0);
  let creditLeft = credits.reduce((sum, item) => sum + item.open_minor, 0);
  const skip = (group: StepGroup, reason: SkippedStep['reason'], items: OpenInvoice[]) =>
    plan.skipped.push({
      debtorId: debtor.id,
      debtorNumber: debtor.number,
      currency: input.currency,
      step: group.step.name,
      reason,
      invoices: items.map((item) => item.number),
      ...(reason === 'on_hold' && {
        onHold: group.heldInvoices.map((held) => ({
          number: held.item.number,
          holdReason: held.reason,
        })),
      }),
    });

  for (const group of groups) {
    const invoiceTotal = group.invoices.reduce((sum, item) => sum + item.open_minor, 0);
    const netTotal = invoiceTotal + creditLeft;
    if (group.invoices.length === 0) {
      skip(
        group,
        'on_hold',
        group.heldInvoices.map((held) => held.item),
      );
    } else if (debtorTotal <= 0 || netTotal <= 0) {
      skip(group, 'net_credit', group.invoices);
      creditLeft = Math.min(0, netTotal);
    } else if (netTotal < group.step.minimumAmountMinor) {
      skip(group, 'below_minimum', group.invoices);
    } else {
      plan.actions.push(planAction(input, group, creditLeft < 0 ? credits : [], creditLeft));
      creditLeft = 0;
    }
  }

  return plan;
}

/** Groups the invoices with a positive open amount by their due step, furthest step first. */
function groupByDueStep(input: DebtorStepsInput, steps: ProfileStep[]): StepGroup[] {
  const owing = input.items.filter((item) => item.open_minor > 0);
  const dueSteps = selectDueSteps(
    owing.map((item) => ({
      invoiceId: item.id,
      daysPastDue: daysPastDue(input.countFrom?.(item.due_date) ?? item.due_date, input.asOf),
      reached: input.reached.get(item.id) ?? [],
    })),
    steps,
    input.asOf,
  );

  const groups = new Map<string, StepGroup>();
  for (const item of owing) {
    const step = dueSteps.get(item.id);
    if (!step || input.removedOnRunDate.has(`${input.debtor.id}:${step.id}`)) {
      continue;
    }
    const group = groups.get(step.id) ?? { step, invoices: [], heldInvoices: [] };
    const hold = findHold(input, item);
    if (hold) {
      group.heldInvoices.push(hold);
    } else {
      group.invoices.push(item);
    }
    groups.set(step.id, group);
  }

  return [...groups.values()].sort((a, b) => b.step.dayOffset - a.step.dayOffset);
}

function planAction(
  input: DebtorStepsInput,
  group: StepGroup,
  credits: OpenInvoice[],
  creditAppliedMinor: number,
): PlannedAction {
  const { debtor } = input;
  const delivery = resolveDelivery(group.step.channel, debtor);
  const totalMinor =
    group.invoices.reduce((sum, item) => sum + item.open_minor, 0) + creditAppliedMinor;
  const byNumber = (a: OpenInvoice, b: OpenInvoice) => a.number.localeCompare(b.number);

  return {
    debtorId: debtor.id,
    step: group.step,
    channel: delivery.channel,
    language: debtor.language,
    currency: input.currency,
    totalMinor,
    recipient: delivery.recipient,
    invoiceIds: group.invoices.map((item) => item.id),
    explanation: buildExplanation({
      profileName: debtor.profile?.name ?? '',
      step: group.step,
      asOf: input.asOf,
      currency: input.currency,
      delivery,
      invoices: [...group.invoices].sort(byNumber),
      credits: [...credits].sort(byNumber),
      creditAppliedMinor,
      heldInvoices: [...group.heldInvoices].sort((a, b) => byNumber(a.item, b.item)),
      totalMinor,
    }),
  };
}
