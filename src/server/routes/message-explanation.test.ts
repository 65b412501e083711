import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/create-user.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { runDunning } from '../../dunning/run-dunning.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('GET /api/messages/:id/explanation', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let anna: LoggedIn;
  let bert: LoggedIn;
  let dora: LoggedIn;
  let emil: LoggedIn;
  let messageId = '';

  const get = (session: LoggedIn | undefined, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      ...(session && { headers: { cookie: session.cookie } }),
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    messageId = await withOrganisation(database, a.organisationId, async (trx) => {
      const entity = await buildEntity(trx, a.organisationId, {
        workingDays: [1, 2, 3, 4, 5, 6, 7],
      });
      const other = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      const debtor = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      const users = [
        { username: 'dora', group: 'dispute-handler', entityIds: null },
        { username: 'emil', group: 'credit-manager', entityIds: [other.id] },
      ];
      for (const user of users) {
        await createUser(trx, {
          organisationId: a.organisationId,
          actor: 'test',
          email: `${user.username}@example.com`,
          name: user.username,
          password: TEST_PASSWORD,
          ...user,
        });
      }
      await runDunning(trx, {
        organisationId: a.organisationId,
        entityId: entity.id,
        asOf: '2025-03-08',
        dryRun: false,
        actor: 'test',
      });
      const message = await trx.selectFrom('messages').select('id').executeTakeFirstOrThrow();
      return message.id;
    });
    anna = await logInAs(server.app, 'anna');
    bert = await logInAs(server.app, 'bert');
    dora = await logInAs(server.app, 'dora');
    emil = await logInAs(server.app, 'emil');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('returns the stored explanation', async () => {
    const response = await get(anna, `/api/messages/${messageId}/explanation`);
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({
      profile: 'Standard',
      step: 'First reminder',
      total: '1000.00',
      scope: 'debtor',
      addsCollectionCosts: false,
      addsInterest: false,
      segment: { name: 'Default', basis: 'default', reason: null },
    });
    expect(body.invoices.map((invoice: { number: string }) => invoice.number)).toEqual(['INV-1']);
    expect(body.reason).toContain('The debtor is in the default segment "Default"');
  });

  it('needs a session', async () => {
    expect((await get(undefined, `/api/messages/${messageId}/explanation`)).statusCode).toBe(401);
  });

  it('needs dunning.read', async () => {
    expect((await get(dora, `/api/messages/${messageId}/explanation`)).statusCode).toBe(403);
  });

  it('hides other entities and organisations', async () => {
    expect((await get(emil, `/api/messages/${messageId}/explanation`)).statusCode).toBe(404);
    expect((await get(bert, `/api/messages/${messageId}/explanation`)).statusCode).toBe(404);
  });

  it('unknown and invalid ids return 404', async () => {
    expect((await get(anna, `/api/messages/${randomUUID()}/explanation`)).statusCode).toBe(404);
    expect((await get(anna, '/api/messages/not-a-uuid/explanation')).statusCode).toBe(400);
  });
});
