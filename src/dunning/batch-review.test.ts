import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantTransaction } from '../db/tenant.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { approveBatch } from './approve-batch.ts';
import { getBatch } from './get-batch.ts';
import { listBatches } from './list-batches.ts';
import { listCallTasks } from './list-call-tasks.ts';
import { removeMessage } from './remove-message.ts';
import {
  ACTOR,
  createTenant,
  SETUP_TIMEOUT_MS,
  insertDebtor,
  insertInvoice,
  runOn,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;
let tenant: TestTenant;
let batchId: string;
const messageIds = new Map<string, string>();

function inTenant<T>(work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'review');
  await inTenant(async (trx) => {
    for (const [debtor, number, dueDate, amount] of [
      ['D-1', 'A-1', '2024-03-01', '100.00'],
      ['D-2', 'B-1', '2024-03-01', '200.00'],
      ['D-3', 'C-1', '2024-01-01', '300.00'],
    ] as const) {
      const debtorId = await insertDebtor(trx, tenant, { number: debtor });
      await insertInvoice(trx, tenant, { debtorId, number, dueDate, amount });
    }
  });
  await runOn(testDatabase.database, tenant, '2024-03-31');

  const [batch] = await inTenant((trx) => listBatches(trx, { entityId: tenant.entity.id }));
  batchId = batch?.id ?? '';
  const detail = await inTenant((trx) => getBatch(trx, { batchId }));
  for (const message of detail.messages) {
    messageIds.set(message.debtor.number, message.id);
  }
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

describe('message batch review', () => {
  it('lists the batch of the run date', async () => {
    const batches = await inTenant((trx) =>
      listBatches(trx, { entityId: tenant.entity.id, date: '2024-03-31' }),
    );

    expect(batches).toEqual([
      {
        id: batchId,
        runDate: '2024-03-31',
        channel: 'email',
        status: 'pending',
        entityCode: 'E1',
        messages: { total: 2, pending: 2, removed: 0, approved: 0, sending: 0, sent: 0, failed: 0 },
        totals: [{ currency: 'EUR', amount: '300.00' }],
      },
    ]);
  });

  it('reads the batch with its messages', async () => {
    const { messages } = await inTenant((trx) => getBatch(trx, { batchId }));

    expect(messages).toEqual([
      {
        id: messageIds.get('D-1'),
        debtor: { id: expect.any(String), number: 'D-1', name: 'Debtor D-1' },
        recipient: 'd-1@example.test',
        language: 'en',
        total: '100.00',
        currency: 'EUR',
        status: 'pending',
        stepName: 'Second reminder',
        invoiceCount: 1,
        error: null,
        delivery: { status: null, bouncedAt: null, bounceReason: null },
      },
      expect.objectContaining({
        total: '200.00',
        debtor: expect.objectContaining({ number: 'D-2' }),
      }),
    ]);
  });

  it('unknown batch is not found', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';

    await expect(inTenant((trx) => getBatch(trx, { batchId: missing }))).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(inTenant((trx) => getBatch(trx, { batchId: 'batch-1' }))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lists the call task of the furthest step', async () => {
    const tasks = await inTenant((trx) =>
      listCallTasks(trx, { entityId: tenant.entity.id, status: 'open' }),
    );

    expect(tasks).toEqual([
      expect.objectContaining({
        entityCode: 'E1',
        dueDate: '2024-03-31',
        total: '300.00',
        currency: 'EUR',
        status: 'open',
        stepName: 'Phone call',
        debtor: expect.objectContaining({ number: 'D-3', phone: null }),
      }),
    ]);
    expect(await inTenant((trx) => listCallTasks(trx, { status: 'done' }))).toEqual([]);
  });

  it('removes a pending message and releases its invoices', async () => {
    const messageId = messageIds.get('D-1') ?? '';

    const removed = await inTenant((trx) => removeMessage(trx, { messageId, actor: ACTOR }));
    const again = await inTenant((trx) => removeMessage(trx, { messageId, actor: ACTOR }));
    const states = await inTenant((trx) =>
      trx
        .selectFrom('dunning_states')
        .select('message_id')
        .where('message_id', '=', messageId)
        .execute(),
    );
    const [batch] = await inTenant((trx) => listBatches(trx, { date: '2024-03-31' }));

    expect(removed).toEqual({ id: messageId, status: 'removed', releasedInvoices: 1 });
    expect(again).toEqual({ id: messageId, status: 'removed', releasedInvoices: 0 });
    expect(states).toEqual([]);
    expect(batch?.messages).toMatchObject({ total: 2, pending: 1, removed: 1 });
    expect(batch?.totals).toEqual([{ currency: 'EUR', amount: '200.00' }]);
  });

  it('rerun of the same date keeps the removal', async () => {
    const summary = await runOn(testDatabase.database, tenant, '2024-03-31');

    expect(summary.messages.created).toBe(0);
  });

  it('approves pending messages once', async () => {
    const first = await inTenant((trx) => approveBatch(trx, { batchId, actor: ACTOR }));
    const second = await inTenant((trx) => approveBatch(trx, { batchId, actor: ACTOR }));
    const { batch, messages } = await inTenant((trx) => getBatch(trx, { batchId }));
    const audits = await inTenant((trx) =>
      trx
        .selectFrom('audit_events')
        .select('subject_id')
        .where('action', '=', 'message_batch.approved')
        .execute(),
    );

    expect(first).toEqual({
      id: batchId,
      status: 'approved',
      approvedMessageIds: [messageIds.get('D-2')],
    });
    expect(second).toEqual({ id: batchId, status: 'approved', approvedMessageIds: [] });
    expect(batch.status).toBe('approved');
    expect(messages.map((message) => [message.debtor.number, message.status])).toEqual([
      ['D-1', 'removed'],
      ['D-2', 'approved'],
    ]);
    expect(audits).toEqual([{ subject_id: batchId }]);
  });

  it('an approved message cannot be removed', async () => {
    const messageId = messageIds.get('D-2') ?? '';

    await expect(
      inTenant((trx) => removeMessage(trx, { messageId, actor: ACTOR })),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('new messages reopen an approved batch', async () => {
    await inTenant(async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-5' });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'E-1',
        dueDate: '2024-03-01',
        amount: '50.00',
      });
    });

    const summary = await runOn(testDatabase.database, tenant, '2024-03-31');
    const { batch, messages } = await inTenant((trx) => getBatch(trx, { batchId }));

    expect(summary.messages.created).toBe(1);
    expect(batch.status).toBe('pending');
    expect(messages.map((message) => [message.debtor.number, message.status])).toEqual([
      ['D-1', 'removed'],
      ['D-2', 'approved'],
      ['D-5', 'pending'],
    ]);
  });

  it('a later run proposes the removed step again', async () => {
    const summary = await runOn(testDatabase.database, tenant, '2024-04-01');
    const batches = await inTenant((trx) => listBatches(trx, { date: '2024-04-01' }));
    const detail = await inTenant((trx) => getBatch(trx, { batchId: batches[0]?.id ?? '' }));

    expect(summary.byStep).toEqual([{ step: 'Second reminder', channel: 'email', count: 1 }]);
    expect(detail.messages.map((message) => message.debtor.number)).toEqual(['D-1']);
  });
});
