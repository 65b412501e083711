import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { formatDecimal } from '../money/money.ts';

/** An open promise to pay that pauses the debtor's reminders in its currency until the promised date. */
export interface PromiseHold {
  currency: string;
  amountMinor: number;
  promisedDate: PlainDate;
}

/**
 * Loads, by debtor id, the open promises to pay of `debtorIds` whose
 * promised date is on or after `asOf`, oldest promised date first. While
 * such a promise exists the dunning run pauses the debtor's reminders in the
 * promise's currency. Once the date passes unpaid, evaluatePromises marks
 * the promise broken and the hold ends. One query for all debtors.
 */
export async function loadPromiseHolds(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorIds: readonly string[] },
): Promise<Map<string, PromiseHold[]>> {
  if (params.debtorIds.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('promises')
    .select(['debtor_id', 'currency', 'amount_minor', 'promised_date'])
    .where('entity_id', '=', params.entityId)
    .where('debtor_id', '=', sql<string>`any(${[...params.debtorIds]}::uuid[])`)
    .where('status', '=', 'open')
    .where('promised_date', '>=', params.asOf)
    .orderBy('promised_date')
    .orderBy('created_at')
    .execute();

  const holds = new Map<string, PromiseHold[]>();
  for (const row of rows) {
    const list = holds.get(row.debtor_id) ?? [];
    list.push({
      currency: row.currency,
      amountMinor: Number(row.amount_minor),
      promisedDate: row.promised_date,
    });
    holds.set(row.debtor_id, list);
  }

  return holds;
}

/** Describes a promise hold in words, such as "promise to pay of 500.00 EUR by 2024-06-15". */
export function describePromiseHold(hold: PromiseHold): string {
  return `promise to pay of ${formatDecimal(hold.amountMinor, hold.currency)} ${hold.currency} by ${hold.promisedDate}`;
}
