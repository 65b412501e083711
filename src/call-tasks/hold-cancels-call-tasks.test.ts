import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../dates/plain-date.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { holdDebtorFromBatch, liftDebtorHold } from '../debtors/debtor-hold.ts';
import {
  ACTOR,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// The invoices fall due 10 days before today: the reminder was due 3 days
// ago, the call step is due today and the second call in 6 days.
let testDatabase: TestDatabase;
let tenant: TestTenant;
let today: string;
const debtorOf = new Map<string, string>();

function inTenant<T>(work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

/** Lists the call tasks as [debtor number, step, status], by debtor and creation. */
function readCallTasks() {
  return inTenant(async (trx) => {
    const rows = await trx
      .selectFrom('call_tasks as t')
      .innerJoin('steps as s', 's.id', 't.step_id')
      .innerJoin('debtors as d', 'd.id', 't.debtor_id')
      .select(['d.number', 's.name', 't.status'])
      .orderBy('d.number')
      .orderBy('t.created_at')
      .execute();
    return rows.map((row) => [row.number, row.name, row.status]);
  });
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'hold-calls');
  today = todayForEntity(tenant.entity, new Date());
  await inTenant(async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Calls',
      steps: [
        { name: 'Reminder', dayOffset: 7, channel: 'email' },
        { name: 'Phone call', dayOffset: 10, channel: 'call' },
        { name: 'Second call', dayOffset: 16, channel: 'call' },
      ],
    });
    for (const number of ['CONTROL', 'HELD']) {
      const debtorId = await insertDebtor(trx, tenant, { number, segmentId });
      debtorOf.set(number, debtorId);
      await trx
        .updateTable('debtors')
        .set({ phone: `+31 20 555 01${number.length}` })
        .where('id', '=', debtorId)
        .execute();
      await insertInvoice(trx, tenant, {
        debtorId,
        number: `INV-${number}`,
        dueDate: addDays(today, -10),
        amount: '500.00',
      });
    }
  });
  await runOn(testDatabase.database, tenant, addDays(today, -3));
  await runOn(testDatabase.database, tenant, today);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

describe('hold and call tasks', () => {
  it('run makes a call task each', async () => {
    expect(await readCallTasks()).toEqual([
      ['CONTROL', 'Phone call', 'open'],
      ['HELD', 'Phone call', 'open'],
    ]);
  });

  it('hold cancels the open call task', async () => {
    const holdResult = await inTenant(async (trx) => {
      const batch = await trx
        .selectFrom('message_batches')
        .select('id')
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return holdDebtorFromBatch(trx, {
        organisationId: tenant.organisationId,
        actor: ACTOR,
        batchId: batch.id,
        debtorId: debtorOf.get('HELD') ?? '',
        input: { reason: 'Administrator pays' },
        now: new Date(),
      });
    });
    const audit = await inTenant((trx) =>
      trx
        .selectFrom('audit_events')
        .select('after')
        .where('action', '=', 'call_task.cancelled')
        .execute(),
    );

    expect(holdResult.cancelledCallTaskIds).toHaveLength(1);
    expect(holdResult.removedMessageIds).toHaveLength(1);
    expect(await readCallTasks()).toEqual([
      ['CONTROL', 'Phone call', 'open'],
      ['HELD', 'Phone call', 'cancelled'],
    ]);
    expect(audit).toEqual([
      {
        after: {
          status: 'cancelled',
          note: 'Cancelled because the debtor was held from dunning: Administrator pays',
          retryOn: null,
          releasedInvoices: 1,
        },
      },
    ]);
  });

  it('run adds no call task while held', async () => {
    await runOn(testDatabase.database, tenant, addDays(today, 6));

    expect(await readCallTasks()).toEqual([
      ['CONTROL', 'Phone call', 'open'],
      ['CONTROL', 'Second call', 'open'],
      ['HELD', 'Phone call', 'cancelled'],
    ]);
  });

  it('call step returns after the hold', async () => {
    await inTenant((trx) =>
      liftDebtorHold(trx, {
        organisationId: tenant.organisationId,
        actor: ACTOR,
        debtorId: debtorOf.get('HELD') ?? '',
      }),
    );
    await runOn(testDatabase.database, tenant, addDays(today, 1));
    const heldTasks = (await readCallTasks()).filter(([number]) => number === 'HELD');

    expect(heldTasks).toEqual([
      ['HELD', 'Phone call', 'cancelled'],
      ['HELD', 'Phone call', 'open'],
    ]);
  });
});
