import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { loadIssueHolds } from '../issues/issue-holds.ts';
import { AGEING_BUCKET_NAMES, type AgeingBucketName, type AgeingSlot } from './ageing-buckets.ts';
import { heldSql, listHeldInvoices, type HeldInvoiceRow } from './held-invoices.ts';
import { selectAgedOpenInvoices } from './select-aged-open-invoices.ts';

/** A number of open items and their summed open amount in minor units. */
export interface AgeingTally {
  count: number;
  amountMinor: number;
}

export interface AgeingBucket extends AgeingTally {
  name: AgeingBucketName;
  /** The part of the bucket on hold: an import hold code or an issue that pauses dunning. */
  onHold: AgeingTally;
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
  /** Open items on hold, credits included; a part of `total`. */
  onHold: AgeingTally;
  /**
   * The items on hold with the reason, by debtor number and due date. The
   * entity's list stops at HELD_INVOICE_LIMIT items across all currencies,
   * so `onHold.count` may be larger.
   */
  heldInvoices: HeldInvoiceRow[];
}

/** Most held items a report lists; their tallies count them all. */
export const HELD_INVOICE_LIMIT = 1000;

/**
 * Computes the ageing of an entity's open items on `asOf`: one report per
 * currency, sorted by currency code. Payments dated after `asOf` do not
 * count. When the entity has no open item at all, the result is one report
 * of zeros in the entity's currency, so a caller always has a table to show.
 * Items on hold (an import hold code or an issue, as dunning applies them) are
 * counted in their bucket as usual and also in the bucket's `onHold`.
 */
export async function computeAgeing(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<AgeingReport[]> {
  const issueHolds = await loadIssueHolds(executor, params);
  const aged = selectAgedOpenInvoices(executor, params).as('aged');
  const held = heldSql(params.asOf, [...issueHolds.keys()]);
  const rows = await executor
    .selectFrom(aged)
    .select([
      'aged.currency',
      'aged.slot',
      sql<number>`count(*)::bigint`.as('count'),
      sql<number>`sum(aged.open_minor)::bigint`.as('amount_minor'),
      sql<number>`count(*) filter (where ${held})::bigint`.as('held_count'),
      sql<number>`coalesce(sum(aged.open_minor) filter (where ${held}), 0)::bigint`.as(
        'held_minor',
      ),
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
    addToOnHold(report, row.slot, { count: row.held_count, amountMinor: row.held_minor });
  }

  const anyHeld = [...reports.values()].some((report) => report.onHold.count > 0);
  if (anyHeld) {
    const heldInvoices = await listHeldInvoices(executor, {
      ...params,
      issueHolds,
      limit: HELD_INVOICE_LIMIT,
    });
    for (const invoice of heldInvoices) {
      reports.get(invoice.currency)?.heldInvoices.push(invoice);
    }
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

function addToOnHold(report: AgeingReport, slot: AgeingSlot, tally: AgeingTally): void {
  const bucket = report.buckets.find((candidate) => candidate.name === slot);
  if (bucket) {
    bucket.onHold.count += tally.count;
    bucket.onHold.amountMinor += tally.amountMinor;
  }
  report.onHold.count += tally.count;
  report.onHold.amountMinor += tally.amountMinor;
}

function emptyReport(date: PlainDate, currency: string): AgeingReport {
  return {
    date,
    currency,
    buckets: AGEING_BUCKET_NAMES.map((name) => ({
      name,
      count: 0,
      amountMinor: 0,
      onHold: { count: 0, amountMinor: 0 },
    })),
    credits: { count: 0, amountMinor: 0 },
    total: { count: 0, amountMinor: 0 },
    onHold: { count: 0, amountMinor: 0 },
    heldInvoices: [],
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
