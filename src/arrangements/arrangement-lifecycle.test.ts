import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import {
  ACTOR,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertPayment,
  insertProfileSegment,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { runDunningRespectingGoLive } from '../dunning/run-dunning.ts';
import { renderMessage } from '../messaging/render-message.ts';
import { countBrokenPromises } from '../promises/broken-promises.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createArrangement } from './create-arrangement.ts';
import { evaluateArrangements } from './evaluate-arrangements.ts';
import { listArrangements } from './list-arrangements.ts';

/**
 * Debtor A owes INV-A1 (300.00, due 2025-01-01) and INV-A2 (100.00, due
 * 2025-01-10). Its profile reminds at day 7, 21 and 35. INV-A1 reached
 * the day-7 step on 2025-01-08; on 2025-01-09 both invoices go into an
 * arrangement of 4 monthly instalments of 100.00 from 2025-01-31. The
 * entity breaks an arrangement 5 days after a missed due date.
 */
describe('arrangement lifecycle', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let tenant: TestTenant;
  let debtorA: string;
  let invoiceA1: string;
  let arrangementA: string;

  const run = (asOf: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      runDunningRespectingGoLive(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entity.id,
        asOf,
        dryRun: false,
        actor: ACTOR,
      }),
    );
  const inTenant = <T>(work: Parameters<typeof withOrganisation<T>>[2]) =>
    withOrganisation(database, tenant.organisationId, work);
  const stepMessages = (runDate: string) =>
    inTenant((trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
        .innerJoin('steps as s', 's.id', 'm.step_id')
        .select(['s.name', 'm.explanation'])
        .where('r.run_date', '=', runDate)
        .where('m.debtor_id', '=', debtorA)
        .orderBy('s.day_offset')
        .execute(),
    );
  const instalmentReminders = () =>
    inTenant((trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('instalments as i', 'i.id', 'm.instalment_id')
        .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
        .select(['m.id', 'm.step_id', 'm.channel', 'm.total_minor', 'i.sequence', 'r.run_date'])
        .where('i.arrangement_id', '=', arrangementA)
        .orderBy('i.sequence')
        .execute(),
    );
  const arrangement = async () => {
    const [item] = await inTenant((trx) => listArrangements(trx, { arrangementId: arrangementA }));
    if (!item) {
      throw new Error('arrangement A is missing');
    }
    return item;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    tenant = await createTenant(database, 'arrangement-lifecycle', {
      timeZone: 'Europe/Amsterdam',
    });
    await inTenant(async (trx) => {
      const segmentId = await insertProfileSegment(trx, tenant, {
        name: 'Arrangement test',
        steps: [
          { name: 'reminder-1', dayOffset: 7 },
          { name: 'reminder-2', dayOffset: 21 },
          { name: 'final-notice', dayOffset: 35 },
        ],
      });
      debtorA = await insertDebtor(trx, tenant, { number: 'A', segmentId });
      invoiceA1 = await insertInvoice(trx, tenant, {
        debtorId: debtorA,
        number: 'INV-A1',
        dueDate: '2025-01-01',
        amount: '300.00',
      });
      await insertInvoice(trx, tenant, {
        debtorId: debtorA,
        number: 'INV-A2',
        dueDate: '2025-01-10',
        amount: '100.00',
      });
    });
    await run('2025-01-08');
    arrangementA = await inTenant(async (trx) => {
      const invoices = await trx.selectFrom('invoices').select('id').orderBy('number').execute();
      return createArrangement(trx, {
        organisationId: tenant.organisationId,
        debtorId: debtorA,
        invoiceIds: invoices.map((invoice) => invoice.id),
        instalmentCount: 4,
        frequency: 'monthly',
        firstDueDate: '2025-01-31',
        source: 'card',
        approve: true,
        canApprove: true,
        actor: ACTOR,
        now: new Date('2025-01-09T10:00:00Z'),
      });
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase?.drop();
  });

  it('starts active with an even schedule', async () => {
    const item = await arrangement();

    expect(item.status).toBe('active');
    expect(item.total).toBe('400.00');
    expect(item.instalments.map((instalment) => instalment.dueDate)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
    ]);
    expect(item.instalments.every((instalment) => instalment.amount === '100.00')).toBe(true);
  });

  it('holds the invoices with reason arrangement', async () => {
    const result = await run('2025-01-22');

    expect(result.messages.created).toBe(0);
    expect(result.onHold.map((held) => held.invoiceNumber)).toEqual(['INV-A1', 'INV-A2']);
    for (const held of result.onHold) {
      expect(held.holdReason).toBe('arrangement until 2025-04-30');
    }
  });

  it('reminds an instalment once, in the e-mail batch', async () => {
    await run('2025-01-27');
    expect(await instalmentReminders()).toEqual([]);

    await run('2025-01-28');
    await run('2025-01-29');
    const reminders = await instalmentReminders();

    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      step_id: null,
      channel: 'email',
      total_minor: 10_000,
      sequence: 1,
      run_date: '2025-01-28',
    });
  });

  it('renders the instalment reminder', async () => {
    const [reminder] = await instalmentReminders();
    const rendered = await inTenant((trx) => renderMessage(trx, { messageId: reminder?.id ?? '' }));

    expect(rendered.subject).toContain('Instalment 1 of your payment arrangement');
    expect(rendered.text).toContain('instalment 1 of 4');
    expect(rendered.text).toContain('31 January 2025');
    expect(rendered.text).toMatch(/payment reference RF\d\d/);
    expect(rendered.text).not.toMatch(/undefined|null|\{\{/);
  });

  it('marks an instalment paid when covered', async () => {
    await inTenant((trx) =>
      insertPayment(trx, tenant, {
        debtorId: debtorA,
        invoiceId: invoiceA1,
        date: '2025-01-30',
        amount: '100.00',
      }),
    );
    await run('2025-02-03');
    const item = await arrangement();

    expect(item.instalments[0]).toMatchObject({ status: 'paid', paidOn: '2025-01-30' });
    expect(item.instalments[1]).toMatchObject({ status: 'open', paid: '0.00' });
  });

  it('stays active within the grace days', async () => {
    await run('2025-03-05');

    expect((await arrangement()).status).toBe('active');
  });

  it('breaks after the grace days', async () => {
    await run('2025-03-06');
    const item = await arrangement();
    const promise = await inTenant((trx) =>
      trx
        .selectFrom('promises')
        .select(['status', 'promised_date', 'amount_minor', 'settled_on', 'channel'])
        .where('arrangement_id', '=', arrangementA)
        .executeTakeFirstOrThrow(),
    );
    const tasks = await inTenant((trx) =>
      trx
        .selectFrom('call_tasks')
        .select(['reason', 'due_date', 'total_minor', 'step_id'])
        .where('arrangement_id', '=', arrangementA)
        .execute(),
    );
    const broken = await inTenant((trx) =>
      countBrokenPromises(trx, {
        entityId: tenant.entity.id,
        asOf: '2025-03-06',
        debtorIds: [debtorA],
      }),
    );

    expect(item.status).toBe('broken');
    expect(item.brokenOn).toBe('2025-03-06');
    expect(item.instalments[1]?.status).toBe('missed');
    expect(promise).toEqual({
      status: 'broken',
      promised_date: '2025-02-28',
      amount_minor: 10_000,
      settled_on: '2025-03-06',
      channel: 'other',
    });
    expect(tasks).toEqual([
      { reason: 'broken_arrangement', due_date: '2025-03-06', total_minor: 30_000, step_id: null },
    ]);
    expect(broken.get(debtorA)).toBe(1);
  });

  it('resumes each invoice at its next step', async () => {
    const messages = await stepMessages('2025-03-06');

    expect(messages.map((message) => message.name)).toEqual(['reminder-1', 'reminder-2']);
    const invoicesOf = (index: number) =>
      (messages[index]?.explanation as { invoices: Array<{ number: string }> }).invoices.map(
        (invoice) => invoice.number,
      );
    expect(invoicesOf(0)).toEqual(['INV-A2']);
    expect(invoicesOf(1)).toEqual(['INV-A1']);
  });

  it('keeps the step spacing after the break', async () => {
    await run('2025-03-19');
    expect(await stepMessages('2025-03-19')).toEqual([]);

    await run('2025-03-20');
    const names = (await stepMessages('2025-03-20')).map((message) => message.name);

    expect(names).toEqual(['reminder-2', 'final-notice']);
  });

  it('completes when every instalment is paid', async () => {
    const debtorB = await inTenant(async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'B' });
      const invoiceId = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'INV-B1',
        dueDate: '2025-01-01',
        amount: '200.00',
      });
      const id = await createArrangement(trx, {
        organisationId: tenant.organisationId,
        debtorId,
        invoiceIds: [invoiceId],
        instalmentCount: 2,
        frequency: 'weekly',
        firstDueDate: '2025-02-03',
        source: 'card',
        approve: true,
        canApprove: true,
        actor: ACTOR,
        now: new Date('2025-02-01T10:00:00Z'),
      });
      await insertPayment(trx, tenant, {
        debtorId,
        invoiceId,
        date: '2025-02-03',
        amount: '200.00',
      });
      return id;
    });
    const result = await inTenant((trx) =>
      evaluateArrangements(trx, {
        organisationId: tenant.organisationId,
        now: new Date('2025-02-04T10:00:00Z'),
        actor: ACTOR,
      }),
    );
    const [item] = await inTenant((trx) => listArrangements(trx, { arrangementId: debtorB }));

    expect(result).toEqual({ paid: 2, completed: 1, broken: 0 });
    expect(item?.status).toBe('completed');
    expect(item?.completedOn).toBe('2025-02-04');
    expect(item?.instalments.map((instalment) => instalment.paidOn)).toEqual([
      '2025-02-03',
      '2025-02-03',
    ]);
  });
});
