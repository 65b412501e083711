import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

function inTenant<T>(tenant: TestTenant, work: Parameters<typeof withOrganisation<T>>[2]) {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

/** Creates a tenant whose only profile has a per-invoice step at day 7, minimum 50.00. */
async function perInvoiceTenant(slug: string, maxContactsPerWeek: number | null = null) {
  const tenant = await createTenant(testDatabase.database, slug, { maxContactsPerWeek });
  const segmentId = await inTenant(tenant, (trx) =>
    insertProfileSegment(trx, tenant, {
      name: 'Per invoice',
      steps: [{ name: 'Invoice notice', dayOffset: 7, minimum: '50.00', scope: 'invoice' }],
    }),
  );

  return { tenant, segmentId };
}

function lastRunSkipped(tenant: TestTenant) {
  return inTenant(tenant, async (trx) => {
    const run = await trx
      .selectFrom('dunning_runs')
      .select('skipped')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return (run.skipped as Array<Record<string, unknown>>).map(
      ({ debtorId: _id, debtorNumber: _number, currency: _currency, ...rest }) => rest,
    );
  });
}

function reachedInvoices(tenant: TestTenant) {
  return inTenant(tenant, async (trx) => {
    const rows = await trx
      .selectFrom('dunning_states as ds')
      .innerJoin('invoices as i', 'i.id', 'ds.invoice_id')
      .select('i.number')
      .orderBy('i.number')
      .execute();
    return rows.map((row) => row.number);
  });
}

describe('runDunning per-invoice step', () => {
  it('one message per invoice, credit oldest first', async () => {
    const { tenant, segmentId } = await perInvoiceTenant('scope-credit');
    await inTenant(tenant, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
      const invoices: Array<[string, string, string]> = [
        ['A', '2024-04-01', '100.00'],
        ['B', '2024-04-10', '80.00'],
        ['C', '2024-04-15', '60.00'],
        ['D', '2024-04-20', '40.00'],
      ];
      for (const [number, dueDate, amount] of invoices) {
        await insertInvoice(trx, tenant, { debtorId, number, dueDate, amount });
      }
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'N',
        dueDate: '2024-03-01',
        amount: '-120.00',
        kind: 'credit_note',
      });
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-05-01');
    const messages = await readMessages(testDatabase.database, tenant);
    const listed = messages.map((message) => message.explanation.invoices.map((i) => i.number));

    expect(summary.messages.created).toBe(2);
    expect(summary.byStep).toEqual([{ step: 'Invoice notice', channel: 'email', count: 2 }]);
    expect(listed).toContainEqual(['B', 'N']);
    expect(listed).toContainEqual(['C']);
    expect(messages.map((message) => message.total)).toEqual([6000, 6000]);
    expect(messages.map((message) => message.explanation.scope)).toEqual(['invoice', 'invoice']);
    expect(await lastRunSkipped(tenant)).toEqual([
      { step: 'Invoice notice', reason: 'net_credit', invoices: ['A'] },
      { step: 'Invoice notice', reason: 'below_minimum', invoices: ['D'] },
    ]);
    expect(await reachedInvoices(tenant)).toEqual(['B', 'C']);
  });

  it('contact limit counts each message', async () => {
    const { tenant, segmentId } = await perInvoiceTenant('scope-limit', 2);
    await inTenant(tenant, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-2', segmentId });
      for (const number of ['E', 'F', 'G']) {
        await insertInvoice(trx, tenant, {
          debtorId,
          number,
          dueDate: '2024-04-01',
          amount: '75.00',
        });
      }
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-05-01');

    expect(summary.messages.created).toBe(2);
    expect(await lastRunSkipped(tenant)).toEqual([
      { step: 'Invoice notice', reason: 'contact_limit', invoices: ['G'] },
    ]);
    expect(await reachedInvoices(tenant)).toEqual(['E', 'F']);
  });

  it('lists a held invoice as on hold', async () => {
    const { tenant, segmentId } = await perInvoiceTenant('scope-hold');
    await inTenant(tenant, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-3', segmentId });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'H',
        dueDate: '2024-04-01',
        amount: '90.00',
        holdReason: 'DSP',
      });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'K',
        dueDate: '2024-04-02',
        amount: '95.00',
      });
    });

    await runOn(testDatabase.database, tenant, '2024-05-01');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(messages.map((message) => message.explanation.invoices.map((i) => i.number))).toEqual([
      ['K'],
    ]);
    expect(messages[0]?.explanation.onHold).toEqual([]);
    expect(await lastRunSkipped(tenant)).toEqual([
      {
        step: 'Invoice notice',
        reason: 'on_hold',
        invoices: ['H'],
        onHold: [{ number: 'H', holdReason: 'DSP' }],
      },
    ]);
  });
});
