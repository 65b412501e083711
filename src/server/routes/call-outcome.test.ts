import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../dates/plain-date.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity } from '../../debtors/test-factories.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { addUser, insertCallTask } from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('call outcome route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nl: Entity;
  let today: string;
  let debtorId: string;
  let otherEntityTask: string;
  let otherOrganisationTask: string;
  const sessions: Record<string, LoggedIn> = {};

  const postOutcome = (username: string, taskId: string, payload: object) => {
    const session = sessions[username];
    if (!session) {
      throw new Error(`no session for ${username}`);
    }
    return server.app.inject({
      method: 'POST',
      url: `/api/call-tasks/${taskId}/outcome`,
      headers: session.headers,
      payload,
    });
  };
  const newTask = (total = '480.00') =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      insertCallTask(trx, nl, { debtorId, dueDate: today, total }),
    );
  const readTask = (taskId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('call_tasks')
        .select(['status', 'outcome', 'note'])
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow(),
    );
  const readPromises = (taskId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('promises')
        .select(['promised_date', 'amount_minor', 'currency', 'status', 'note', 'debtor_id'])
        .where('call_task_id', '=', taskId)
        .execute(),
    );
  const readAudit = (subjectId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('subject_id', '=', subjectId)
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
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    await withOrganisation(database, organisationId, async (trx) => {
      nl = await buildEntity(trx, organisationId, { code: 'NL01' });
      today = todayForEntity(nl, new Date());
      debtorId = (await buildDebtor(trx, nl, { number: 'N-1', name: 'Acme' })).id;
      const be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
      const brussels = await buildDebtor(trx, be, { number: 'B-1' });
      otherEntityTask = await insertCallTask(trx, be, {
        debtorId: brussels.id,
        dueDate: todayForEntity(be, new Date()),
        total: '40.00',
      });
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const uk = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const debtor = await buildDebtor(trx, uk, { number: 'U-1' });
      otherOrganisationTask = await insertCallTask(trx, uk, {
        debtorId: debtor.id,
        dueDate: todayForEntity(uk, new Date()),
        total: '5.00',
      });
    });

    await addUser(database, organisationId, { username: 'mona', group: 'manager' });
    await addUser(database, organisationId, {
      username: 'nora',
      group: 'credit-manager',
      entityIds: [nl.id],
    });
    for (const username of ['carla', 'bert', 'mona', 'nora']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('needs a login', async () => {
    const taskId = await newTask();
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/call-tasks/${taskId}/outcome`,
      payload: { outcome: 'reached' },
    });

    expect(response.statusCode).toBe(401);
  });

  it('needs calls.manage', async () => {
    const taskId = await newTask();
    const response = await postOutcome('mona', taskId, { outcome: 'reached' });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('calls.manage');
  });

  it('reached closes the task and audits it', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'reached',
      note: '  Will check with accounts  ',
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: taskId,
      status: 'done',
      outcome: 'reached',
      note: 'Will check with accounts',
      promise: null,
    });
    expect(await readAudit(taskId)).toEqual([
      {
        action: 'call_task.outcome_recorded',
        before: { status: 'open', outcome: null, note: null },
        after: { status: 'done', outcome: 'reached', note: 'Will check with accounts' },
      },
    ]);
  });

  it('no answer keeps the task open', async () => {
    const taskId = await newTask();
    await postOutcome('carla', taskId, { outcome: 'no_answer', note: 'Voicemail' });
    const second = await postOutcome('carla', taskId, { outcome: 'no_answer' });
    const openTasks = await server.app.inject({
      method: 'GET',
      url: '/api/call-tasks?entity=NL01&status=open',
      headers: { cookie: sessions.carla?.cookie ?? '' },
    });

    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'open', outcome: 'no_answer', note: null });
    expect(openTasks.json().map((task: { id: string }) => task.id)).toContain(taskId);
    expect((await readAudit(taskId)).map((event) => event.after)).toEqual([
      { status: 'open', outcome: 'no_answer', note: 'Voicemail' },
      { status: 'open', outcome: 'no_answer', note: null },
    ]);
  });

  it('wrong number and dispute close the task', async () => {
    for (const outcome of ['wrong_number', 'dispute']) {
      const taskId = await newTask();
      const response = await postOutcome('carla', taskId, { outcome });

      expect(response.json()).toMatchObject({ status: 'done', outcome });
    }
  });

  it('promise closes the task and records the promise', async () => {
    const taskId = await newTask();
    const date = addDays(today, 7);
    const response = await postOutcome('carla', taskId, {
      outcome: 'promise',
      note: 'Pays half next week',
      promise: { date, amount: '240' },
    });
    const [promise] = await readPromises(taskId);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'done',
      outcome: 'promise',
      promise: {
        promisedDate: date,
        amount: '240.00',
        paid: '0.00',
        currency: 'EUR',
        status: 'open',
        callTaskId: taskId,
        debtor: { id: debtorId, number: 'N-1', name: 'Acme' },
      },
    });
    expect(promise).toEqual({
      promised_date: date,
      amount_minor: 24_000,
      currency: 'EUR',
      status: 'open',
      note: 'Pays half next week',
      debtor_id: debtorId,
    });
    const promiseAudit = await readAudit(response.json().promise.id);
    expect(promiseAudit).toEqual([
      {
        action: 'promise.created',
        before: null,
        after: expect.objectContaining({ promisedDate: date, amount: '240.00', status: 'open' }),
      },
    ]);
  });

  it('promise may be dated today', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'promise',
      promise: { date: today, amount: '1.00' },
    });

    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['date in the past', { date: 'past', amount: '100.00' }, 'body.promise.date'],
    ['amount with comma', { date: 'future', amount: '12,50' }, 'body.promise.amount'],
    ['amount with three decimals', { date: 'future', amount: '1.234' }, 'body.promise.amount'],
    ['amount of zero', { date: 'future', amount: '0.00' }, 'body.promise.amount'],
    ['negative amount', { date: 'future', amount: '-5.00' }, 'body.promise.amount'],
    ['amount of text', { date: 'future', amount: 'soon' }, 'body.promise.amount'],
    ['thousands separator', { date: 'future', amount: '1,250' }, 'body.promise.amount'],
    ['amount too large', { date: 'future', amount: '99999999999999999' }, 'body.promise.amount'],
    ['invalid date', { date: '2025-02-30', amount: '1.00' }, 'body.promise.date'],
  ])('rejects a promise with %s', async (_case, promise, field) => {
    const taskId = await newTask();
    const date =
      promise.date === 'past'
        ? addDays(today, -1)
        : promise.date === 'future'
          ? addDays(today, 3)
          : promise.date;
    const response = await postOutcome('carla', taskId, {
      outcome: 'promise',
      promise: { date, amount: promise.amount },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.json().error.details.fields[0].field).toBe(field);
    expect(await readTask(taskId)).toEqual({ status: 'open', outcome: null, note: null });
    expect(await readPromises(taskId)).toEqual([]);
  });

  it('rejects outcome promise without a promise', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'promise' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.promise');
  });

  it('rejects a promise with another outcome', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'reached',
      promise: { date: addDays(today, 1), amount: '1.00' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.promise');
  });

  it('rejects an unknown outcome', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'maybe' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.outcome');
  });

  it('closed task gets no second outcome', async () => {
    const taskId = await newTask();
    await postOutcome('carla', taskId, { outcome: 'reached' });
    const response = await postOutcome('carla', taskId, { outcome: 'dispute' });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('unknown task is not found', async () => {
    const response = await postOutcome('carla', crypto.randomUUID(), { outcome: 'reached' });

    expect(response.statusCode).toBe(404);
  });

  it('task of another entity is not found', async () => {
    const response = await postOutcome('nora', otherEntityTask, { outcome: 'reached' });

    expect(response.statusCode).toBe(404);
    expect(await postOutcome('carla', otherEntityTask, { outcome: 'no_answer' })).toHaveProperty(
      'statusCode',
      200,
    );
  });

  it('task of another organisation is not found', async () => {
    const response = await postOutcome('carla', otherOrganisationTask, { outcome: 'reached' });

    expect(response.statusCode).toBe(404);
  });
});
