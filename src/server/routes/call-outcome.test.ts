import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestPromiseDate } from '../../call-tasks/record-call-outcome.ts';
import {
  isSendingDay,
  loadSendingCalendar,
  nextSendingDay,
  type SendingCalendar,
} from '../../calendar/sending-days.ts';
import { addDays } from '../../dates/plain-date.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity } from '../../debtors/test-factories.ts';
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

const DEBTOR_PHONE = '+31 20 555 0101';
const CONTACT_PHONE = '+31 6 5555 0102';

describe('call outcome route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nl: Entity;
  let today: string;
  let nextSendingDayAfterToday: string;
  let calendar: SendingCalendar;
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
  const readInvalidNumbers = async () => {
    const rows = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('invalid_phone_numbers')
        .select('number')
        .where('debtor_id', '=', debtorId)
        .orderBy('number')
        .execute(),
    );
    return rows.map((row) => row.number);
  };
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
      await trx
        .updateTable('debtors')
        .set({ phone: DEBTOR_PHONE })
        .where('id', '=', debtorId)
        .execute();
      await trx
        .insertInto('contacts')
        .values({
          organisation_id: organisationId,
          debtor_id: debtorId,
          role: 'reminders',
          name: 'Accounts payable',
          phone: CONTACT_PHONE,
        })
        .execute();
      calendar = await loadSendingCalendar(trx, { organisationId, entityId: nl.id });
      nextSendingDayAfterToday = nextSendingDay(calendar, addDays(today, 1));
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
        before: { status: 'open', outcome: null, note: null, attempts: 0, retryOn: null },
        after: {
          status: 'done',
          outcome: 'reached',
          note: 'Will check with accounts',
          attempts: 1,
          retryOn: null,
        },
      },
    ]);
  });

  it('no answer retries next working day', async () => {
    const taskId = await newTask();
    const first = await postOutcome('carla', taskId, { outcome: 'no_answer', note: 'Voicemail' });
    const openTasks = await server.app.inject({
      method: 'GET',
      url: '/api/call-tasks?entity=NL01&status=open&showLater=true',
      headers: { cookie: sessions.carla?.cookie ?? '' },
    });

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'open',
      outcome: 'no_answer',
      note: 'Voicemail',
      attempts: 1,
      retryOn: nextSendingDayAfterToday,
    });
    expect(openTasks.json().map((task: { id: string }) => task.id)).toContain(taskId);
    expect(await readAudit(taskId)).toEqual([
      {
        action: 'call_task.outcome_recorded',
        before: { status: 'open', outcome: null, note: null, attempts: 0, retryOn: null },
        after: {
          status: 'open',
          outcome: 'no_answer',
          note: 'Voicemail',
          attempts: 1,
          retryOn: nextSendingDayAfterToday,
        },
      },
    ]);
  });

  it('no answer takes a retry date', async () => {
    const taskId = await newTask();
    const retryOn = nextSendingDay(calendar, addDays(today, 9));
    const response = await postOutcome('carla', taskId, { outcome: 'no_answer', retryOn });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'open',
      attempts: 1,
      retryOn,
      retryOnMovedFrom: null,
    });
  });

  it('retry on a closed day moves', async () => {
    let closedDay = today;
    while (isSendingDay(calendar, closedDay)) {
      closedDay = addDays(closedDay, 1);
    }
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'no_answer',
      retryOn: closedDay,
    });
    const expected = nextSendingDay(calendar, closedDay);

    expect(response.statusCode).toBe(200);
    expect(expected).not.toBe(closedDay);
    expect(response.json()).toMatchObject({
      status: 'open',
      retryOn: expected,
      retryOnMovedFrom: closedDay,
    });
    expect(
      (await readAudit(taskId)).map((event) => (event.after as { retryOn: string }).retryOn),
    ).toEqual([expected]);
  });

  it('third unanswered call closes the task', async () => {
    const taskId = await newTask();
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      answers.push(
        (await postOutcome('carla', taskId, { outcome: 'no_answer', retryOn: today })).json(),
      );
    }

    const retryOn = nextSendingDay(calendar, today);

    expect(answers.map((answer) => [answer.status, answer.attempts, answer.retryOn])).toEqual([
      ['open', 1, retryOn],
      ['open', 2, retryOn],
      ['done', 3, null],
    ]);
    expect(await readTask(taskId)).toEqual({ status: 'done', outcome: 'no_answer', note: null });
  });

  it('rejects a retry date in the past', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'no_answer',
      retryOn: addDays(today, -1),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.retryOn');
    expect(await readTask(taskId)).toEqual({ status: 'open', outcome: null, note: null });
  });

  it.each([
    ['retryOn', { outcome: 'reached', retryOn: '2099-01-01' }, 'body.retryOn'],
    ['number', { outcome: 'no_answer', number: '+31 20 000 0000' }, 'body.number'],
  ])('rejects %s with another outcome', async (_field, payload, field) => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, payload);

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe(field);
  });

  it('wrong number marks the listed number', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'wrong_number' });
    const card = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${debtorId}`,
      headers: { cookie: sessions.carla?.cookie ?? '' },
    });
    const audit = await readAudit(debtorId);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'done',
      outcome: 'wrong_number',
      debtor: { phone: CONTACT_PHONE },
    });
    expect(card.json().debtor.invalidPhoneNumbers).toEqual([
      expect.objectContaining({
        number: DEBTOR_PHONE,
        callTaskId: taskId,
        flaggedBy: expect.objectContaining({ name: 'carla' }),
      }),
    ]);
    expect(audit).toContainEqual({
      action: 'invalid_phone_number.flagged',
      before: null,
      after: { number: DEBTOR_PHONE, callTaskId: taskId },
    });
  });

  it('wrong number takes the number called', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'wrong_number',
      number: ' (+31) 6.5555-0102 ',
    });
    const numbers = await readInvalidNumbers();

    expect(response.statusCode).toBe(200);
    expect(response.json().debtor.phone).toBeNull();
    expect(numbers).toEqual([DEBTOR_PHONE, CONTACT_PHONE].sort());
  });

  it('wrong number not of the debtor is rejected', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'wrong_number',
      number: '+31 20 000 0000',
    });
    const message: string = response.json().error.message;

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.number');
    expect(message).toContain('+31 20 000 0000');
    expect(message).not.toContain('555');
    expect(await readTask(taskId)).toEqual({ status: 'open', outcome: null, note: null });
    expect(await readInvalidNumbers()).not.toContain('+31 20 000 0000');
  });

  it('wrong number without any number is rejected', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'wrong_number' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.number');
    expect(await readTask(taskId)).toEqual({ status: 'open', outcome: null, note: null });
  });

  it('clear needs debtors.manage', async () => {
    const url = `/api/debtors/${debtorId}/invalid-phone-numbers/${encodeURIComponent(CONTACT_PHONE)}`;
    const anonymous = await server.app.inject({ method: 'DELETE', url });
    const manager = await server.app.inject({
      method: 'DELETE',
      url,
      headers: sessions.mona?.headers ?? {},
    });

    expect(anonymous.statusCode).toBe(401);
    expect(manager.statusCode).toBe(403);
    expect(manager.json().error.message).toContain('debtors.manage');
  });

  it('clear from other organisation not found', async () => {
    const url = `/api/debtors/${debtorId}/invalid-phone-numbers/${encodeURIComponent(CONTACT_PHONE)}`;
    const response = await server.app.inject({
      method: 'DELETE',
      url,
      headers: sessions.bert?.headers ?? {},
    });

    expect(response.statusCode).toBe(404);
    expect(await readInvalidNumbers()).toContain(CONTACT_PHONE);
  });

  it('clears a wrong number and audits it', async () => {
    const url = `/api/debtors/${debtorId}/invalid-phone-numbers/${encodeURIComponent(CONTACT_PHONE)}`;
    const response = await server.app.inject({
      method: 'DELETE',
      url,
      headers: sessions.carla?.headers ?? {},
    });
    const again = await server.app.inject({
      method: 'DELETE',
      url,
      headers: sessions.carla?.headers ?? {},
    });
    const taskId = await newTask();
    const listed = await postOutcome('carla', taskId, { outcome: 'reached' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ debtorId, number: CONTACT_PHONE, cleared: true });
    expect(again.statusCode).toBe(404);
    expect(await readInvalidNumbers()).toEqual([DEBTOR_PHONE]);
    expect(listed.json().debtor.phone).toBe(CONTACT_PHONE);
    expect(await readAudit(debtorId)).toContainEqual({
      action: 'invalid_phone_number.cleared',
      before: expect.objectContaining({ number: CONTACT_PHONE }),
      after: null,
    });
  });

  it('dispute closes the task', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'dispute' });

    expect(response.json()).toMatchObject({ status: 'done', outcome: 'dispute', attempts: 1 });
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

  it('promise removes pending messages in its currency', async () => {
    const { pendingBatch, approvedBatch } = await withOrganisation(
      testDatabase.database,
      organisationId,
      async (trx) => {
        const pending = await insertBatch(trx, nl, {
          debtorId,
          runDate: today,
          messages: [
            { total: '100.00' },
            { total: '50.00' },
            { total: '20.00', status: 'approved' },
          ],
        });
        const approved = await insertBatch(trx, nl, {
          debtorId,
          runDate: today,
          channel: 'letter',
          status: 'approved',
          messages: [{ total: '30.00', status: 'approved' }],
        });
        const [dollars] = await trx
          .selectFrom('messages')
          .select('id')
          .where('batch_id', '=', pending)
          .where('total_minor', '=', 5_000)
          .execute();
        await trx
          .updateTable('messages')
          .set({ currency: 'USD' })
          .where('id', '=', dollars?.id ?? '')
          .execute();
        return { pendingBatch: pending, approvedBatch: approved };
      },
    );
    const readStatuses = () =>
      withOrganisation(testDatabase.database, organisationId, (trx) =>
        trx
          .selectFrom('messages')
          .select(['id', 'batch_id', 'currency', 'total_minor', 'status'])
          .where('batch_id', 'in', [pendingBatch, approvedBatch])
          .orderBy('total_minor')
          .execute(),
      );
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, {
      outcome: 'promise',
      promise: { date: addDays(today, 14), amount: '480.00' },
    });
    const messages = await readStatuses();
    const euroPending = messages.find((message) => message.total_minor === 10_000);

    expect(response.statusCode).toBe(200);
    expect(response.json().removedMessageIds).toEqual([euroPending?.id]);
    expect(messages.map((message) => [message.total_minor, message.status])).toEqual([
      [2_000, 'approved'],
      [3_000, 'approved'],
      [5_000, 'pending'],
      [10_000, 'removed'],
    ]);
    expect(await readAudit(euroPending?.id ?? '')).toEqual([
      expect.objectContaining({ action: 'message.removed' }),
    ]);
  });

  it('other outcomes remove no messages', async () => {
    const taskId = await newTask();
    const response = await postOutcome('carla', taskId, { outcome: 'reached' });

    expect(response.json().removedMessageIds).toEqual([]);
  });

  it('promise may be dated 12 months ahead', async () => {
    const taskId = await newTask();
    const date = latestPromiseDate(today);
    const response = await postOutcome('carla', taskId, {
      outcome: 'promise',
      promise: { date, amount: '1.00' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().promise.promisedDate).toBe(date);
  });

  it.each([
    ['2026-12-05', '2027-12-05'],
    ['2028-02-29', '2029-02-28'],
    ['2026-01-31', '2027-01-31'],
  ])('latest promise date after %s', (from, latest) => {
    expect(latestPromiseDate(from)).toBe(latest);
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
    ['date over 12 months ahead', { date: 'too late', amount: '100.00' }, 'body.promise.date'],
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
        : promise.date === 'too late'
          ? addDays(latestPromiseDate(today), 1)
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
