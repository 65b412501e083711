import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { AGEING_BUCKET_NAMES, type AgeingBucketName, type AgeingSlot } from './ageing-buckets.ts';
import { selectAgedOpenInvoices } from './select-aged-open-invoices.ts';

/** A number of open items and their summed open amount in minor units. */
export interface AgeingTally {
  count: number;
  amountMinor: number;
}

export interface AgeingBucket extends AgeingTally {
  name: AgeingBucketName;
}

/**
 * The ageing of one currency on one date. Every open item is in exactly one
 * bucket or in `credits`, so the buckets plus the credits equal the total.
 */
export interface AgeingReport {
  date: PlainDate;
  currency: string;
  /** In the order current, 1-30, 31-60, 61-90, 91+. */
  buckets: AgeingBucket[];
  /** Open credit notes and negative open amounts, which age into no bucket. */
  credits: AgeingTally;
  total: AgeingTally;
}

/**
 * Computes the ageing of an entity's open items on `asOf`: one report per
 * currency, sorted by currency code. Payments dated after `asOf` do not
 * count. When the entity has no open item at all, the result is one report
 * of zeros in the entity's currency, so a caller always has a table to show.
 */
export async function computeAgeing(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<AgeingReport[]> {
  const aged = selectAgedOpenInvoices(executor, params).as('aged');
  const rows = await executor
    .selectFrom(aged)
    .select([
      'aged.currency',
      'aged.slot',
      sql<number>`count(*)::bigint`.as('count'),
      sql<number>`sum(aged.open_minor)::bigint`.as('amount_minor'),
    ])
    .groupBy(['aged.currency', 'aged.slot'])
    .orderBy('aged.currency')
    .execute();

  if (rows.length === 0) {
    const currency = await findEntityCurrency(executor, params.entityId);
    return [emptyReport(params.asOf, currency)];
  }

  const reports = new Map<string, AgeingReport>();
  for (const row of rows) {
    const report = reports.get(row.currency) ?? emptyReport(params.asOf, row.currency);
    reports.set(row.currency, report);
    addToSlot(report, row.slot, { count: row.count, amountMinor: row.amount_minor });
  }

  return [...reports.values()];
}

function addToSlot(report: AgeingReport, slot: AgeingSlot, tally: AgeingTally): void {
  const target =
    slot === 'credits' ? report.credits : report.buckets.find((bucket) => bucket.name === slot);
  if (!target) {
    throw new Error(`Unknown ageing slot "${slot}"`);
  }
  target.count += tally.count;
  target.amountMinor += tally.amountMinor;
  report.total.count += tally.count;
  report.total.amountMinor += tally.amountMinor;
}

function emptyReport(date: PlainDate, currency: string): AgeingReport {
  return {
    date,
    currency,
    buckets: AGEING_BUCKET_NAMES.map((name) => ({ name, count: 0, amountMinor: 0 })),
    credits: { count: 0, amountMinor: 0 },
    total: { count: 0, amountMinor: 0 },
  };
}

async function findEntityCurrency(executor: Executor, entityId: string): Promise<string> {
  const entity = await executor
    .selectFrom('entities')
    .select('currency')
    .where('id', '=', entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${entityId} does not exist.`);
  }

  return entity.currency;
}
