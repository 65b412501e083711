import { explainNonSendingDay } from '../calendar/explain-non-sending-day.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import { applyContactLimit } from './apply-contact-limit.ts';
import type { DunningRunSummary, PlannedAction, SkippedStep } from './dunning-types.ts';
import { effectiveDueDate } from './effective-due-date.ts';
import type { DunningInput } from './load-dunning-input.ts';
import { planDebtorSteps } from './plan-debtor-steps.ts';

export interface DunningPlan {
  actions: PlannedAction[];
  skipped: SkippedStep[];
  summary: DunningRunSummary;
}

/**
 * Decides, without reading or writing the database, every message and call
 * task of a dunning run and every due step left out, per debtor and
 * currency. The summary counts what is made and the debtors with a step
 * left out. On a day that is no sending day of the entity the plan is
 * empty and the summary gives the reason. The steps that fall due on such a day
 * are made by the next sending day's run, which sends only the furthest
 * due step of each invoice. Days past due are counted from the next
 * sending day when the due date is none and the entity shifts due dates.
 * Debtors at the entity's weekly contact limit get nothing (contact_limit).
 */
export function planDunningRun(input: DunningInput): DunningPlan {
  const nonSendingDay = explainNonSendingDay(input.calendar, input.asOf);
  if (nonSendingDay) {
    return {
      actions: [],
      skipped: [],
      summary: { ...summarise(input.asOf, [], []), notSendingDay: nonSendingDay },
    };
  }

  const shift = input.entity.shift_due_dates_to_working_day;
  const countFrom = (dueDate: PlainDate) => effectiveDueDate(input.calendar, dueDate, shift);
  const planned: PlannedAction[] = [];
  const skipped: SkippedStep[] = [];

  for (const [key, items] of groupByDebtorAndCurrency(input.invoices)) {
    const [debtorId = '', currency = ''] = key.split(' ');
    const debtor = input.debtors.get(debtorId);
    if (!debtor) {
      continue;
    }
    const plan = planDebtorSteps({
      debtor,
      currency,
      items,
      asOf: input.asOf,
      reached: input.reached,
      removedOnRunDate: input.removedOnRunDate,
      issueHolds: input.issueHolds,
      includeOnHold: input.includeOnHold,
      countFrom,
      arrangements: input.arrangements,
    });
    planned.push(...plan.actions);
    skipped.push(...plan.skipped);
  }

  const limited = applyContactLimit({
    actions: planned,
    maxPerWeek: input.entity.max_contacts_per_week,
    contactCounts: input.contactCounts,
    debtors: input.debtors,
  });
  const actions = limited.actions;
  skipped.push(...limited.skipped);

  skipped.sort(
    (a, b) =>
      a.debtorNumber.localeCompare(b.debtorNumber) ||
      a.currency.localeCompare(b.currency) ||
      a.step.localeCompare(b.step),
  );

  return { actions, skipped, summary: summarise(input.asOf, actions, skipped) };
}

function groupByDebtorAndCurrency(invoices: readonly OpenInvoice[]): Map<string, OpenInvoice[]> {
  const groups = new Map<string, OpenInvoice[]>();
  for (const invoice of invoices) {
    const key = `${invoice.debtor_id} ${invoice.currency}`;
    const group = groups.get(key) ?? [];
    group.push(invoice);
    groups.set(key, group);
  }

  return groups;
}

/** Counts per step and channel, in timeline order; skipped counts distinct debtors. */
function summarise(
  asOf: string,
  actions: readonly PlannedAction[],
  skipped: readonly SkippedStep[],
): DunningRunSummary {
  const byStep = new Map<string, DunningRunSummary['byStep'][number] & { dayOffset: number }>();
  for (const action of actions) {
    const key = `${action.step.name}\u0000${action.channel}`;
    const entry = byStep.get(key) ?? {
      step: action.step.name,
      channel: action.channel,
      count: 0,
      dayOffset: action.step.dayOffset,
    };
    entry.count += 1;
    byStep.set(key, entry);
  }
  const ordered = [...byStep.values()].sort(
    (a, b) =>
      a.dayOffset - b.dayOffset ||
      a.step.localeCompare(b.step) ||
      a.channel.localeCompare(b.channel),
  );

  return {
    date: asOf,
    messages: {
      created: actions.length,
      skipped: new Set(skipped.map((entry) => entry.debtorId)).size,
    },
    byStep: ordered.map(({ step, channel, count }) => ({ step, channel, count })),
  };
}
