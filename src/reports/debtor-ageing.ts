import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AGEING_BUCKET_NAMES, OVERDUE_BUCKET_NAMES, type AgeingSlot } from './ageing-buckets.ts';
import { selectAgedOpenInvoices } from './select-aged-open-invoices.ts';

/** The ageing of one debtor in one currency on one date, amounts in minor units. */
export interface DebtorAgeing {
  debtorId: string;
  currency: string;
  /** Net open amount: every open invoice minus every open credit. */
  openMinor: number;
  /** Open amount of invoices at least one day past due; credits are not deducted. */
  overdueMinor: number;
  /** Open amount per bucket, plus `credits` (zero or negative). */
  ageingMinor: Record<AgeingSlot, number>;
}

/**
 * Computes, for each debtor of an entity with open items on `asOf`, the open
 * amount, the overdue amount and the ageing per currency. `debtorIds`
 * limits the result to those debtors, such as one page of the debtor list.
 * Debtors without open items are absent. Sorted by debtor id, then currency.
 */
export async function computeDebtorAgeing(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorIds?: string[] },
): Promise<DebtorAgeing[]> {
  if (params.debtorIds?.length === 0) {
    return [];
  }

  const rows = await executor
    .selectFrom(selectAgedOpenInvoices(executor, params).as('aged'))
    .select([
      'aged.debtor_id',
      'aged.currency',
      'aged.slot',
      sql<number>`sum(aged.open_minor)::bigint`.as('amount_minor'),
    ])
    .groupBy(['aged.debtor_id', 'aged.currency', 'aged.slot'])
    .orderBy('aged.debtor_id')
    .orderBy('aged.currency')
    .execute();

  const byDebtorAndCurrency = new Map<string, DebtorAgeing>();
  for (const row of rows) {
    const key = `${row.debtor_id}/${row.currency}`;
    const ageing = byDebtorAndCurrency.get(key) ?? emptyDebtorAgeing(row.debtor_id, row.currency);
    byDebtorAndCurrency.set(key, ageing);

    ageing.ageingMinor[row.slot] += row.amount_minor;
    ageing.openMinor += row.amount_minor;
    if (row.slot !== 'credits' && OVERDUE_BUCKET_NAMES.includes(row.slot)) {
      ageing.overdueMinor += row.amount_minor;
    }
  }

  return [...byDebtorAndCurrency.values()];
}

function emptyDebtorAgeing(debtorId: string, currency: string): DebtorAgeing {
  const ageingMinor = Object.fromEntries(
    [...AGEING_BUCKET_NAMES, 'credits'].map((slot) => [slot, 0]),
  ) as Record<AgeingSlot, number>;

  return { debtorId, currency, openMinor: 0, overdueMinor: 0, ageingMinor };
}
