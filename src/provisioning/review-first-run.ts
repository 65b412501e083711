import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { DunningRunSummary, SkipReason } from '../dunning/dunning-types.ts';
import { loadDunningInput } from '../dunning/load-dunning-input.ts';
import { planDunningRun } from '../dunning/plan-dunning-run.ts';

export interface ReviewMessage {
  debtorId: string;
  debtorNumber: string;
  debtorName: string;
  channel: MessageChannel;
  step: string;
  totalMinor: number;
  currency: string;
  invoiceCount: number;
  /** The e-mail address the message would go to; null for a letter. */
  recipient: string | null;
}

export interface ReviewSkipped {
  debtorNumber: string;
  debtorName: string;
  step: string;
  reason: SkipReason;
  invoices: string[];
  /** For reason on_hold: why each invoice is on hold. */
  onHold?: Array<{ number: string; holdReason: string }>;
}

export interface FirstRunReview {
  entity: string;
  asOf: PlainDate;
  summary: DunningRunSummary;
  /** Messages the run would put in the batches, by debtor number and step. */
  messages: ReviewMessage[];
  /** Call tasks the run would put on the call list. */
  callTasks: number;
  /** Due steps the run would leave out, and why. */
  skipped: ReviewSkipped[];
}

/**
 * Computes what a dunning run of the entity on `asOf` would make, without
 * writing anything and without taking the run lock: the same plan that
 * runDunning writes, listed message by message.
 */
export async function reviewFirstRun(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<FirstRunReview> {
  const input = await loadDunningInput(executor, params);
  const plan = planDunningRun(input);
  const debtorOf = (debtorId: string) => input.debtors.get(debtorId);

  const messages: ReviewMessage[] = [];
  let callTasks = 0;
  for (const action of plan.actions) {
    if (action.channel === 'call') {
      callTasks += 1;
      continue;
    }
    const debtor = debtorOf(action.debtorId);
    messages.push({
      debtorId: action.debtorId,
      debtorNumber: debtor?.number ?? '',
      debtorName: debtor?.name ?? '',
      channel: action.channel,
      step: action.step.name,
      totalMinor: action.totalMinor,
      currency: action.currency,
      invoiceCount: action.invoiceIds.length,
      recipient: action.recipient,
    });
  }
  messages.sort(
    (a, b) =>
      a.debtorNumber.localeCompare(b.debtorNumber) ||
      a.currency.localeCompare(b.currency) ||
      a.step.localeCompare(b.step),
  );

  return {
    entity: input.entity.code,
    asOf: params.asOf,
    summary: plan.summary,
    messages,
    callTasks,
    skipped: plan.skipped.map((entry) => ({
      debtorNumber: entry.debtorNumber,
      debtorName: debtorOf(entry.debtorId)?.name ?? '',
      step: entry.step,
      reason: entry.reason,
      invoices: entry.invoices,
      ...(entry.onHold !== undefined && { onHold: entry.onHold }),
    })),
  };
}
