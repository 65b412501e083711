import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { computeAgeing, type AgeingReport } from './ageing.ts';
import { formatAgeingJson } from './format-ageing.ts';

/*
 * On 2024-05-01:
 * - H1 (300.00, 30 days past due) has the import hold code DSP.
 * - H2 (200.00, 45 days) is on hold by an open issue of a pausing category.
 * - H3 (150.00, 30 days) has an issue of a category that does not pause.
 * - H4 (50.00, 45 days) had a hold code that ended on 2024-04-30.
 */
let testDatabase: TestDatabase;
let tenant: TestTenant;
let issueNumber: number;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'ageing-on-hold');
  issueNumber = await withOrganisation(
    testDatabase.database,
    tenant.organisationId,
    async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-800', name: 'Held Trading' });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'H1',
        dueDate: '2024-04-01',
        amount: '300.00',
        holdReason: 'DSP',
      });
      const h2 = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'H2',
        dueDate: '2024-03-17',
        amount: '200.00',
      });
      const h3 = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'H3',
        dueDate: '2024-04-01',
        amount: '150.00',
      });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'H4',
        dueDate: '2024-03-17',
        amount: '50.00',
        holdReason: 'DSP',
        holdUntil: '2024-04-30',
      });
      const pausing = await insertIssueCategory(trx, tenant, {
        name: 'Wrong price',
        pausesDunning: true,
      });
      const notPausing = await insertIssueCategory(trx, tenant, {
        name: 'Address change',
        pausesDunning: false,
      });
      await insertIssue(trx, tenant, { debtorId, categoryId: notPausing, invoiceIds: [h3] });
      const issue = await insertIssue(trx, tenant, {
        debtorId,
        categoryId: pausing,
        invoiceIds: [h2],
      });
      return issue.number;
    },
  );
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

function ageingOn(asOf: string): Promise<AgeingReport[]> {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    computeAgeing(trx, { entityId: tenant.entity.id, asOf }),
  );
}

describe('computeAgeing on hold', () => {
  it('tallies the amount on hold per bucket', async () => {
    const [report] = formatAgeingJson(await ageingOn('2024-05-01'));
    const onHold = Object.fromEntries(
      (report?.buckets ?? []).map((bucket) => [bucket.name, bucket.onHold]),
    );

    expect(onHold).toEqual({
      current: { count: 0, amount: '0.00' },
      '1-30': { count: 1, amount: '300.00' },
      '31-60': { count: 1, amount: '200.00' },
      '61-90': { count: 0, amount: '0.00' },
      '91+': { count: 0, amount: '0.00' },
    });
    expect(report?.onHold).toEqual({ count: 2, amount: '500.00' });
    expect(report?.total).toEqual({ count: 4, amount: '700.00' });
  });

  it('lists the held invoices with the reason', async () => {
    const [report] = formatAgeingJson(await ageingOn('2024-05-01'));

    expect(report?.heldInvoices).toEqual([
      expect.objectContaining({
        number: 'H2',
        debtor: expect.objectContaining({ number: 'D-800', name: 'Held Trading' }),
        dueDate: '2024-03-17',
        daysPastDue: 45,
        bucket: '31-60',
        open: '200.00',
        hold: null,
        issueHold: expect.objectContaining({
          issueNumber,
          categoryName: 'Wrong price',
          status: 'open',
          resumesOn: null,
        }),
      }),
      expect.objectContaining({
        number: 'H1',
        bucket: '1-30',
        open: '300.00',
        hold: { reason: 'DSP', until: null },
        issueHold: null,
      }),
    ]);
  });

  it('counts a hold code up to its last day', async () => {
    const [report] = await ageingOn('2024-04-30');

    expect(report?.heldInvoices.map((invoice) => invoice.number)).toEqual(['H2', 'H4', 'H1']);
  });
});
