import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { listBatches } from './list-batches.ts';
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
let tenantA: TestTenant;
let tenantB: TestTenant;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenantA = await createTenant(testDatabase.database, 'tenant-a');
  tenantB = await createTenant(testDatabase.database, 'tenant-b');
  await withOrganisation(testDatabase.database, tenantA.organisationId, async (trx) => {
    const debtorId = await insertDebtor(trx, tenantA, { number: 'A-1' });
    await insertInvoice(trx, tenantA, {
      debtorId,
      number: 'A-INV-1',
      dueDate: '2024-03-01',
      amount: '100.00',
    });
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

describe('runDunning tenancy', () => {
  it("a run under B cannot reach A's entity", async () => {
    const invoicesSeenByB = await withOrganisation(
      testDatabase.database,
      tenantB.organisationId,
      (trx) =>
        selectOpenInvoices(trx, { entityId: tenantA.entity.id, asOf: '2024-03-31' }).execute(),
    );

    const run = withOrganisation(testDatabase.database, tenantB.organisationId, (trx) =>
      runDunning(trx, {
        organisationId: tenantB.organisationId,
        entityId: tenantA.entity.id,
        asOf: '2024-03-31',
        dryRun: false,
        actor: ACTOR,
      }),
    );

    await expect(run).rejects.toMatchObject({ code: 'not_found' });
    expect(invoicesSeenByB).toEqual([]);
  });

  it("a run of B's entity sees none of A's invoices", async () => {
    const summary = await runOn(testDatabase.database, tenantB, '2024-03-31');

    expect(summary.messages).toEqual({ created: 0, skipped: 0 });
    expect(await readMessages(testDatabase.database, tenantB)).toEqual([]);
  });

  it("A's own run finds its invoice, invisible to B", async () => {
    const summary = await runOn(testDatabase.database, tenantA, '2024-03-31');
    const batchesSeenByB = await withOrganisation(
      testDatabase.database,
      tenantB.organisationId,
      (trx) => listBatches(trx, {}),
    );

    expect(summary.messages).toEqual({ created: 1, skipped: 0 });
    expect(await readMessages(testDatabase.database, tenantA)).toHaveLength(1);
    expect(batchesSeenByB).toEqual([]);
  });
});
