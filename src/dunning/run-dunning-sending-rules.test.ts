import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { addEntity, type AddEntityInput } from '../entities/add-entity.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { removeMessage } from './remove-message.ts';
import {
  ACTOR,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestStep,
  type TestTenant,
} from './test-factories.ts';

/** The entity's own calendar: Monday to Friday, Dutch public holidays. */
const DUTCH_CALENDAR = {
  workingDays: [1, 2, 3, 4, 5],
  holidayCalendar: 'NL',
} satisfies Partial<AddEntityInput>;

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

/** Adds a debtor in the tenant's entity with one invoice, in a segment whose profile has `steps`. */
async function debtorWithInvoice(
  tenant: TestTenant,
  values: {
    number: string;
    dueDate: string;
    steps: TestStep[];
    segmentId?: string;
    cocNumber?: string;
  },
): Promise<string> {
  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const segmentId =
      values.segmentId ??
      (await insertProfileSegment(trx, tenant, {
        name: `Profile ${values.number}`,
        steps: values.steps,
      }));
    const debtorId = await insertDebtor(trx, tenant, { number: values.number, segmentId });
    if (values.cocNumber) {
      await trx
        .updateTable('debtors')
        .set({ coc_number: values.cocNumber })
        .where('id', '=', debtorId)
        .execute();
    }
    await insertInvoice(trx, tenant, {
      debtorId,
      number: `${values.number}-1`,
      dueDate: values.dueDate,
      amount: '500.00',
    });
    return segmentId;
  });
}

async function messagesOf(tenant: TestTenant) {
  const messages = await readMessages(testDatabase.database, tenant);
  return messages
    .filter((message) => message.debtorNumber.startsWith(tenant.entity.code))
    .map((message) => [message.runDate, message.debtorNumber, message.step]);
}

async function runRows(tenant: TestTenant) {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('dunning_runs')
      .select(['run_date', 'summary'])
      .where('entity_id', '=', tenant.entity.id)
      .orderBy('run_date')
      .execute(),
  );
}

