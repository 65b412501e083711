import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../dates/plain-date.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { runDunning } from '../../dunning/run-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { addUser, insertBatch, insertCallTask } from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const RUN_DATE = '2024-03-31';

function run(database: DatabaseHandle, organisationId: string, entity: Entity, asOf: string) {
  return withOrganisation(database, organisationId, (trx) =>
    runDunning(trx, { organisationId, entityId: entity.id, asOf, dryRun: false, actor: 'test' }),
  );
}

describe('debtor hold routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let carlaId: string;
  let nl: Entity;
  let heldDebtorId: string;
  let otherDebtorId: string;
  let runBatchId: string;
  let letterBatchId: string;
  let approvedBatchId: string;
  let belgianBatchId: string;
  let otherOrganisationBatchId: string;
  let otherOrganisationDebtorId: string;
  let openCallTaskId: string;
  let doneCallTaskId: string;
  let otherDebtorCallTaskId: string;
  const sessions: Record<string, LoggedIn> = {};

  const hold = (username: string, batchId: string, debtorId: string, payload: object) =>
    server.app.inject({
      method: 'POST',
      url: `/api/batches/${batchId}/debtors/${debtorId}/hold`,
      headers: sessions[username]?.headers ?? {},
      payload,
    });
  const lift = (username: string, debtorId: string) =>
    server.app.inject({
      method: 'DELETE',
      url: `/api/debtors/${debtorId}/hold`,
      headers: sessions[username]?.headers ?? {},
    });
  const readMessages = (debtorId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('messages')
        .select(['batch_id', 'status'])
        .where('debtor_id', '=', debtorId)
        .orderBy('batch_id')
        .execute(),
    );
  const readHold = (debtorId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('debtors')
        .select(['dunning_hold_reason', 'dunning_hold_until', 'dunning_held_by'])
        .where('id', '=', debtorId)
        .executeTakeFirstOrThrow(),
    );
  const readAudit = (debtorId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('subject_id', '=', debtorId)
        .where('action', 'like', 'debtor.dunning%')
        .orderBy('occurred_at')
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    carlaId = a.userId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    let be: Entity | undefined;
    await withOrganisation(database, organisationId, async (trx) => {
      nl = await buildEntity(trx, organisationId, { code: 'NL01', workingDays: EVERY_DAY });
      be = await buildEntity(trx, organisationId, {
        code: 'BE01',
        country: 'BE',
        workingDays: EVERY_DAY,
      });
      for (const number of ['HELD', 'OTHER']) {
        const debtor = await buildDebtor(trx, nl, { number });
        await trx
          .updateTable('debtors')
          .set({ phone: `+31 20 555 01${number.length}` })
          .where('id', '=', debtor.id)
          .execute();
        await buildInvoice(trx, debtor, {
          number: `INV-${number}`,
          amountMinor: 50_000,
          dueDate: '2024-03-01',
          invoiceDate: '2024-02-01',
        });
        if (number === 'HELD') {
          heldDebtorId = debtor.id;
        } else {
          otherDebtorId = debtor.id;
        }
      }
    });
    await run(database, organisationId, nl, RUN_DATE);
    await withOrganisation(database, organisationId, async (trx) => {
      const batch = await trx
        .selectFrom('message_batches')
        .select('id')
        .where('run_date', '=', RUN_DATE)
        .executeTakeFirstOrThrow();
      runBatchId = batch.id;
      const callTask = (debtorId: string, status?: 'done') =>
        insertCallTask(trx, nl, { debtorId, dueDate: '2024-03-30', total: '500.00', status });
      openCallTaskId = await callTask(heldDebtorId);
      await trx
        .updateTable('call_tasks')
        .set({ note: 'Voicemail', retry_on: '2024-04-01', attempts: 1 })
        .where('id', '=', openCallTaskId)
        .execute();
      doneCallTaskId = await callTask(heldDebtorId, 'done');
      otherDebtorCallTaskId = await callTask(otherDebtorId);
      letterBatchId = await insertBatch(trx, nl, {
        debtorId: heldDebtorId,
        runDate: '2024-03-30',
        channel: 'letter',
        messages: [{ total: '10.00' }, { total: '20.00', status: 'approved' }],
      });
      approvedBatchId = await insertBatch(trx, nl, {
        debtorId: heldDebtorId,
        runDate: '2024-03-29',
        channel: 'sms',
        status: 'approved',
        messages: [{ total: '30.00', status: 'approved' }],
      });
      if (!be) {
        throw new Error('entity BE01 was not created');
      }
      const belgian = await buildDebtor(trx, be, { number: 'BELGIAN' });
      belgianBatchId = await insertBatch(trx, be, {
        debtorId: belgian.id,
        runDate: '2024-03-30',
        messages: [{ total: '40.00' }],
      });
    });
    await addUser(database, organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [be?.id ?? ''],
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const uk = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const debtor = await buildDebtor(trx, uk, { number: 'FOREIGN' });
      otherOrganisationDebtorId = debtor.id;
      otherOrganisationBatchId = await insertBatch(trx, uk, {
        debtorId: debtor.id,
        runDate: '2024-03-30',
        messages: [{ total: '5.00' }],
      });
    });

    await addUser(database, organisationId, { username: 'mona', group: 'manager' });
    await addUser(database, organisationId, { username: 'otto', group: 'auditor' });
    for (const username of ['carla', 'bert', 'mona', 'otto', 'bea']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('hold needs a login', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/batches/${runBatchId}/debtors/${heldDebtorId}/hold`,
      payload: { reason: 'Paying through the administrator' },
    });

    expect(response.statusCode).toBe(401);
  });

  it.each(['mona', 'otto'])('hold needs dunning.manage (%s)', async (username) => {
    const response = await hold(username, runBatchId, heldDebtorId, { reason: 'Call first' });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('dunning.manage');
  });

  it('hold from another organisation is not found', async () => {
    const batchOfA = await hold('bert', runBatchId, heldDebtorId, { reason: 'Call first' });
    const debtorOfA = await hold('bert', otherOrganisationBatchId, heldDebtorId, {
      reason: 'Call first',
    });

    expect(batchOfA.statusCode).toBe(404);
    expect(debtorOfA.statusCode).toBe(404);
  });

  it('hold from other entity not found', async () => {
    const response = await hold('bea', runBatchId, heldDebtorId, { reason: 'Call first' });

    expect(response.statusCode).toBe(404);
  });

  it('debtor of another entity is not found', async () => {
    const response = await hold('carla', belgianBatchId, heldDebtorId, { reason: 'Call first' });

    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('entity of the batch');
  });

  it.each([
    ['an empty reason', { reason: '' }, 'body.reason'],
    ['a blank reason', { reason: '   ' }, 'body.reason'],
    ['a reason too long', { reason: 'x'.repeat(501) }, 'body.reason'],
    ['an invalid date', { reason: 'Call first', until: '2025-02-30' }, 'body.until'],
    ['a date in the past', { reason: 'Call first', until: 'yesterday' }, 'body.until'],
  ])('rejects %s', async (_case, payload, field) => {
    const until =
      'until' in payload && payload.until === 'yesterday'
        ? addDays(todayForEntity(nl, new Date()), -1)
        : (payload as { until?: string }).until;
    const response = await hold('carla', runBatchId, heldDebtorId, { ...payload, until });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe(field);
    expect((await readHold(heldDebtorId)).dunning_hold_reason).toBeNull();
  });

  it('hold from an approved batch is a conflict', async () => {
    const response = await hold('carla', approvedBatchId, heldDebtorId, { reason: 'Call first' });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('hold removes pending messages', async () => {
    const until = addDays(todayForEntity(nl, new Date()), 30);
    const before = await readMessages(heldDebtorId);
    const response = await hold('carla', runBatchId, heldDebtorId, {
      reason: '  Paying through the administrator  ',
      until,
    });
    const after = await readMessages(heldDebtorId);
    const statusIn = (batchId: string) =>
      after.filter((message) => message.batch_id === batchId).map((message) => message.status);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      debtorId: heldDebtorId,
      hold: {
        reason: 'Paying through the administrator',
        until,
        heldBy: { actor: carlaId, name: 'carla' },
      },
      releasedInvoices: 1,
    });
    expect(response.json().removedMessageIds).toHaveLength(2);
    expect(response.json().cancelledCallTaskIds).toEqual([openCallTaskId]);
    expect(before.filter((message) => message.status === 'pending')).toHaveLength(2);
    expect(statusIn(runBatchId)).toEqual(['removed']);
    expect(statusIn(letterBatchId).sort()).toEqual(['approved', 'removed']);
    expect(statusIn(approvedBatchId)).toEqual(['approved']);
    expect((await readMessages(otherDebtorId)).map((message) => message.status)).toEqual([
      'pending',
    ]);
    expect(await readHold(heldDebtorId)).toEqual({
      dunning_hold_reason: 'Paying through the administrator',
      dunning_hold_until: until,
      dunning_held_by: carlaId,
    });
  });

  it('hold cancels open call tasks', async () => {
    const tasks = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('call_tasks')
        .select(['id', 'status', 'note', 'retry_on'])
        .where('id', 'in', [openCallTaskId, doneCallTaskId, otherDebtorCallTaskId])
        .execute(),
    );
    const byId = new Map(tasks.map((task) => [task.id, task]));
    const audit = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'actor', 'before', 'after'])
        .where('subject_id', '=', openCallTaskId)
        .execute(),
    );
    const note =
      'Voicemail\nCancelled because the debtor was held from dunning: Paying through the administrator';

    expect(byId.get(openCallTaskId)).toMatchObject({ status: 'cancelled', note, retry_on: null });
    expect(byId.get(doneCallTaskId)?.status).toBe('done');
    expect(byId.get(otherDebtorCallTaskId)?.status).toBe('open');
    expect(audit).toEqual([
      {
        action: 'call_task.cancelled',
        actor: carlaId,
        before: { status: 'open', note: 'Voicemail', retryOn: '2024-04-01' },
        after: { status: 'cancelled', note, retryOn: null, releasedInvoices: 0 },
      },
    ]);
  });

  it('audits the hold', async () => {
    const [event] = await readAudit(heldDebtorId);

    expect(event).toMatchObject({
      action: 'debtor.dunning_held',
      before: { reason: null, until: null, heldBy: null, heldAt: null },
      after: expect.objectContaining({
        reason: 'Paying through the administrator',
        heldBy: carlaId,
        batchId: runBatchId,
        releasedInvoices: 1,
        cancelledCallTaskIds: [openCallTaskId],
      }),
    });
  });

  it('debtor card shows the hold', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${heldDebtorId}`,
      headers: { cookie: sessions.carla?.cookie ?? '' },
    });

    expect(response.json().debtor.dunningHold).toMatchObject({
      reason: 'Paying through the administrator',
      heldBy: { name: 'carla' },
    });
  });

  it('next dunning run skips the held debtor', async () => {
    const nextRun = '2024-04-15';
    await run(testDatabase.database, organisationId, nl, nextRun);
    const contacted = await withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const messages = await trx
        .selectFrom('messages as m')
        .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
        .select('m.debtor_id')
        .where('r.run_date', '=', nextRun)
        .execute();
      const calls = await trx
        .selectFrom('call_tasks as t')
        .innerJoin('dunning_runs as r', 'r.id', 't.run_id')
        .select('t.debtor_id')
        .where('r.run_date', '=', nextRun)
        .execute();
      return {
        messages: messages.map((row) => row.debtor_id),
        calls: calls.map((row) => row.debtor_id),
      };
    });

    expect(contacted.calls).toEqual([otherDebtorId]);
    expect(contacted.messages).not.toContain(heldDebtorId);
  });

  it('lift needs a login and dunning.manage', async () => {
    const anonymous = await server.app.inject({
      method: 'DELETE',
      url: `/api/debtors/${heldDebtorId}/hold`,
    });
    const manager = await lift('mona', heldDebtorId);

    expect(anonymous.statusCode).toBe(401);
    expect(manager.statusCode).toBe(403);
  });

  it('lift elsewhere is not found', async () => {
    const otherOrganisation = await lift('bert', heldDebtorId);
    const otherEntity = await lift('bea', heldDebtorId);
    const foreignDebtor = await lift('carla', otherOrganisationDebtorId);

    expect(otherOrganisation.statusCode).toBe(404);
    expect(otherEntity.statusCode).toBe(404);
    expect(foreignDebtor.statusCode).toBe(404);
    expect((await readHold(heldDebtorId)).dunning_hold_reason).not.toBeNull();
  });

  it('lifts the hold and audits it', async () => {
    const response = await lift('carla', heldDebtorId);
    const again = await lift('carla', heldDebtorId);
    const events = await readAudit(heldDebtorId);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ debtorId: heldDebtorId, lifted: true });
    expect(again.json()).toEqual({ debtorId: heldDebtorId, lifted: false });
    expect(await readHold(heldDebtorId)).toEqual({
      dunning_hold_reason: null,
      dunning_hold_until: null,
      dunning_held_by: null,
    });
    expect(events.map((event) => event.action)).toEqual([
      'debtor.dunning_held',
      'debtor.dunning_hold_lifted',
    ]);
    expect(events[1]?.before).toMatchObject({ reason: 'Paying through the administrator' });
  });
});
