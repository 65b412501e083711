import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('entity payment settings', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let admin: LoggedIn;
  let otherAdmin: LoggedIn;
  let entityId: string;

  const send = (
    session: LoggedIn,
    method: 'GET' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload }),
    });

  const auditEvents = (action: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['before', 'after'])
        .where('action', '=', action)
        .where('subject_id', '=', entityId)
        .orderBy('occurred_at')
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'pay-a', username: 'pay-admin' });
    await buildOrganisationWithUser(database, { slug: 'pay-b', username: 'pay-other' });
    organisationId = a.organisationId;
    await withOrganisation(database, organisationId, async (trx) => {
      entityId = (await buildEntity(trx, organisationId, { code: 'NL01' })).id;
      await trx
        .updateTable('entities')
        .set({ iban: 'NL91ABNA0417164300' })
        .where('id', '=', entityId)
        .execute();
    });
    admin = await logInAs(server.app, 'pay-admin');
    otherAdmin = await logInAs(server.app, 'pay-other');
  }, 120_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('returns the defaults', async () => {
    const response = await send(admin, 'GET', `/api/entities/${entityId}`);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      paymentReferenceScheme: 'rf',
      allocationOrder: 'costs_interest_principal',
      creditorDeductsVat: true,
      vatRateBasisPoints: 2100,
      letterDeliveryWorkingDays: 2,
      arrangementGraceDays: 5,
    });
  });

  it('changes the settings and audits them', async () => {
    const changes = {
      paymentReferenceScheme: 'nl',
      allocationOrder: 'principal_interest_costs',
      creditorDeductsVat: false,
      vatRateBasisPoints: 900,
      letterDeliveryWorkingDays: 3,
      arrangementGraceDays: 10,
    };

    const response = await send(admin, 'PATCH', `/api/entities/${entityId}`, changes);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject(changes);
    const stored = await send(admin, 'GET', `/api/entities/${entityId}`);
    expect(stored.json()).toMatchObject(changes);
    const events = await auditEvents('entity.updated');
    expect(events.at(-1)?.before).toEqual({
      paymentReferenceScheme: 'rf',
      allocationOrder: 'costs_interest_principal',
      creditorDeductsVat: true,
      vatRateBasisPoints: 2100,
      letterDeliveryWorkingDays: 2,
      arrangementGraceDays: 5,
    });
    expect(events.at(-1)?.after).toEqual(changes);
  });

  it('lists every invalid setting', async () => {
    const response = await send(admin, 'PATCH', `/api/entities/${entityId}`, {
      paymentReferenceScheme: 'iso',
      allocationOrder: 'interest_first',
      vatRateBasisPoints: 21.5,
      letterDeliveryWorkingDays: 11,
      arrangementGraceDays: -1,
    });
    const body = response.json();

    expect(response.statusCode).toBe(400);
    expect(body.error.code).toBe('invalid_input');
    const fields = body.error.details.fields.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual([
      'paymentReferenceScheme',
      'allocationOrder',
      'vatRateBasisPoints',
      'letterDeliveryWorkingDays',
      'arrangementGraceDays',
    ]);
    expect(body.error.message).toMatch(/"iso" is not a payment reference scheme. Use rf/);
    expect(body.error.message).toMatch(/21.5 is not a whole number from 0 to 10000/);
    expect(body.error.message).toMatch(/11 is not a whole number from 0 to 10/);
  });

  it('hides the settings from another organisation', async () => {
    const response = await send(otherAdmin, 'PATCH', `/api/entities/${entityId}`, {
      arrangementGraceDays: 7,
    });

    expect(response.statusCode).toBe(404);
  });
});

describe('entity bank accounts', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let admin: LoggedIn;
  let otherAdmin: LoggedIn;
  let entityId: string;

  const accountsUrl = () => `/api/entities/${entityId}/bank-accounts`;
  const put = (session: LoggedIn, bankAccounts: string[]) =>
    server.app.inject({
      method: 'PUT',
      url: accountsUrl(),
      headers: session.headers,
      payload: { bankAccounts },
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'bank-a', username: 'bank-admin' });
    await buildOrganisationWithUser(database, { slug: 'bank-b', username: 'bank-other' });
    organisationId = a.organisationId;
    await withOrganisation(database, organisationId, async (trx) => {
      entityId = (await buildEntity(trx, organisationId, { code: 'NL01' })).id;
      await trx
        .updateTable('entities')
        .set({ iban: 'NL91ABNA0417164300' })
        .where('id', '=', entityId)
        .execute();
    });
    admin = await logInAs(server.app, 'bank-admin');
    otherAdmin = await logInAs(server.app, 'bank-other');
  }, 120_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('stores IBANs in electronic form', async () => {
    const response = await put(admin, ['nl86 ingb 0002 4455 88', 'DE89 3704 0044 0532 0130 00']);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      bankAccounts: ['DE89370400440532013000', 'NL86INGB0002445588'],
    });
    const listed = await server.app.inject({
      method: 'GET',
      url: accountsUrl(),
      headers: admin.headers,
    });
    expect(listed.json()).toEqual({
      bankAccounts: ['DE89370400440532013000', 'NL86INGB0002445588'],
    });
  });

  it('audits the change', async () => {
    await put(admin, ['NL86INGB0002445588']);

    const events = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['before', 'after'])
        .where('action', '=', 'entity.bank_accounts_set')
        .orderBy('occurred_at')
        .execute(),
    );
    expect(events.at(-1)?.before).toEqual({
      bankAccounts: ['DE89370400440532013000', 'NL86INGB0002445588'],
    });
    expect(events.at(-1)?.after).toEqual({ bankAccounts: ['NL86INGB0002445588'] });
  });

  it('rejects invalid, repeated and main IBANs', async () => {
    const response = await put(admin, [
      'NL91ABNA0417164301',
      'NL17RABO0310029597',
      'nl17 rabo 0310 0295 97',
      'NL91ABNA0417164300',
    ]);
    const body = response.json();

    expect(response.statusCode).toBe(400);
    expect(body.error.details.fields).toEqual([
      expect.objectContaining({ field: 'bankAccounts[0]', value: 'NL91ABNA0417164301' }),
      expect.objectContaining({
        field: 'bankAccounts[2]',
        message: expect.stringMatching(/twice/),
      }),
      expect.objectContaining({
        field: 'bankAccounts[3]',
        message: expect.stringMatching(/main IBAN/),
      }),
    ]);
    expect(body.error.message).toMatch(/is not a valid IBAN/);
    const listed = await server.app.inject({
      method: 'GET',
      url: accountsUrl(),
      headers: admin.headers,
    });
    expect(listed.json()).toEqual({ bankAccounts: ['NL86INGB0002445588'] });
  });

  it('clears the accounts', async () => {
    const response = await put(admin, []);

    expect(response.json()).toEqual({ bankAccounts: [] });
  });

  it('hides the accounts from another organisation', async () => {
    expect((await put(otherAdmin, ['NL86INGB0002445588'])).statusCode).toBe(404);
  });
});
