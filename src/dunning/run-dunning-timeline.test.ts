import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../dates/plain-date.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  createTenant,
  SETUP_TIMEOUT_MS,
  insertDebtor,
  insertInvoice,
  readMessages,
  runOn,
  type TestTenant,
} from './test-factories.ts';

const DUE = '2024-03-01';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

async function tenantWithInvoice(slug: string): Promise<TestTenant> {
  const tenant = await createTenant(testDatabase.database, slug);
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const debtorId = await insertDebtor(trx, tenant, { number: 'D-1' });
    await insertInvoice(trx, tenant, { debtorId, number: 'T-1', dueDate: DUE, amount: '800.00' });
  });

  return tenant;
}

function callTasks(tenant: TestTenant) {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('call_tasks as t')
      .innerJoin('steps as s', 's.id', 't.step_id')
      .select(['s.name', 't.due_date', 't.total_minor', 't.status'])
      .execute(),
  );
}

describe('runDunning default profile', () => {
  it('fires each step on its day, once', async () => {
    const tenant = await tenantWithInvoice('timeline');
    const expectations: Array<[number, string | null, string | null]> = [
      [-4, null, null],
      [-3, 'Courtesy reminder', 'email'],
      [6, null, null],
      [7, 'First reminder', 'email'],
      [20, null, null],
      [21, 'Second reminder', 'email'],
      [35, 'Final notice', 'letter'],
      [41, null, null],
      [42, 'Phone call', 'call'],
      [60, null, null],
    ];

    for (const [offset, step, channel] of expectations) {
      const date = addDays(DUE, offset);
      const summary = await runOn(testDatabase.database, tenant, date);

      expect(summary).toEqual({
        date,
        messages: { created: step ? 1 : 0, skipped: 0 },
        byStep: step && channel ? [{ step, channel, count: 1 }] : [],
      });
    }

    const messages = await readMessages(testDatabase.database, tenant);
    expect(messages.map((message) => [message.runDate, message.step, message.channel])).toEqual([
      ['2024-02-27', 'Courtesy reminder', 'email'],
      ['2024-03-08', 'First reminder', 'email'],
      ['2024-03-22', 'Second reminder', 'email'],
      ['2024-04-05', 'Final notice', 'letter'],
    ]);
    expect(await callTasks(tenant)).toEqual([
      { name: 'Phone call', due_date: '2024-04-12', total_minor: 80000, status: 'open' },
    ]);
  });

  it('sends only the furthest step after missed days', async () => {
    const tenant = await tenantWithInvoice('missed-days');

    const summary = await runOn(testDatabase.database, tenant, addDays(DUE, 25));
    const messages = await readMessages(testDatabase.database, tenant);

    expect(summary).toEqual({
      date: '2024-03-26',
      messages: { created: 1, skipped: 0 },
      byStep: [{ step: 'Second reminder', channel: 'email', count: 1 }],
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.step).toBe('Second reminder');
    expect(messages[0]?.explanation.invoices[0]?.daysPastDue).toBe(25);
  });

  it('continues from the furthest step reached', async () => {
    const tenant = await tenantWithInvoice('after-missed-days');
    await runOn(testDatabase.database, tenant, addDays(DUE, 25));

    const between = await runOn(testDatabase.database, tenant, addDays(DUE, 30));
    const next = await runOn(testDatabase.database, tenant, addDays(DUE, 35));

    expect(between.messages.created).toBe(0);
    expect(next.byStep).toEqual([{ step: 'Final notice', channel: 'letter', count: 1 }]);
  });
});
