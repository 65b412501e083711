import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestUser } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Tables whose rows belong to the whole organisation rather than to one entity. */
const ORGANISATION_TABLES = [
  'organisations',
  'channel_settings',
  'succession_profiles',
  'steps',
  'segments',
  'business_processes',
  'issue_categories',
  'interest_rate_tables',
  'interest_rates',
  'audit_events',
] as const;

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface SettingsRequest {
  method: Method;
  url: string;
  payload?: object;
}

/**
 * Only users of every entity may change settings that cover every entity.
 * A user limited to some entities gets 403 forbidden on each changing route,
 * even with settings.manage, and no row of the organisation changes. An
 * administrator of every entity succeeds with the same request.
 */
describe('organisation-wide settings scope', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let admin: LoggedIn;
  let limited: LoggedIn;

  const send = (caller: LoggedIn, request: SettingsRequest) =>
    server.app.inject({
      method: request.method,
      url: request.url,
      headers: caller.headers,
      payload: request.payload,
    });

  /** Returns every row of ORGANISATION_TABLES as JSON text, read with access to every entity. */
  const snapshotSettings = () =>
    withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const tables: Record<string, string[]> = {};
      for (const table of ORGANISATION_TABLES) {
        const result = await sql<{ row: string }>`
          select to_jsonb(t)::text as row from ${sql.table(table)} t order by 1`.execute(trx);
        tables[table] = result.rows.map((entry) => entry.row);
      }
      return tables;
    });

  /**
   * Sends `request` as the limited user, then checks the 403 and that the
   * organisation's settings are unchanged. Returns the administrator's
   * response to the same request.
   */
  const expectOnlyAdministrator = async (request: SettingsRequest) => {
    const before = await snapshotSettings();
    const rejected = await send(limited, request);
    const after = await snapshotSettings();

    expect(rejected.statusCode, `${request.method} ${request.url}: ${rejected.body}`).toBe(403);
    expect(rejected.json().error.message).toContain('limited to some entities');
    expect(after).toEqual(before);

    return send(admin, request);
  };

  const firstProfileId = async () => {
    const listed = await server.app.inject({
      method: 'GET',
      url: '/api/profiles',
      headers: admin.headers,
    });
    return (listed.json() as { id: string }[])[0]?.id ?? '';
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database, {
      environment: { SMTP_URL: 'smtp://127.0.0.1:2525' },
    });
    ({ organisationId } = await buildOrganisationWithUser(database, {
      slug: 'scope',
      username: 'anna',
    }));
    const entityId = await withOrganisation(
      database,
      organisationId,
      async (trx) => (await buildEntity(trx, organisationId, { code: 'NL01' })).id,
    );
    await buildTestUser(database, organisationId, {
      username: 'lena',
      group: 'administrator',
      entityIds: [entityId],
    });
    admin = await logInAs(server.app, 'anna');
    limited = await logInAs(server.app, 'lena');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('e-mail channel', async () => {
    const response = await expectOnlyAdministrator({
      method: 'PUT',
      url: '/api/channels/email',
      payload: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        fromAddress: 'billing@example.com',
        fromName: 'Billing',
      },
    });

    expect(response.statusCode, response.body).toBe(200);
  });

  it('e-mail channel test message', async () => {
    const before = await snapshotSettings();
    const rejected = await send(limited, {
      method: 'POST',
      url: '/api/channels/email/test',
      payload: { to: 'lena@example.com' },
    });

    expect(rejected.statusCode).toBe(403);
    expect(await snapshotSettings()).toEqual(before);
  });

  for (const channel of ['sms', 'payment', 'fax'] as const) {
    it(`${channel} channel`, async () => {
      const response = await expectOnlyAdministrator({
        method: 'PUT',
        url: `/api/channels/${channel}`,
        payload: {
          provider: 'email_gateway',
          settings: { addressTemplate: '{number}@fax.example.net' },
          secret: 'not-a-real-secret',
        },
      });

      expect(response.statusCode, response.body).toBe(200);
    });
  }

  it('organisation name', async () => {
    const response = await expectOnlyAdministrator({
      method: 'PATCH',
      url: '/api/organisation',
      payload: { name: 'Renamed' },
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().name).toBe('Renamed');
  });

  it('going live', async () => {
    await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .updateTable('organisations')
        .set({ live_since: null })
        .where('id', '=', organisationId)
        .execute(),
    );

    const response = await expectOnlyAdministrator({
      method: 'POST',
      url: '/api/organisation/go-live',
    });

    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().live).toBe(true);
  });

  it('provisioning progress', async () => {
    const response = await expectOnlyAdministrator({
      method: 'PUT',
      url: '/api/provisioning',
      payload: { currentStep: 'entities', completedStep: 'organisation' },
    });

    expect(response.statusCode, response.body).toBe(200);
  });

  it('interest rate table', async () => {
    const response = await expectOnlyAdministrator({
      method: 'PUT',
      url: '/api/interest-rates/commercial',
      payload: {
        coveredThrough: '2026-12-31',
        entries: [{ validFrom: '2026-01-01', rate: '10.15' }],
      },
    });

    expect(response.statusCode, response.body).toBe(200);
  });

  it('API key of limited user', async () => {
    const created = await send(limited, {
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'rate sync' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const before = await snapshotSettings();

    const rejected = await server.app.inject({
      method: 'PUT',
      url: '/api/interest-rates/consumer',
      headers: { authorization: `Bearer ${created.json().key}` },
      payload: {
        coveredThrough: '2026-12-31',
        entries: [{ validFrom: '2026-01-01', rate: '6.00' }],
      },
    });

    expect(rejected.statusCode, rejected.body).toBe(403);
    expect(await snapshotSettings()).toEqual(before);
  });

  it('succession profiles', async () => {
    const created = await expectOnlyAdministrator({
      method: 'POST',
      url: '/api/profiles',
      payload: { name: 'Scope test' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const profileId = created.json().id as string;

    const updated = await expectOnlyAdministrator({
      method: 'PUT',
      url: `/api/profiles/${profileId}`,
      payload: {
        name: 'Scope test renamed',
        stricterProfileId: null,
        brokenPromisesThreshold: null,
        steps: [],
      },
    });
    expect(updated.statusCode, updated.body).toBe(200);

    const deleted = await expectOnlyAdministrator({
      method: 'DELETE',
      url: `/api/profiles/${profileId}`,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('segments', async () => {
    const profileId = await firstProfileId();
    const created = await expectOnlyAdministrator({
      method: 'POST',
      url: '/api/segments',
      payload: {
        name: 'Consumers',
        priority: 10,
        rules: [{ field: 'kind', operator: 'equals', value: 'b2c' }],
        profileId,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const segmentId = created.json().id as string;

    const changed = await expectOnlyAdministrator({
      method: 'PATCH',
      url: `/api/segments/${segmentId}`,
      payload: { name: 'Private consumers' },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const deleted = await expectOnlyAdministrator({
      method: 'DELETE',
      url: `/api/segments/${segmentId}`,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('business processes', async () => {
    const created = await expectOnlyAdministrator({
      method: 'POST',
      url: '/api/business-processes',
      payload: { name: 'Delivery' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const processId = created.json().id as string;

    const changed = await expectOnlyAdministrator({
      method: 'PATCH',
      url: `/api/business-processes/${processId}`,
      payload: { name: 'Deliveries' },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const presets = await expectOnlyAdministrator({
      method: 'POST',
      url: '/api/business-processes/presets',
    });
    expect(presets.statusCode, presets.body).toBe(200);

    const deleted = await expectOnlyAdministrator({
      method: 'DELETE',
      url: `/api/business-processes/${processId}`,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('issue categories', async () => {
    const process = await send(admin, {
      method: 'POST',
      url: '/api/business-processes',
      payload: { name: 'Quality' },
    });
    expect(process.statusCode, process.body).toBe(201);

    const created = await expectOnlyAdministrator({
      method: 'POST',
      url: `/api/business-processes/${process.json().id}/categories`,
      payload: { name: 'Damaged goods', pausesDunning: true, daysToResolve: 10 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const categoryId = created.json().id as string;

    const changed = await expectOnlyAdministrator({
      method: 'PATCH',
      url: `/api/issue-categories/${categoryId}`,
      payload: { archived: true },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const deleted = await expectOnlyAdministrator({
      method: 'DELETE',
      url: `/api/issue-categories/${categoryId}`,
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
  });

  it('demo data', async () => {
    const rejected = await expectOnlyAdministrator({ method: 'POST', url: '/api/demo' });
    // The organisation has an entity, so even the administrator gets a conflict here.
    expect(rejected.statusCode, rejected.body).toBe(409);

    await buildOrganisationWithUser(testDatabase.database, {
      slug: 'scope-demo',
      username: 'demo-admin',
    });
    const demoAdmin = await logInAs(server.app, 'demo-admin');
    const loaded = await send(demoAdmin, { method: 'POST', url: '/api/demo' });

    expect(loaded.statusCode, loaded.body).toBe(200);
  }, 60_000);
});
