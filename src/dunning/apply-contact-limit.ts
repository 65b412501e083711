import type { PlannedAction, SkippedStep } from './dunning-types.ts';
import type { DebtorForRun } from './load-dunning-input.ts';

/**
 * Keeps a debtor's planned messages and call tasks within the weekly
 * contact limit: a debtor with `earlier` contacts in the 7 days up to the
 * run date gets at most `maxPerWeek - earlier` new ones, furthest step
 * first. The others become skipped entries with reason contact_limit, and
 * their invoices do not reach the step, so a later run makes them once the
 * week has room. A null limit keeps every action.
 */
export function applyContactLimit(params: {
  actions: readonly PlannedAction[];
  maxPerWeek: number | null;
  contactCounts: ReadonlyMap<string, number>;
  debtors: ReadonlyMap<string, DebtorForRun>;
}): { actions: PlannedAction[]; skipped: SkippedStep[] } {
  const { maxPerWeek } = params;
  if (maxPerWeek === null) {
    return { actions: [...params.actions], skipped: [] };
  }

  const ordered = [...params.actions].sort(
    (a, b) => b.step.dayOffset - a.step.dayOffset || a.currency.localeCompare(b.currency),
  );
  const used = new Map(params.contactCounts);
  const keptActions = new Set<PlannedAction>();
  const skipped: SkippedStep[] = [];
  for (const action of ordered) {
    const earlier = used.get(action.debtorId) ?? 0;
    if (earlier < maxPerWeek) {
      used.set(action.debtorId, earlier + 1);
      keptActions.add(action);
      continue;
    }
    skipped.push({
      debtorId: action.debtorId,
      debtorNumber: params.debtors.get(action.debtorId)?.number ?? '',
      currency: action.currency,
      step: action.step.name,
      reason: 'contact_limit',
      invoices: action.explanation.invoices
        .filter((invoice) => invoice.kind === 'invoice')
        .map((invoice) => invoice.number),
    });
  }

  return { actions: params.actions.filter((action) => keptActions.has(action)), skipped };
}
