import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { runDunning } from './run-dunning.ts';
import {
  ACTOR,
  createTenant,
  SETUP_TIMEOUT_MS,
  insertDebtor,
  insertInvoice,
  readMessages,
  runOn,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

async function tenantWithOverdueInvoice(slug: string): Promise<TestTenant> {
  const tenant = await createTenant(testDatabase.database, slug);
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const debtorId = await insertDebtor(trx, tenant, { number: 'H-2' });
    await insertInvoice(trx, tenant, {
      debtorId,
      number: 'H-2',
      dueDate: '2024-03-01',
      amount: '200.00',
    });
  });

  return tenant;
}

function countRows(tenant: TestTenant) {
  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const count = async (
      table: 'messages' | 'dunning_states' | 'dunning_runs' | 'message_batches',
    ) =>
      Number(
        (
          await trx
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audits = await trx
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'dunning_run.completed')
      .execute();

    return {
      messages: await count('messages'),
      states: await count('dunning_states'),
      runs: await count('dunning_runs'),
      batches: await count('message_batches'),
      runAudits: audits.length,
    };
  });
}

describe('runDunning repeated', () => {
  it('same date twice creates nothing new', async () => {
    const tenant = await tenantWithOverdueInvoice('same-date');

    const first = await runOn(testDatabase.database, tenant, '2024-03-31');
    const second = await runOn(testDatabase.database, tenant, '2024-03-31');
    const runs = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('dunning_runs').select(['summary']).orderBy('created_at').execute(),
    );

    expect(first.messages).toEqual({ created: 1, skipped: 0 });
    expect(second).toEqual({
      date: '2024-03-31',
      messages: { created: 0, skipped: 0 },
      byStep: [],
    });
    expect(runs.map((run) => run.summary)).toEqual([first, second]);
    expect(await countRows(tenant)).toEqual({
      messages: 1,
      states: 1,
      runs: 2,
      batches: 1,
      runAudits: 2,
    });
  });

  it('rerun after a rolled-back run creates exactly one', async () => {
    const tenant = await tenantWithOverdueInvoice('crash');
    const crashed = withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      await runDunning(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entity.id,
        asOf: '2024-03-31',
        dryRun: false,
        actor: ACTOR,
      });
      throw new Error('simulated crash after the run wrote its rows');
    });

    await expect(crashed).rejects.toThrow('simulated crash');
    expect(await countRows(tenant)).toEqual({
      messages: 0,
      states: 0,
      runs: 0,
      batches: 0,
      runAudits: 0,
    });

    const rerun = await runOn(testDatabase.database, tenant, '2024-03-31');

    expect(rerun.messages.created).toBe(1);
    expect(await readMessages(testDatabase.database, tenant)).toHaveLength(1);
  });

  it('concurrent runs of one date create one message', async () => {
    const tenant = await tenantWithOverdueInvoice('concurrent');

    const summaries = await Promise.all([
      runOn(testDatabase.database, tenant, '2024-03-31'),
      runOn(testDatabase.database, tenant, '2024-03-31'),
    ]);

    expect(summaries.map((summary) => summary.messages.created).sort()).toEqual([0, 1]);
    expect(await readMessages(testDatabase.database, tenant)).toHaveLength(1);
  });

  it('dry run returns the summary and writes nothing', async () => {
    const tenant = await tenantWithOverdueInvoice('dry-run');

    const dry = await runOn(testDatabase.database, tenant, '2024-03-31', true);
    const written = await countRows(tenant);
    const real = await runOn(testDatabase.database, tenant, '2024-03-31');

    expect(dry).toEqual({
      date: '2024-03-31',
      messages: { created: 1, skipped: 0 },
      byStep: [{ step: 'Second reminder', channel: 'email', count: 1 }],
    });
    expect(written).toEqual({ messages: 0, states: 0, runs: 0, batches: 0, runAudits: 0 });
    expect(real).toEqual(dry);
  });
});
