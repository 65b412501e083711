import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../dates/plain-date.ts';
import { withOrganisation } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { ageingBucketOf } from './ageing-buckets.ts';
import { computeAgeing, type AgeingReport } from './ageing.ts';
import {
  buildAgeingScope,
  buildDebtor,
  buildInvoice,
  buildPayment,
  type AgeingScope,
} from './ageing-test-data.ts';
import { formatAgeingJson } from './format-ageing.ts';
import { selectAgedOpenInvoices } from './select-aged-open-invoices.ts';

let testDatabase: TestDatabase;
let scopeCount = 0;

/** Creating and migrating a database takes over a minute on a loaded two-core machine. */
const setupTimeout = 300_000;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, setupTimeout);

afterAll(async () => {
  await testDatabase.drop();
});

/** Creates an organisation per test, so that tests share the database but no rows. */
async function newScope(currency = 'EUR'): Promise<AgeingScope> {
  scopeCount += 1;
  return buildAgeingScope(testDatabase.database, { slug: `ageing-${scopeCount}`, currency });
}

function inScope<T>(scope: AgeingScope, work: Parameters<typeof withOrganisation<T>>[2]) {
  return withOrganisation(testDatabase.database, scope.organisationId, work);
}

function ageingOn(scope: AgeingScope, asOf: string): Promise<AgeingReport[]> {
  return inScope(scope, (trx) => computeAgeing(trx, { entityId: scope.entityId, asOf }));
}

function bucketAmounts(report: AgeingReport | undefined): Record<string, string> {
  const json = formatAgeingJson(report ? [report] : [])[0];
  return Object.fromEntries((json?.buckets ?? []).map((bucket) => [bucket.name, bucket.amount]));
}

function expectBucketsToAddUp(report: AgeingReport): void {
  const bucketSum = report.buckets.reduce((sum, bucket) => sum + bucket.amountMinor, 0);
  const bucketCount = report.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  expect(bucketSum + report.credits.amountMinor).toBe(report.total.amountMinor);
  expect(bucketCount + report.credits.count).toBe(report.total.count);
}

/** Invoices A1 to A6 of debtor D-100, 0, 1, 30, 31, 60 and 61 days past due on 2024-06-30. */
const edgeInvoices = [
  { number: 'A1', dueDate: '2024-06-30', amountMinor: 100_00 },
  { number: 'A2', dueDate: '2024-06-29', amountMinor: 200_00 },
  { number: 'A3', dueDate: '2024-05-31', amountMinor: 300_00 },
  { number: 'A4', dueDate: '2024-05-30', amountMinor: 400_00 },
  { number: 'A5', dueDate: '2024-05-01', amountMinor: 500_00 },
  { number: 'A6', dueDate: '2024-04-30', amountMinor: 600_00 },
];

async function buildEdgeInvoices(scope: AgeingScope): Promise<void> {
  await inScope(scope, async (trx) => {
    const debtorId = await buildDebtor(trx, scope, { number: 'D-100', name: 'Alder Trading' });
    for (const invoice of edgeInvoices) {
      await buildInvoice(trx, scope, { debtorId, ...invoice });
    }
  });
}

