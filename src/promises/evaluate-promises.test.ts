import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertPayment,
} from '../dunning/test-factories.ts';
import { insertPromise } from '../home/test-factories.ts';
import { runScheduledDunning } from '../jobs/run-scheduled-dunning.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { evaluatePromises } from './evaluate-promises.ts';

/**
 * Each case has its own debtor: a promise of 300.00 to pay by 2025-03-10,
 * made on 2025-03-01 at 09:00 UTC, and the debtor's payments.
 */
const promisedDate = '2025-03-10';
const madeAt = '2025-03-01T09:00:00Z';

describe('promise evaluation', () => {
  let test: TestDatabase;
  let organisationId: string;
  let entity: Entity;
  const promiseOf: Record<string, string> = {};

  const evaluate = (now: string) =>
    withOrganisation(test.database, organisationId, (trx) =>
      evaluatePromises(trx, { organisationId, now: new Date(now), actor: 'system:test' }),
    );
  const statusOf = async (name: string) =>
    withOrganisation(test.database, organisationId, async (trx) => {
      const row = await trx
        .selectFrom('promises')
        .select('status')
        .where('id', '=', promiseOf[name] ?? '')
        .executeTakeFirstOrThrow();
      return row.status;
    });

  beforeAll(async () => {
    test = await createTestDatabase();
    const tenant = await createTenant(test.database, 'promises', {
      timeZone: 'America/New_York',
      country: 'US',
    });
    organisationId = tenant.organisationId;
    entity = tenant.entity;
    const cases: Record<string, Array<{ date: string; amount: string; currency?: string }>> = {
      paidInParts: [
        { date: '2025-03-02', amount: '100.00' },
        { date: '2025-03-05', amount: '200.00' },
      ],
      paidShort: [{ date: '2025-03-04', amount: '200.00' }],
      paidBeforePromise: [{ date: '2025-02-27', amount: '300.00' }],
      paidLate: [{ date: '2025-03-12', amount: '300.00' }],
      paidOtherCurrency: [{ date: '2025-03-03', amount: '300.00', currency: 'USD' }],
      paidOnTheDay: [{ date: '2025-03-10', amount: '300.00' }],
      unpaid: [],
    };

    await withOrganisation(test.database, organisationId, async (trx) => {
      for (const [name, payments] of Object.entries(cases)) {
        const debtorId = await insertDebtor(trx, tenant, { number: name });
        const invoiceId = await insertInvoice(trx, tenant, {
          debtorId,
          number: `INV-${name}`,
          dueDate: '2025-02-01',
          amount: '300.00',
        });
        for (const payment of payments) {
          await insertPayment(trx, tenant, { debtorId, invoiceId, ...payment });
          if (payment.currency) {
            await trx
              .updateTable('payments')
              .set({ currency: payment.currency })
              .where('debtor_id', '=', debtorId)
              .execute();
          }
        }
        promiseOf[name] = await insertPromise(trx, entity, {
          debtorId,
          promisedDate,
          amount: '300.00',
          createdAt: madeAt,
        });
      }
    });
  });

  afterAll(async () => {
    await test.drop();
  });

  it('keeps covered promises before their date', async () => {
    const result = await evaluate('2025-03-06T12:00:00Z');

    expect(result).toEqual({ kept: 2, broken: 0 });
    expect(await statusOf('paidInParts')).toBe('kept');
    expect(await statusOf('paidOnTheDay')).toBe('kept');
    expect(await statusOf('paidShort')).toBe('open');
  });

  it('leaves promises open on the promised date', async () => {
    // 03:00 UTC on 2025-03-11 is still 2025-03-10 in New York.
    const result = await evaluate('2025-03-11T03:00:00Z');

    expect(result).toEqual({ kept: 0, broken: 0 });
    expect(await statusOf('unpaid')).toBe('open');
  });

  it('breaks uncovered promises after the date', async () => {
    const result = await evaluate('2025-03-13T15:00:00Z');

    expect(result).toEqual({ kept: 0, broken: 5 });
    for (const name of [
      'paidShort',
      'paidBeforePromise',
      'paidLate',
      'paidOtherCurrency',
      'unpaid',
    ]) {
      expect(await statusOf(name)).toBe('broken');
    }
  });

  it('records the settlement date and a call task', async () => {
    const rows = await withOrganisation(test.database, organisationId, (trx) =>
      trx
        .selectFrom('promises as p')
        .leftJoin('call_tasks as t', 't.promise_id', 'p.id')
        .select(['p.id', 'p.settled_on', 't.reason', 't.due_date', 't.total_minor'])
        .where('p.id', 'in', [promiseOf.paidInParts ?? '', promiseOf.paidShort ?? ''])
        .execute(),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));

    expect(byId.get(promiseOf.paidInParts ?? '')).toEqual({
      id: promiseOf.paidInParts,
      settled_on: '2025-03-06',
      reason: null,
      due_date: null,
      total_minor: null,
    });
    expect(byId.get(promiseOf.paidShort ?? '')).toEqual({
      id: promiseOf.paidShort,
      settled_on: '2025-03-13',
      reason: 'broken_promise',
      due_date: '2025-03-13',
      total_minor: 10_000,
    });
  });

  it('audits each change with before and after', async () => {
    const events = await withOrganisation(test.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'action', 'subject_id', 'before', 'after'])
        .where('subject_type', '=', 'promise')
        .where('subject_id', 'in', [promiseOf.paidInParts ?? '', promiseOf.paidShort ?? ''])
        .orderBy('action', 'desc')
        .execute(),
    );

    expect(events).toEqual([
      {
        actor: 'system:test',
        action: 'promise.kept',
        subject_id: promiseOf.paidInParts,
        before: { status: 'open' },
        after: { status: 'kept', paid: '300.00' },
      },
      {
        actor: 'system:test',
        action: 'promise.broken',
        subject_id: promiseOf.paidShort,
        before: { status: 'open' },
        after: { status: 'broken', paid: '200.00' },
      },
    ]);
  });

  it('changes nothing when run again', async () => {
    expect(await evaluate('2025-03-14T15:00:00Z')).toEqual({ kept: 0, broken: 0 });
  });

  it('scheduled dunning settles promises', async () => {
    const late = await withOrganisation(test.database, organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, { organisationId, entity }, { number: 'scheduled' });
      return insertPromise(trx, entity, {
        debtorId,
        promisedDate: '2025-03-20',
        amount: '10.00',
        createdAt: '2025-03-15T09:00:00Z',
      });
    });
    promiseOf.scheduled = late;

    await runScheduledDunning(test.database, {
      now: new Date('2025-03-22T15:00:00Z'),
      logger: createLogger('silent'),
    });

    expect(await statusOf('scheduled')).toBe('broken');
  });
});
