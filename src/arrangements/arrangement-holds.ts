import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import type { StepTiming } from '../dunning/select-due-steps.ts';
import type { ReachedStep } from '../dunning/dunning-types.ts';

/** The effect of arrangements on one entity's dunning run. */
export interface ArrangementRunState {
  /** Hold reason by invoice id, for invoices of an active arrangement, such as "arrangement until 2025-06-30". */
  held: Map<string, string>;
  /** By invoice id: the date its latest broken arrangement broke, for invoices not in a newer one. */
  brokenOn: Map<string, PlainDate>;
}

/**
 * Loads which open invoices of the entity an active arrangement holds out
 * of regular dunning, and which resume after a broken arrangement. A run
 * for `asOf` takes a break on or before that date into account.
 */
export async function loadArrangementRunState(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<ArrangementRunState> {
  const active = await executor
    .selectFrom('arrangement_invoices as ai')
    .innerJoin('arrangements as a', 'a.id', 'ai.arrangement_id')
    .select([
      'ai.invoice_id',
      sql<PlainDate>`(select max(due_date) from instalments where arrangement_id = a.id)`.as(
        'last_due_date',
      ),
    ])
    .where('a.entity_id', '=', params.entityId)
    .where('a.status', '=', 'active')
    .execute();
  const broken = await executor
    .selectFrom('arrangement_invoices as ai')
    .innerJoin('arrangements as a', 'a.id', 'ai.arrangement_id')
    .select(['ai.invoice_id', sql<PlainDate>`max(a.broken_on)`.as('broken_on')])
    .where('a.entity_id', '=', params.entityId)
    .where('a.status', '=', 'broken')
    .where('a.broken_on', '<=', params.asOf)
    .groupBy('ai.invoice_id')
    .execute();

  const held = new Map(
    active.map((row) => [row.invoice_id, `arrangement until ${row.last_due_date}`]),
  );
  const brokenOn = new Map<string, PlainDate>();
  for (const row of broken) {
    if (!held.has(row.invoice_id)) {
      brokenOn.set(row.invoice_id, row.broken_on);
    }
  }

  return { held, brokenOn };
}

/**
 * Returns the due date from which an invoice's days past due count after
 * its arrangement broke on `brokenOn`. The invoice continues with the first
 * step beyond the furthest step it had reached before the break, due on the break date, and
 * later steps keep their spacing from there. So the days that passed during
 * the arrangement do not push it to the last step. When the invoice's own
 * `dueDate` makes that step due later, `dueDate` is kept. Returns `dueDate`
 * when no step is left.
 */
export function resumedDueDate(params: {
  dueDate: PlainDate;
  brokenOn: PlainDate;
  steps: readonly StepTiming[];
  reached: readonly ReachedStep[];
}): PlainDate {
  // Steps reached from the break date on came after the resumption, so they do not move the anchor.
  const reachedBefore = params.reached.filter((step) => step.reachedOn < params.brokenOn);
  const furthestReached = Math.max(-Infinity, ...reachedBefore.map((step) => step.dayOffset));
  const next = [...params.steps]
    .sort((a, b) => a.dayOffset - b.dayOffset)
    .find((step) => step.dayOffset > furthestReached);
  if (!next) {
    return params.dueDate;
  }
  const shifted = addDays(params.brokenOn, -next.dayOffset);

  return shifted > params.dueDate ? shifted : params.dueDate;
}