describe('computeAgeing', () => {
  it('counts an invoice on a bucket edge in the bucket that ends there', async () => {
    const scope = await newScope();
    await buildEdgeInvoices(scope);

    const reports = await ageingOn(scope, '2024-06-30');

    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    expect(bucketAmounts(report)).toEqual({
      current: '100.00',
      '1-30': '500.00',
      '31-60': '900.00',
      '61-90': '600.00',
      '91+': '0.00',
    });
    expect(report.buckets.map((bucket) => bucket.count)).toEqual([1, 2, 2, 1, 0]);
    expect(report.total).toEqual({ count: 6, amountMinor: 2100_00 });
    expect(report.credits).toEqual({ count: 0, amountMinor: 0 });
    expectBucketsToAddUp(report);
  });

  it('moves each edge invoice by exactly one day per day', async () => {
    const scope = await newScope();
    await buildEdgeInvoices(scope);
    const agedOn = (asOf: string) =>
      inScope(scope, (trx) =>
        selectAgedOpenInvoices(trx, { entityId: scope.entityId, asOf }).orderBy('number').execute(),
      );

    const before = await agedOn('2024-06-29');
    const base = await agedOn('2024-06-30');
    const after = await agedOn('2024-07-01');

    expect(base.map((row) => row.days_past_due)).toEqual([0, 1, 30, 31, 60, 61]);
    for (const [index, row] of base.entries()) {
      expect(before[index]?.number).toBe(row.number);
      expect(before[index]?.days_past_due).toBe(row.days_past_due - 1);
      expect(after[index]?.number).toBe(row.number);
      expect(after[index]?.days_past_due).toBe(row.days_past_due + 1);
    }
    for (const row of [...before, ...base, ...after]) {
      expect(row.slot).toBe(ageingBucketOf(row.days_past_due));
    }
  });

  it('re-runs the edge case a day later and earlier', async () => {
    const scope = await newScope();
    await buildEdgeInvoices(scope);

    const [later] = await ageingOn(scope, '2024-07-01');
    const [earlier] = await ageingOn(scope, '2024-06-29');

    expect(bucketAmounts(later)).toEqual({
      current: '0.00',
      '1-30': '300.00',
      '31-60': '700.00',
      '61-90': '1100.00',
      '91+': '0.00',
    });
    expect(bucketAmounts(earlier)).toEqual({
      current: '300.00',
      '1-30': '700.00',
      '31-60': '1100.00',
      '61-90': '0.00',
      '91+': '0.00',
    });
    for (const report of [later!, earlier!]) {
      expect(report.total).toEqual({ count: 6, amountMinor: 2100_00 });
      expectBucketsToAddUp(report);
    }
  });

  it('matches the bucket rule for every day from -3 to 125', async () => {
    const scope = await newScope();
    const asOf = '2024-06-30';
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope);
      for (let days = -3; days <= 125; days += 1) {
        await buildInvoice(trx, scope, {
          debtorId,
          number: `N${days}`,
          dueDate: addDays(asOf, -days),
          amountMinor: 1_00,
        });
      }
    });

    const rows = await inScope(scope, (trx) =>
      selectAgedOpenInvoices(trx, { entityId: scope.entityId, asOf }).execute(),
    );
    const [report] = await ageingOn(scope, asOf);

    expect(rows).toHaveLength(129);
    for (const row of rows) {
      expect(row.slot, row.number).toBe(ageingBucketOf(Number(row.number.slice(1))));
    }
    expect(report!.buckets.map((bucket) => bucket.count)).toEqual([4, 30, 30, 30, 35]);
    expectBucketsToAddUp(report!);
  });

  it('lists a credit note under credits, not in a bucket', async () => {
    const scope = await newScope();
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope, { number: 'D-473' });
      await buildInvoice(trx, scope, {
        debtorId,
        number: 'NEG-1',
        kind: 'credit_note',
        invoiceDate: '2023-09-10',
        dueDate: '2023-09-10',
        amountMinor: -300_00,
      });
      await buildInvoice(trx, scope, {
        debtorId,
        number: 'INV-1',
        invoiceDate: '2024-01-05',
        dueDate: '2024-01-19',
        amountMinor: 500_00,
      });
    });

    const [report] = await ageingOn(scope, '2024-01-26');

    expect(report!.credits).toEqual({ count: 1, amountMinor: -300_00 });
    expect(bucketAmounts(report)).toEqual({
      current: '0.00',
      '1-30': '500.00',
      '31-60': '0.00',
      '61-90': '0.00',
      '91+': '0.00',
    });
    expect(report!.total).toEqual({ count: 2, amountMinor: 200_00 });
    expectBucketsToAddUp(report!);
  });

  it('lists an overpaid invoice under credits', async () => {
    const scope = await newScope();
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope);
      const invoiceId = await buildInvoice(trx, scope, {
        debtorId,
        number: 'OVER-1',
        dueDate: '2024-03-01',
        amountMinor: 100_00,
      });
      await buildPayment(trx, scope, {
        paymentDate: '2024-03-05',
        allocations: [{ invoiceId, amountMinor: 150_00 }],
      });
    });

    const [report] = await ageingOn(scope, '2024-06-30');

    expect(report!.credits).toEqual({ count: 1, amountMinor: -50_00 });
    expect(report!.buckets.every((bucket) => bucket.count === 0)).toBe(true);
    expectBucketsToAddUp(report!);
  });

  it('ignores payments dated after the as-of date', async () => {
    const scope = await newScope();
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope);
      const partlyPaid = await buildInvoice(trx, scope, {
        debtorId,
        number: 'P-1',
        dueDate: '2024-05-01',
        amountMinor: 500_00,
      });
      const paidOnDate = await buildInvoice(trx, scope, {
        debtorId,
        number: 'P-2',
        dueDate: '2024-05-01',
        amountMinor: 70_00,
      });
      await buildPayment(trx, scope, {
        paymentDate: '2024-07-15',
        allocations: [{ invoiceId: partlyPaid, amountMinor: 200_00 }],
      });
      await buildPayment(trx, scope, {
        paymentDate: '2024-06-30',
        allocations: [{ invoiceId: paidOnDate, amountMinor: 70_00 }],
      });
    });

    const [onDate] = await ageingOn(scope, '2024-06-30');
    const [afterPayment] = await ageingOn(scope, '2024-07-15');

    expect(onDate!.total).toEqual({ count: 1, amountMinor: 500_00 });
    expect(bucketAmounts(onDate)['31-60']).toBe('500.00');
    expect(afterPayment!.total).toEqual({ count: 1, amountMinor: 300_00 });
    expect(bucketAmounts(afterPayment)['61-90']).toBe('300.00');
  });

  it('totals agree with the open invoices query', async () => {
    const scope = await newScope();
    await buildEdgeInvoices(scope);
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope, { number: 'D-200' });
      await buildInvoice(trx, scope, {
        debtorId,
        number: 'C-1',
        kind: 'credit_note',
        dueDate: '2024-02-01',
        amountMinor: -40_00,
      });
    });
    const asOf = '2024-06-30';

    const open = await inScope(scope, (trx) =>
      selectOpenInvoices(trx, { entityId: scope.entityId, asOf }).execute(),
    );
    const [report] = await ageingOn(scope, asOf);

    const openSum = open.reduce((sum, invoice) => sum + invoice.open_minor, 0);
    expect(report!.total).toEqual({ count: open.length, amountMinor: openSum });
    expectBucketsToAddUp(report!);
  });

  it('returns one report per currency, sorted by currency', async () => {
    const scope = await newScope('USD');
    await inScope(scope, async (trx) => {
      const debtorId = await buildDebtor(trx, scope);
      const invoices = [
        { number: 'U-1', currency: 'USD', amountMinor: 10_00 },
        { number: 'J-1', currency: 'JPY', amountMinor: 1500 },
        { number: 'E-1', currency: 'EUR', amountMinor: 20_00 },
      ];
      for (const invoice of invoices) {
        await buildInvoice(trx, scope, { debtorId, dueDate: '2024-06-01', ...invoice });
      }
    });

    const reports = await ageingOn(scope, '2024-06-30');
    const json = formatAgeingJson(reports);

    expect(reports.map((report) => report.currency)).toEqual(['EUR', 'JPY', 'USD']);
    expect(json.map((report) => report.total.amount)).toEqual(['20.00', '1500', '10.00']);
  });

  it('returns zeros in the entity currency when nothing is open', async () => {
    const scope = await newScope('USD');

    const reports = await ageingOn(scope, '2024-06-30');

    expect(formatAgeingJson(reports)).toEqual([
      {
        date: '2024-06-30',
        currency: 'USD',
        buckets: ['current', '1-30', '31-60', '61-90', '91+'].map((name) => ({
          name,
          count: 0,
          amount: '0.00',
          onHold: { count: 0, amount: '0.00' },
        })),
        credits: { count: 0, amount: '0.00' },
        total: { count: 0, amount: '0.00' },
        onHold: { count: 0, amount: '0.00' },
        heldInvoices: [],
      },
    ]);
  });

  it('returns due dates as the stored strings', async () => {
    const scope = await newScope();
    await buildEdgeInvoices(scope);

    const open = await inScope(scope, (trx) =>
      selectOpenInvoices(trx, { entityId: scope.entityId, asOf: '2024-06-30' })
        .orderBy('number')
        .execute(),
    );

    expect(open.map((invoice) => invoice.due_date)).toEqual(
      edgeInvoices.map((invoice) => invoice.dueDate),
    );
  });
});
