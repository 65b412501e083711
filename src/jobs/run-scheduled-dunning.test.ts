import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTenant, insertDebtor, insertInvoice } from '../dunning/test-factories.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { runScheduledDunning } from './run-scheduled-dunning.ts';

const logger = createLogger('silent');

describe('scheduled dunning', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase();
    for (const [slug, timeZone] of [
      ['new-york', 'America/New_York'],
      ['berlin', 'Europe/Berlin'],
    ] as const) {
      const tenant = await createTenant(test.database, slug, { timeZone, country: 'US' });
      await withOrganisation(test.database, tenant.organisationId, async (trx) => {
        const debtorId = await insertDebtor(trx, tenant, { number: 'I-77-D' });
        await insertInvoice(trx, tenant, {
          debtorId,
          number: 'I-77',
          dueDate: '2025-03-31',
          amount: '450.00',
          invoiceDate: '2025-03-01',
        });
      });
    }
  });

  afterAll(async () => {
    await test.drop();
  });

  const runDates = () =>
    test.database.db
      .selectFrom('dunning_runs')
      .innerJoin('entities', 'entities.id', 'dunning_runs.entity_id')
      .select(['entities.time_zone', 'dunning_runs.run_date'])
      .orderBy('entities.time_zone')
      .execute();

  it('runs each entity on its own local date', async () => {
    // 13:00 UTC is 09:00 in New York and 15:00 in Berlin on 2025-04-07.
    const totals = await runScheduledDunning(test.database, {
      now: new Date('2025-04-07T13:00:00Z'),
      logger,
    });

    expect(totals).toEqual({ ran: 2, skipped: 0, failed: 0 });
    expect(await runDates()).toEqual([
      { time_zone: 'America/New_York', run_date: '2025-04-07' },
      { time_zone: 'Europe/Berlin', run_date: '2025-04-07' },
    ]);
  });

  it('runs an entity once per local day', async () => {
    const totals = await runScheduledDunning(test.database, {
      now: new Date('2025-04-07T20:00:00Z'),
      logger,
    });

    expect(totals).toEqual({ ran: 0, skipped: 2, failed: 0 });
  });

  it('uses the local date, not the UTC date, after midnight', async () => {
    // 22:30 UTC on 2025-04-07 is already 2025-04-08 in Berlin, still 2025-04-07 in New York.
    const totals = await runScheduledDunning(test.database, {
      now: new Date('2025-04-07T22:30:00Z'),
      logger,
    });

    expect(totals).toEqual({ ran: 1, skipped: 1, failed: 0 });
    expect((await runDates()).map((run) => run.run_date)).toContain('2025-04-08');
  });

  it('sends the +7 reminder on the seventh local day', async () => {
    const messages = await test.database.db
      .selectFrom('messages')
      .innerJoin('steps', 'steps.id', 'messages.step_id')
      .innerJoin('dunning_runs', 'dunning_runs.id', 'messages.run_id')
      .select(['steps.day_offset', 'dunning_runs.run_date'])
      .execute();

    expect(messages).toContainEqual({ day_offset: 7, run_date: '2025-04-07' });
  });
});
