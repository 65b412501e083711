import { daysBetween, type PlainDate } from '../dates/plain-date.ts';
import type { ProfileStep, ReachedStep } from './dunning-types.ts';

/** The fields of a step that step selection reads. */
export type StepTiming = Pick<
  ProfileStep,
  'id' | 'dayOffset' | 'minDaysSincePrevious' | 'conditions'
>;

/** The fields of an open invoice that step selection reads. */
export interface InvoiceProgress {
  invoiceId: string;
  /** As-of date minus due date in calendar days; negative before the due date. */
  daysPastDue: number;
  /** Steps the invoice has reached so far, of any profile. */
  reached: readonly ReachedStep[];
}

/**
 * Keeps the steps whose conditions the debtor meets: `debtorKind` must
 * match the debtor's kind and `languages`, when given, must contain the
 * language the debtor is written to. Returns them sorted by day offset.
 */
export function filterStepsForDebtor<Step extends StepTiming>(
  steps: readonly Step[],
  debtor: { kind: 'b2b' | 'b2c'; language: string },
): Step[] {
  return steps
    .filter((step) => {
      const { debtorKind, languages } = step.conditions;
      if (debtorKind && debtorKind !== debtor.kind) {
        return false;
      }
      return !languages || languages.length === 0 || languages.includes(debtor.language);
    })
    .sort((a, b) => a.dayOffset - b.dayOffset);
}

/**
 * Picks the furthest step that is due for one invoice on `asOf`, or
 * undefined when none is. A step is due when the days past due are at least
 * its day offset and, if it has a minimum wait, at least that many days have
 * passed since the invoice's latest reached step. Only steps beyond the
 * furthest one already reached count, so an invoice never goes back, and
 * after missed run days only the furthest due step fires, never the ones
 * it skipped over. The reached steps may belong to another profile, such
 * as the segment's profile before the stricter profile took over. They count
 * by their day offset, so the invoice continues at the new profile's steps
 * beyond the furthest offset it reached and does not repeat an earlier stage.
 */
export function selectDueStep<Step extends StepTiming>(
  invoice: InvoiceProgress,
  steps: readonly Step[],
  asOf: PlainDate,
): Step | undefined {
  const reachedIds = new Set(invoice.reached.map((reached) => reached.stepId));
  const furthestReached = Math.max(-Infinity, ...invoice.reached.map((r) => r.dayOffset));
  const latestReachedOn = invoice.reached
    .map((reached) => reached.reachedOn)
    .sort()
    .at(-1);
  const daysSincePrevious =
    latestReachedOn === undefined ? Infinity : daysBetween(latestReachedOn, asOf);

  let furthestDue: Step | undefined;
  for (const step of steps) {
    const isDue =
      !reachedIds.has(step.id) &&
      step.dayOffset > furthestReached &&
      invoice.daysPastDue >= step.dayOffset &&
      daysSincePrevious >= step.minDaysSincePrevious;
    if (isDue && (!furthestDue || step.dayOffset > furthestDue.dayOffset)) {
      furthestDue = step;
    }
  }

  return furthestDue;
}

/**
 * Decides, for each of a debtor's open invoices in one currency, the
 * furthest step due on `asOf` (see selectDueStep). `steps` are the
 * profile's steps left after the debtor's conditions. Invoices with no due
 * step are absent from the result.
 */
export function selectDueSteps<Step extends StepTiming>(
  invoices: readonly InvoiceProgress[],
  steps: readonly Step[],
  asOf: PlainDate,
): Map<string, Step> {
  const dueSteps = new Map<string, Step>();
  for (const invoice of invoices) {
    const step = selectDueStep(invoice, steps, asOf);
    if (step) {
      dueSteps.set(invoice.invoiceId, step);
    }
  }

  return dueSteps;
}
