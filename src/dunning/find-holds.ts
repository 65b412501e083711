import type { PlainDate } from '../dates/plain-date.ts';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import { describeIssueHold, type IssueHold } from '../issues/issue-holds.ts';
import { describePromiseHold } from '../promises/promise-holds.ts';
import type { HeldInvoice } from './build-explanation.ts';
import type { DebtorForRun } from './load-dunning-input.ts';

/** On hold when a hold reason is set and the hold has no end or ends on or after `asOf`. */
export function isOnHold(item: OpenInvoice, asOf: PlainDate): boolean {
  return item.hold_reason !== null && (item.hold_until === null || item.hold_until >= asOf);
}

/**
 * Describes the holds of the whole debtor in `currency` on `asOf`, in words:
 * a debtor hold whose end date is absent or on or after `asOf` ("debtor
 * held: <reason>, until <date>"), and each open promise to pay in that
 * currency whose promised date is on or after `asOf` ("promise to pay of
 * <amount> by <date>"). Returns an empty list when nothing holds the debtor.
 */
export function describeDebtorHolds(
  debtor: Pick<DebtorForRun, 'hold' | 'promiseHolds'>,
  currency: string,
  asOf: PlainDate,
): string[] {
  const reasons: string[] = [];
  const { hold } = debtor;
  if (hold && (hold.until === null || hold.until >= asOf)) {
    reasons.push(
      hold.until === null
        ? `debtor held: ${hold.reason}`
        : `debtor held: ${hold.reason}, until ${hold.until}`,
    );
  }
  for (const promise of debtor.promiseHolds ?? []) {
    if (promise.currency === currency && promise.promisedDate >= asOf) {
      reasons.push(describePromiseHold(promise));
    }
  }

  return reasons;
}

/**
 * Finds what keeps an item out of the run: its import hold code, an issue,
 * the debtor's own holds (`debtorHolds`, see describeDebtorHolds) and an
 * active payment arrangement (`arrangementHolds`), with
 * the reasons joined by "; ". With `includeOnHold` the import hold code and
 * issues are passed over, but the debtor's holds still apply. Returns null
 * when nothing holds the item.
 */
export function findHold(
  item: OpenInvoice,
  params: {
    asOf: PlainDate;
    includeOnHold: boolean;
    issueHolds: ReadonlyMap<string, IssueHold> | undefined;
    debtorHolds: readonly string[];
    /** Hold reasons of invoices in an active payment arrangement, by invoice id; they apply either way. */
    arrangementHolds?: ReadonlyMap<string, string> | undefined;
  },
): HeldInvoice | null {
  const reasons: string[] = [];
  const issueHold = params.includeOnHold ? undefined : params.issueHolds?.get(item.id);
  if (!params.includeOnHold && isOnHold(item, params.asOf) && item.hold_reason !== null) {
    reasons.push(item.hold_reason);
  }
  if (issueHold) {
    reasons.push(describeIssueHold(issueHold));
  }
  reasons.push(...params.debtorHolds);
  const arrangementHold = params.arrangementHolds?.get(item.id);
  if (arrangementHold) {
    reasons.push(arrangementHold);
  }
  if (reasons.length === 0) {
    return null;
  }

  return { item, reason: reasons.join('; '), issueId: issueHold?.issueId ?? null };
}
