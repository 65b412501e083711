import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let testDatabase: TestDatabase;
let tenant: TestTenant;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'holds');
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const entries = [
      { debtor: 'D-700', number: 'E1', amount: '300.00', holdReason: 'DSP', holdUntil: null },
      { debtor: 'D-701', number: 'E2', amount: '200.00', holdReason: 'DSP', holdUntil: null },
      { debtor: 'D-701', number: 'E3', amount: '150.00', holdReason: null, holdUntil: null },
      // A hold that ended the day before the run no longer counts.
      {
        debtor: 'D-702',
        number: 'E4',
        amount: '80.00',
        holdReason: 'DSP',
        holdUntil: '2024-04-30',
      },
      // A hold that ends on the run date still counts.
      {
        debtor: 'D-703',
        number: 'E5',
        amount: '90.00',
        holdReason: 'DSP',
        holdUntil: '2024-05-01',
      },
    ];
    const debtorIds = new Map<string, string>();
    for (const entry of entries) {
      const debtorId =
        debtorIds.get(entry.debtor) ?? (await insertDebtor(trx, tenant, { number: entry.debtor }));
      debtorIds.set(entry.debtor, debtorId);
      await insertInvoice(trx, tenant, {
        debtorId,
        number: entry.number,
        dueDate: '2024-04-01',
        amount: entry.amount,
        holdReason: entry.holdReason,
        holdUntil: entry.holdUntil,
      });
    }
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

function lastRunSkipped() {
  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
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

describe('runDunning on hold', () => {
  it('leaves out invoices on hold', async () => {
    const summary = await runOn(testDatabase.database, tenant, '2024-05-01');
    const messages = await readMessages(testDatabase.database, tenant);
    const d701 = messages.find((message) => message.debtorNumber === 'D-701');

    expect(summary).toEqual({
      date: '2024-05-01',
      messages: { created: 2, skipped: 2 },
      byStep: [{ step: 'Second reminder', channel: 'email', count: 2 }],
    });
    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-701', 15000],
      ['D-702', 8000],
    ]);
    expect(d701?.explanation.invoices.map((item) => item.number)).toEqual(['E3']);
    expect(d701?.explanation.onHold).toEqual([
      expect.objectContaining({ number: 'E2', open: '200.00', holdReason: 'DSP' }),
    ]);
    expect(await lastRunSkipped()).toEqual([
      {
        debtorNumber: 'D-700',
        currency: 'EUR',
        step: 'Second reminder',
        reason: 'on_hold',
        invoices: ['E1'],
        onHold: [{ number: 'E1', holdReason: 'DSP' }],
      },
      {
        debtorNumber: 'D-703',
        currency: 'EUR',
        step: 'Second reminder',
        reason: 'on_hold',
        invoices: ['E5'],
        onHold: [{ number: 'E5', holdReason: 'DSP' }],
      },
    ]);
  });

  it('resumes at the furthest due step once released', async () => {
    await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .updateTable('invoices')
        .set({ hold_reason: null, hold_until: null })
        .where('number', '=', 'E1')
        .execute(),
    );

    const summary = await runOn(testDatabase.database, tenant, '2024-05-02');
    const messages = await readMessages(testDatabase.database, tenant);
    const latest = messages.filter((message) => message.runDate === '2024-05-02');

    expect(summary).toEqual({
      date: '2024-05-02',
      messages: { created: 2, skipped: 1 },
      byStep: [{ step: 'Second reminder', channel: 'email', count: 2 }],
    });
    expect(latest.map((message) => [message.debtorNumber, message.step, message.total])).toEqual([
      ['D-700', 'Second reminder', 30000],
      ['D-703', 'Second reminder', 9000],
    ]);
    expect(await lastRunSkipped()).toEqual([
      {
        debtorNumber: 'D-701',
        currency: 'EUR',
        step: 'Second reminder',
        reason: 'on_hold',
        invoices: ['E2'],
        onHold: [{ number: 'E2', holdReason: 'DSP' }],
      },
    ]);
  });
});