describe('runDunning on non-sending days', () => {
  it('moves a step due on Saturday to Monday', async () => {
    const tenant = await createTenant(testDatabase.database, 'saturday', {
      code: 'SA',
      ...DUTCH_CALENDAR,
    });
    // Due Monday 2024-02-26: day 5 is Saturday 2024-03-02, day 6 is Sunday 2024-03-03.
    await debtorWithInvoice(tenant, {
      number: 'SA-1',
      dueDate: '2024-02-26',
      steps: [
        { name: 'Day five', dayOffset: 5 },
        { name: 'Day six', dayOffset: 6 },
      ],
    });

    const friday = await runOn(testDatabase.database, tenant, '2024-03-01');
    const saturday = await runOn(testDatabase.database, tenant, '2024-03-02');
    const sunday = await runOn(testDatabase.database, tenant, '2024-03-03');
    const monday = await runOn(testDatabase.database, tenant, '2024-03-04');

    expect(friday.messages.created).toBe(0);
    expect(friday.notSendingDay).toBeUndefined();
    expect(saturday.messages.created).toBe(0);
    expect(saturday.notSendingDay).toEqual({
      reason: 'Saturday is not a working day',
      nextSendingDay: '2024-03-04',
    });
    expect(sunday.notSendingDay?.reason).toBe('Sunday is not a working day');
    expect(monday.messages.created).toBe(1);
    expect(monday.notSendingDay).toBeUndefined();
    // Only the furthest due step: the one due on Saturday is not sent as well.
    expect(await messagesOf(tenant)).toEqual([['2024-03-04', 'SA-1', 'Day six']]);
  });

  it('records the weekend run with its reason', async () => {
    const tenant = await createTenant(testDatabase.database, 'weekend-run', {
      code: 'WR',
      ...DUTCH_CALENDAR,
    });
    await debtorWithInvoice(tenant, {
      number: 'WR-1',
      dueDate: '2024-02-26',
      steps: [{ name: 'Day five', dayOffset: 5 }],
    });

    await runOn(testDatabase.database, tenant, '2024-03-02');

    const runs = await runRows(tenant);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.summary).toMatchObject({
      date: '2024-03-02',
      messages: { created: 0, skipped: 0 },
      notSendingDay: { reason: 'Saturday is not a working day', nextSendingDay: '2024-03-04' },
    });
  });

  it('moves a step due on a Dutch public holiday to the next day', async () => {
    const tenant = await createTenant(testDatabase.database, 'ascension', {
      code: 'AS',
      ...DUTCH_CALENDAR,
    });
    // Ascension Day 2024 is Thursday 9 May; the step falls due on it.
    await debtorWithInvoice(tenant, {
      number: 'AS-1',
      dueDate: '2024-05-02',
      steps: [{ name: 'Week one', dayOffset: 7 }],
    });

    const holiday = await runOn(testDatabase.database, tenant, '2024-05-09');
    const friday = await runOn(testDatabase.database, tenant, '2024-05-10');

    expect(holiday.messages.created).toBe(0);
    expect(holiday.notSendingDay).toEqual({
      reason: 'public holiday: Ascension Day',
      nextSendingDay: '2024-05-10',
    });
    expect(friday.messages.created).toBe(1);
    expect(await messagesOf(tenant)).toEqual([['2024-05-10', 'AS-1', 'Week one']]);
  });

  it('explains a dry run on a closing day', async () => {
    const tenant = await createTenant(testDatabase.database, 'closing-day', {
      code: 'CD',
      ...DUTCH_CALENDAR,
    });
    await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .insertInto('entity_holidays')
        .values({
          organisation_id: tenant.organisationId,
          entity_id: tenant.entity.id,
          holiday: '2024-03-05',
          name: 'Stocktaking',
        })
        .execute(),
    );
    await debtorWithInvoice(tenant, {
      number: 'CD-1',
      dueDate: '2024-02-26',
      steps: [{ name: 'Day eight', dayOffset: 8 }],
    });

    const closed = await runOn(testDatabase.database, tenant, '2024-03-05', true);

    expect(closed.messages.created).toBe(0);
    expect(closed.notSendingDay).toEqual({
      reason: 'closing day of the entity',
      nextSendingDay: '2024-03-06',
    });
  });
});

describe('runDunning due date shift', () => {
  // Due on Sunday 2024-03-03. Counted from that day, day 8 is Monday 2024-03-11;
  // counted from the next working day, Monday 2024-03-04, it is Tuesday 2024-03-12.
  const steps = [{ name: 'Day eight', dayOffset: 8 }];

  it('counts days past due from the next working day', async () => {
    const tenant = await createTenant(testDatabase.database, 'shift-on', {
      code: 'SH',
      ...DUTCH_CALENDAR,
    });
    expect(tenant.entity.shift_due_dates_to_working_day).toBe(true);
    await debtorWithInvoice(tenant, { number: 'SH-1', dueDate: '2024-03-03', steps });

    const monday = await runOn(testDatabase.database, tenant, '2024-03-11');
    const tuesday = await runOn(testDatabase.database, tenant, '2024-03-12');

    expect(monday.messages.created).toBe(0);
    expect(tuesday.messages.created).toBe(1);
  });

  it('counts from the due date itself when turned off', async () => {
    const tenant = await createTenant(testDatabase.database, 'shift-off', {
      code: 'SO',
      ...DUTCH_CALENDAR,
      shiftDueDatesToWorkingDay: false,
    });
    await debtorWithInvoice(tenant, { number: 'SO-1', dueDate: '2024-03-03', steps });

    const monday = await runOn(testDatabase.database, tenant, '2024-03-11');

    expect(monday.messages.created).toBe(1);
  });
});

