import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  createTenant,
  SETUP_TIMEOUT_MS,
  insertDebtor,
  insertInvoice,
  insertPayment,
  insertProfileSegment,
  readMessages,
  runOn,
  type TestStep,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

async function tenantWithProfile(slug: string, steps: TestStep[]) {
  const tenant = await createTenant(testDatabase.database, slug);
  const segmentId = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    insertProfileSegment(trx, tenant, { name: 'Test profile', steps }),
  );

  return { tenant, segmentId };
}

function inTenant<T>(tenant: TestTenant, work: Parameters<typeof withOrganisation<T>>[2]) {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

function skippedOfLastRun(tenant: TestTenant) {
  return inTenant(tenant, async (trx) => {
    const run = await trx
      .selectFrom('dunning_runs')
      .select('skipped')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return (run.skipped as Array<Record<string, unknown>>).map(
      ({ debtorId: _id, ...rest }) => rest,
    );
  });
}

describe('runDunning paid before the run', () => {
  it('reminds only the unpaid rest', async () => {
    const { tenant, segmentId } = await tenantWithProfile('paid', [
      { name: 'Reminder', dayOffset: 3 },
    ]);
    const variants = [
      { debtor: 'D-A', paid: '500.00', date: '2024-05-12' },
      { debtor: 'D-B', paid: '450.00', date: '2024-05-12' },
      { debtor: 'D-C', paid: '500.00', date: '2024-05-13' },
    ];
    await inTenant(tenant, async (trx) => {
      for (const variant of variants) {
        const debtorId = await insertDebtor(trx, tenant, { number: variant.debtor, segmentId });
        const invoiceId = await insertInvoice(trx, tenant, {
          debtorId,
          number: `Q-4${variant.debtor.slice(-1)}`,
          dueDate: '2024-05-10',
          amount: '500.00',
        });
        await insertPayment(trx, tenant, {
          debtorId,
          invoiceId,
          date: variant.date,
          amount: variant.paid,
        });
      }
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-05-13');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(summary).toEqual({
      date: '2024-05-13',
      messages: { created: 1, skipped: 0 },
      byStep: [{ step: 'Reminder', channel: 'email', count: 1 }],
    });
    expect(messages.map((message) => message.debtorNumber)).toEqual(['D-B']);
    expect(messages[0]?.total).toBe(5000);
    expect(messages[0]?.explanation.total).toBe('50.00');
    expect(messages[0]?.explanation.invoices).toEqual([
      expect.objectContaining({ number: 'Q-4B', amount: '500.00', open: '50.00', daysPastDue: 3 }),
    ]);
  });

  it('applies the minimum to the message total', async () => {
    const { tenant, segmentId } = await tenantWithProfile('minimum', [
      { name: 'Reminder', dayOffset: 3, minimum: '5.00' },
    ]);
    await inTenant(tenant, async (trx) => {
      for (const [debtor, paid] of [
        ['D-M1', '495.01'],
        ['D-M2', '495.00'],
      ] as const) {
        const debtorId = await insertDebtor(trx, tenant, { number: debtor, segmentId });
        const invoiceId = await insertInvoice(trx, tenant, {
          debtorId,
          number: `M-${debtor.slice(-1)}`,
          dueDate: '2024-05-10',
          amount: '500.00',
        });
        await insertPayment(trx, tenant, { debtorId, invoiceId, date: '2024-05-12', amount: paid });
      }
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-05-13');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(summary.messages).toEqual({ created: 1, skipped: 1 });
    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-M2', 500],
    ]);
    expect(await skippedOfLastRun(tenant)).toEqual([
      {
        debtorNumber: 'D-M1',
        currency: 'EUR',
        step: 'Reminder',
        reason: 'below_minimum',
        invoices: ['M-1'],
      },
    ]);
  });
});

describe('runDunning partial payment', () => {
  it('reminds the open rest at the next step', async () => {
    const { tenant, segmentId } = await tenantWithProfile('partial', [
      { name: 'Reminder 1', dayOffset: 7 },
      { name: 'Reminder 2', dayOffset: 30 },
    ]);
    const { debtorId, invoiceId } = await inTenant(tenant, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, {
        number: 'D-330',
        name: 'Cedar Works',
        segmentId,
      });
      const invoiceId = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'PP-1',
        dueDate: '2024-05-01',
        amount: '1000.00',
      });
      return { debtorId, invoiceId };
    });
    const first = await runOn(testDatabase.database, tenant, '2024-05-10');
    await inTenant(tenant, (trx) =>
      insertPayment(trx, tenant, { debtorId, invoiceId, date: '2024-05-20', amount: '400.00' }),
    );

    const second = await runOn(testDatabase.database, tenant, '2024-06-01');
    const messages = await readMessages(testDatabase.database, tenant);
    const states = await inTenant(tenant, (trx) =>
      trx
        .selectFrom('dunning_states as ds')
        .innerJoin('steps as s', 's.id', 'ds.step_id')
        .select(['s.name', 'ds.reached_on'])
        .where('ds.invoice_id', '=', invoiceId)
        .orderBy('ds.reached_on')
        .execute(),
    );

    expect(first.byStep).toEqual([{ step: 'Reminder 1', channel: 'email', count: 1 }]);
    expect(second.byStep).toEqual([{ step: 'Reminder 2', channel: 'email', count: 1 }]);
    expect(messages).toHaveLength(2);
    expect(messages[1]?.total).toBe(60000);
    expect(messages[1]?.explanation.invoices).toEqual([
      {
        id: invoiceId,
        number: 'PP-1',
        kind: 'invoice',
        dueDate: '2024-05-01',
        daysPastDue: 31,
        amount: '1000.00',
        open: '600.00',
      },
    ]);
    expect(states).toEqual([
      { name: 'Reminder 1', reached_on: '2024-05-10' },
      { name: 'Reminder 2', reached_on: '2024-06-01' },
    ]);
  });
});

describe('runDunning net credit', () => {
  it('skips a debtor in net credit and nets a larger invoice', async () => {
    const { tenant, segmentId } = await tenantWithProfile('net-credit', [
      { name: 'Reminder', dayOffset: 7 },
    ]);
    await inTenant(tenant, async (trx) => {
      for (const [debtor, amount] of [
        ['D-473', '200.00'],
        ['D-474', '500.00'],
      ] as const) {
        const debtorId = await insertDebtor(trx, tenant, { number: debtor, segmentId });
        await insertInvoice(trx, tenant, {
          debtorId,
          number: `NEG-${debtor}`,
          kind: 'credit_note',
          invoiceDate: '2023-09-10',
          dueDate: '2023-09-10',
          amount: '-300.00',
        });
        await insertInvoice(trx, tenant, {
          debtorId,
          number: `INV-${debtor}`,
          invoiceDate: '2024-01-05',
          dueDate: '2024-01-19',
          amount,
        });
      }
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-01-26');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(summary.messages).toEqual({ created: 1, skipped: 1 });
    expect(await skippedOfLastRun(tenant)).toEqual([
      {
        debtorNumber: 'D-473',
        currency: 'EUR',
        step: 'Reminder',
        reason: 'net_credit',
        invoices: ['INV-D-473'],
      },
    ]);
    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-474', 20000],
    ]);
    expect(messages[0]?.explanation.total).toBe('200.00');
    expect(
      messages[0]?.explanation.invoices.map((item) => [item.number, item.kind, item.open]),
    ).toEqual([
      ['INV-D-474', 'invoice', '500.00'],
      ['NEG-D-474', 'credit_note', '-300.00'],
    ]);
  });
});
