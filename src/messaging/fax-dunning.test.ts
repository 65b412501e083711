import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

let testDatabase: TestDatabase;
let tenant: TestTenant;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'fax-dunning', { country: 'NL' });
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Fax',
      steps: [{ name: 'final-notice', dayOffset: 7, channel: 'fax' }],
    });
    const withFax = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
    const withoutFax = await insertDebtor(trx, tenant, { number: 'D-2', segmentId });
    await trx
      .insertInto('contacts')
      .values([
        { organisation_id: tenant.organisationId, debtor_id: withFax, role: 'reminders' },
        {
          organisation_id: tenant.organisationId,
          debtor_id: withFax,
          role: 'general',
          fax: '+31 20 123 4567',
        },
      ])
      .execute();
    for (const [index, debtorId] of [withFax, withoutFax].entries()) {
      await insertInvoice(trx, tenant, {
        debtorId,
        number: `F-${index + 1}`,
        dueDate: '2024-05-03',
        amount: '100.00',
      });
    }
  });
  await runOn(testDatabase.database, tenant, '2024-05-10');
  await runOn(testDatabase.database, tenant, '2024-05-11');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase?.drop();
});

describe('dunning run fax step', () => {
  it('writes fax messages to the contact fax', async () => {
    const messages = await readMessages(testDatabase.database, tenant);

    expect(
      messages.map((message) => [message.debtorNumber, message.channel, message.recipient]),
    ).toEqual([
      ['D-1', 'fax', '+31 20 123 4567'],
      ['D-2', 'fax', null],
    ]);
  });

  it('puts them in a fax batch of the day', async () => {
    const batches = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('message_batches').select(['channel', 'run_date']).execute(),
    );

    expect(batches).toEqual([{ channel: 'fax', run_date: '2024-05-10' }]);
  });
});