describe('runDunning weekly contact limit', () => {
  it('counts contacts across entities with the same chamber of commerce number', async () => {
    const first = await createTenant(testDatabase.database, 'contact-limit', { code: 'CA' });
    const second: TestTenant = {
      organisationId: first.organisationId,
      entity: await withOrganisation(testDatabase.database, first.organisationId, (trx) =>
        addEntity(trx, {
          organisationId: first.organisationId,
          actor: ACTOR,
          input: {
            code: 'CB',
            name: 'Entity Two',
            currency: 'EUR',
            country: 'NL',
            workingDays: [1, 2, 3, 4, 5, 6, 7],
            holidayCalendar: null,
            maxContactsPerWeek: 2,
          },
        }),
      ),
    };
    const steps = [
      { name: 'Day one', dayOffset: 1 },
      { name: 'Day two', dayOffset: 2 },
    ];
    // CA-1 gets a message on 4 and 5 March in the first entity.
    const segmentId = await debtorWithInvoice(first, {
      number: 'CA-1',
      dueDate: '2024-03-03',
      cocNumber: '12345678',
      steps,
    });
    // The same company in the second entity, its number written with a space.
    await debtorWithInvoice(second, {
      number: 'CB-1',
      dueDate: '2024-03-05',
      cocNumber: '1234 5678',
      segmentId,
      steps,
    });
    // Another company in the second entity is not limited.
    await debtorWithInvoice(second, {
      number: 'CB-2',
      dueDate: '2024-03-05',
      cocNumber: '87654321',
      segmentId,
      steps,
    });
    await runOn(testDatabase.database, first, '2024-03-04');
    await runOn(testDatabase.database, first, '2024-03-05');

    const limited = await runOn(testDatabase.database, second, '2024-03-06');

    expect(limited.messages.created).toBe(1);
    expect(limited.messages.skipped).toBe(1);
    const runs = await runRows(second);
    const skipped = await withOrganisation(testDatabase.database, first.organisationId, (trx) =>
      trx
        .selectFrom('dunning_runs')
        .select('skipped')
        .where('entity_id', '=', second.entity.id)
        .executeTakeFirstOrThrow(),
    );
    expect(runs).toHaveLength(1);
    expect(skipped.skipped).toEqual([
      {
        debtorId: expect.any(String),
        debtorNumber: 'CB-1',
        currency: 'EUR',
        step: 'Day one',
        reason: 'contact_limit',
        invoices: ['CB-1-1'],
      },
    ]);
    expect(await messagesOf(second)).toEqual([['2024-03-06', 'CB-2', 'Day one']]);

    // A message removed from its batch is no contact: the limit has room again.
    const [removable] = await readMessages(testDatabase.database, first);
    await withOrganisation(testDatabase.database, first.organisationId, (trx) =>
      removeMessage(trx, { messageId: removable?.id ?? '', actor: ACTOR }),
    );
    const afterRemoval = await runOn(testDatabase.database, second, '2024-03-07');

    expect(afterRemoval.messages.created).toBe(2);
    expect(await messagesOf(second)).toEqual([
      ['2024-03-06', 'CB-2', 'Day one'],
      ['2024-03-07', 'CB-1', 'Day two'],
      ['2024-03-07', 'CB-2', 'Day two'],
    ]);
  });

  it('lets the step through once the contacts are a week old', async () => {
    const tenant = await createTenant(testDatabase.database, 'contact-week', {
      code: 'CW',
      maxContactsPerWeek: 1,
    });
    await debtorWithInvoice(tenant, {
      number: 'CW-1',
      dueDate: '2024-03-01',
      steps: [
        { name: 'Day one', dayOffset: 1 },
        { name: 'Day two', dayOffset: 2 },
      ],
    });
    await runOn(testDatabase.database, tenant, '2024-03-02');

    const sameWeek = await runOn(testDatabase.database, tenant, '2024-03-08');
    const nextWeek = await runOn(testDatabase.database, tenant, '2024-03-09');

    expect(sameWeek.messages.created).toBe(0);
    expect(sameWeek.messages.skipped).toBe(1);
    expect(nextWeek.messages.created).toBe(1);
    expect(await messagesOf(tenant)).toEqual([
      ['2024-03-02', 'CW-1', 'Day one'],
      ['2024-03-09', 'CW-1', 'Day two'],
    ]);
  });
});
