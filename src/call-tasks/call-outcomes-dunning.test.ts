import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../dates/plain-date.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { listCallTasks } from '../dunning/list-call-tasks.ts';
import {
  ACTOR,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { recordCallOutcome, type CallOutcomeInput } from './record-call-outcome.ts';

// Dates count from the real today, because outcomes check the promised and
// retry dates against the entity's today at the moment they are recorded.
// The invoices fall due 10 days before today, so the call step is due today,
// the reminder in 3 days and the second call in 6.
let testDatabase: TestDatabase;
let tenant: TestTenant;
let today: string;
const taskOf = new Map<string, string>();

function inTenant<T>(work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

function record(debtorNumber: string, input: CallOutcomeInput) {
  return inTenant((trx) =>
    recordCallOutcome(trx, {
      organisationId: tenant.organisationId,
      actor: ACTOR,
      taskId: taskOf.get(debtorNumber) ?? '',
      input,
      now: new Date(),
    }),
  );
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'outcomes');
  today = todayForEntity(tenant.entity, new Date());
  await inTenant(async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Calls',
      steps: [
        { name: 'Phone call', dayOffset: 10, channel: 'call' },
        { name: 'Reminder', dayOffset: 13, channel: 'email' },
        { name: 'Second call', dayOffset: 16, channel: 'call' },
      ],
    });
    for (const number of ['CONTROL', 'PROMISE', 'WRONG', 'NO-ANSWER']) {
      const debtorId = await insertDebtor(trx, tenant, {
        number,
        segmentId,
        addressLine: 'Kade 1',
        postalCode: '1011 AA',
        city: 'Amsterdam',
      });
      await trx
        .updateTable('debtors')
        .set({ phone: `+31 20 555 ${number.length}00${number.charCodeAt(0)}` })
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
  await runOn(testDatabase.database, tenant, today);
  const tasks = await inTenant((trx) => listCallTasks(trx, { status: 'open' }));
  for (const task of tasks) {
    taskOf.set(task.debtor.number, task.id);
  }
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

describe('call outcomes in the next dunning run', () => {
  it('first run makes one call task each', () => {
    expect([...taskOf.keys()].sort()).toEqual(['CONTROL', 'NO-ANSWER', 'PROMISE', 'WRONG']);
  });

  it('no answer hides the task until its retry date', async () => {
    const recorded = await record('NO-ANSWER', { outcome: 'no_answer' });
    const tomorrow = addDays(today, 1);
    const entityDay = (date: string) => [
      { entityId: tenant.entity.id, entityCode: 'E1', today: date },
    ];
    const listedOn = (date: string) =>
      inTenant((trx) => listCallTasks(trx, { status: 'open', retryBy: entityDay(date) }));

    expect(recorded.task).toMatchObject({ status: 'open', attempts: 1, retryOn: tomorrow });
    expect((await listedOn(today)).map((task) => task.debtor.number)).not.toContain('NO-ANSWER');
    expect((await listedOn(tomorrow)).map((task) => task.debtor.number)).toContain('NO-ANSWER');
  });

  it('promise pauses the reminders until its date', async () => {
    await record('PROMISE', {
      outcome: 'promise',
      promise: { date: addDays(today, 30), amount: '500.00' },
    });
    const runDate = addDays(today, 3);
    await runOn(testDatabase.database, tenant, runDate);
    const onRunDate = (await readMessages(testDatabase.database, tenant)).filter(
      (message) => message.runDate === runDate,
    );

    expect(onRunDate.map((message) => message.debtorNumber)).toContain('CONTROL');
    expect(onRunDate.map((message) => message.debtorNumber)).not.toContain('PROMISE');
  });

  it('wrong number makes the next call step a letter', async () => {
    await record('WRONG', { outcome: 'wrong_number' });
    await runOn(testDatabase.database, tenant, addDays(today, 6));
    const messages = await readMessages(testDatabase.database, tenant);
    const wrong = messages.find(
      (message) => message.debtorNumber === 'WRONG' && message.step === 'Second call',
    );
    const calls = await inTenant((trx) =>
      trx
        .selectFrom('call_tasks as t')
        .innerJoin('steps as s', 's.id', 't.step_id')
        .innerJoin('debtors as d', 'd.id', 't.debtor_id')
        .select(['d.number', 's.name'])
        .where('s.name', '=', 'Second call')
        .execute(),
    );

    expect(wrong).toMatchObject({
      channel: 'letter',
      recipient: expect.stringContaining('Kade 1'),
    });
    expect(calls.map((call) => call.number)).not.toContain('WRONG');
    expect(calls.map((call) => call.number)).toContain('CONTROL');
  });
});
