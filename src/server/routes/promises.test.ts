import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
} from '../../debtors/test-factories.ts';
import { addUser, insertPromise } from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface PromiseJson {
  entityCode: string;
  debtor: { number: string };
  promisedDate: string;
  amount: string;
  paid: string;
  status: string;
  channel: string;
}

describe('promises route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  const sessions: Record<string, LoggedIn> = {};

  const getPromises = (username: string, query = '') =>
    server.app.inject({
      method: 'GET',
      url: `/api/promises${query}`,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const promises = async (username: string, query = ''): Promise<PromiseJson[]> =>
    (await getPromises(username, query)).json();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    let nlId = '';

    await withOrganisation(database, a.organisationId, async (trx) => {
      const nl = await buildEntity(trx, a.organisationId, { code: 'NL01' });
      const be = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      nlId = nl.id;
      const acme = await buildDebtor(trx, nl, { number: 'N-1', name: 'Acme' });
      const invoice = await buildInvoice(trx, acme, {
        number: 'INV-1',
        amountMinor: 50_000,
        dueDate: '2025-02-01',
      });
      await buildPayment(trx, invoice, { amountMinor: 12_500, paymentDate: '2025-03-03' });
      const brussels = await buildDebtor(trx, be, { number: 'B-1' });
      await insertPromise(trx, nl, {
        debtorId: acme.id,
        promisedDate: '2025-03-10',
        amount: '200.00',
        createdAt: '2025-03-01T09:00:00Z',
      });
      await insertPromise(trx, nl, {
        debtorId: acme.id,
        promisedDate: '2025-02-10',
        amount: '80.00',
        status: 'broken',
        createdAt: '2025-02-01T09:00:00Z',
      });
      await trx
        .updateTable('promises')
        .set({ channel: 'email' })
        .where('amount_minor', '=', 8_000)
        .execute();
      await insertPromise(trx, be, {
        debtorId: brussels.id,
        promisedDate: '2025-03-05',
        amount: '60.00',
        status: 'kept',
      });
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const uk = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const debtor = await buildDebtor(trx, uk, { number: 'U-1' });
      await insertPromise(trx, uk, {
        debtorId: debtor.id,
        promisedDate: '2025-03-05',
        amount: '5.00',
      });
    });
    await addUser(database, a.organisationId, {
      username: 'dirk',
      group: 'dispute-handler',
      department: 'Sales',
    });
    await addUser(database, a.organisationId, {
      username: 'nora',
      group: 'credit-manager',
      entityIds: [nlId],
    });
    for (const username of ['carla', 'bert', 'dirk', 'nora']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('needs a login', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/promises' });

    expect(response.statusCode).toBe(401);
  });

  it('needs debtors.read', async () => {
    const response = await getPromises('dirk');

    expect(response.statusCode).toBe(403);
  });

  it('lists promises by date with payments', async () => {
    const response = await getPromises('carla');

    expect(response.statusCode).toBe(200);
    expect(
      (response.json() as PromiseJson[]).map((promise) => [
        promise.entityCode,
        promise.promisedDate,
        promise.amount,
        promise.paid,
        promise.status,
        promise.channel,
      ]),
    ).toEqual([
      ['NL01', '2025-02-10', '80.00', '0.00', 'broken', 'email'],
      ['BE01', '2025-03-05', '60.00', '0.00', 'kept', 'call'],
      ['NL01', '2025-03-10', '200.00', '125.00', 'open', 'call'],
    ]);
  });

  it('filters by entity and status', async () => {
    const byEntity = await promises('carla', '?entity=NL01');
    const byStatus = await promises('carla', '?status=kept');

    expect(byEntity.map((promise) => promise.promisedDate)).toEqual(['2025-02-10', '2025-03-10']);
    expect(byStatus.map((promise) => promise.entityCode)).toEqual(['BE01']);
  });

  it('rejects an unknown status', async () => {
    const response = await getPromises('carla', '?status=late');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('querystring.status');
  });

  it('limits the list', async () => {
    expect(await promises('carla', '?limit=1')).toHaveLength(1);
  });

  it('user limited to an entity sees only its promises', async () => {
    const body = await promises('nora');

    expect(body.map((promise) => promise.entityCode)).toEqual(['NL01', 'NL01']);
    expect((await getPromises('nora', '?entity=BE01')).statusCode).toBe(404);
  });

  it('another organisation sees none of it', async () => {
    const body = await promises('bert');

    expect(body.map((promise) => promise.entityCode)).toEqual(['UK01']);
    expect((await getPromises('bert', '?entity=NL01')).statusCode).toBe(404);
  });
});
