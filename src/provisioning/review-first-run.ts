import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { DunningRunSummary, SkipReason } from '../dunning/dunning-types.ts';
import { describeNonSendingDay, type ForecastNonSendingDay } from '../dunning/forecast-dunning.ts';
import { loadDunningInput } from '../dunning/load-dunning-input.ts';
import { planDunningRun } from '../dunning/plan-dunning-run.ts';

/** A message of the reviewed run, or with Channel 'call' a call task. */
export interface ReviewMessage<Channel = MessageChannel> {
  debtorId: string;
  debtorNumber: string;
  debtorName: string;
  channel: Channel;
  step: string;
  totalMinor: number;
  currency: string;
  invoiceCount: number;
  /** The address or number the message or call goes to; null for a letter. */
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
  /** The number of call tasks the run would put on the call list. */
  callTasks: number;
  /** The call tasks themselves, by debtor number and step, with channel 'call'. */
  calls: Array<ReviewMessage<'call'>>;
  /** Present when `asOf` is no sending day of the entity, so the run makes nothing. */
  notSendingDay?: ForecastNonSendingDay;
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
  const calls: Array<ReviewMessage<'call'>> = [];
  for (const action of plan.actions) {
    const debtor = debtorOf(action.debtorId);
    const listed = {
      debtorId: action.debtorId,
      debtorNumber: debtor?.number ?? '',
      debtorName: debtor?.name ?? '',
      step: action.step.name,
      totalMinor: action.totalMinor,
      currency: action.currency,
      invoiceCount: action.invoiceIds.length,
      recipient: action.recipient,
    };
    if (action.channel === 'call') {
      calls.push({ ...listed, channel: action.channel });
    } else {
      messages.push({ ...listed, channel: action.channel });
    }
  }
  const byDebtorAndStep = (a: ReviewMessage<string>, b: ReviewMessage<string>) =>
    a.debtorNumber.localeCompare(b.debtorNumber) ||
    a.currency.localeCompare(b.currency) ||
    a.step.localeCompare(b.step);
  messages.sort(byDebtorAndStep);
  calls.sort(byDebtorAndStep);
  const notSendingDay = describeNonSendingDay(input.calendar, params.asOf);

  return {
    entity: input.entity.code,
    asOf: params.asOf,
    summary: plan.summary,
    messages,
    callTasks: calls.length,
    calls,
    ...(notSendingDay && { notSendingDay }),
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
