import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildWizardTenant } from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('fax channel routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  const sessions: Record<string, LoggedIn> = {};

  const putFax = (username: string | undefined, payload: object) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/channels/fax',
      headers: username ? (sessions[username]?.headers ?? {}) : {},
      payload,
    });
  const getChannels = (username: string) =>
    server.app.inject({
      method: 'GET',
      url: '/api/channels',
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const gateway = (addressTemplate: string) => ({
    provider: 'email_gateway',
    settings: { addressTemplate },
  });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const tenant = await buildWizardTenant(database, {
      slug: 'fax',
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'cora', group: 'credit-manager' },
      ],
    });
    organisationId = tenant.organisationId;
    await buildOrganisationWithUser(database, { slug: 'other', username: 'bert' });
    for (const username of ['anna', 'cora', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('stores the gateway with an audit event', async () => {
    const saved = await putFax('anna', gateway('{number}@fax.example.net'));
    const read = await getChannels('anna');
    const audit = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('after')
        .where('action', '=', 'channel.fax_saved')
        .execute(),
    );

    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      provider: 'email_gateway',
      settings: { addressTemplate: '{number}@fax.example.net' },
      hasSecret: false,
    });
    expect(read.json().fax).toMatchObject({
      provider: 'email_gateway',
      settings: { addressTemplate: '{number}@fax.example.net' },
    });
    expect(audit).toHaveLength(1);
  });

  it('rejects another provider', async () => {
    const response = await putFax('anna', {
      provider: 'faxcloud',
      settings: { addressTemplate: '{number}@fax.example.net' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'Invalid fax provider "faxcloud": use email_gateway, the e-mail-to-fax gateway.',
    );
    expect(response.json().error.details).toEqual({ field: 'provider' });
  });

  it('rejects a template without {number}', async () => {
    const response = await putFax('anna', gateway('fax@fax.example.net'));

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'Invalid fax setting settings.addressTemplate: put {number} exactly once in the address, such as {number}@fax.example.net.',
    );
    expect(response.json().error.details).toEqual({ field: 'settings.addressTemplate' });
  });

  it('requires settings.manage', async () => {
    const byCreditManager = await putFax('cora', gateway('x{number}@fax.example.net'));
    const anonymous = await putFax(undefined, gateway('x{number}@fax.example.net'));

    expect(byCreditManager.statusCode).toBe(403);
    expect(anonymous.statusCode).toBe(401);
    expect((await getChannels('anna')).json().fax.settings.addressTemplate).toBe(
      '{number}@fax.example.net',
    );
  });

  it('keeps organisations apart', async () => {
    const other = await getChannels('bert');

    expect(other.statusCode).toBe(200);
    expect(other.json().fax).toBeNull();
  });
});
