import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/create-user.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { COMMERCIAL_INTEREST_RATES } from '../../interest/statutory-interest-rates.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface RateTableBody {
  kind: string;
  source: string;
  coveredThrough: string;
  entries: Array<{ validFrom: string; rate: string }>;
  updatedBy: { actor: string; name: string } | null;
  updatedAt: string | null;
}

const UPDATED_TABLE = {
  coveredThrough: '2024-12-31',
  entries: [
    { validFrom: '2023-07-01', rate: '12' },
    { validFrom: '2024-01-01', rate: '12.50' },
    { validFrom: '2024-07-01', rate: '12.25' },
  ],
};

describe('interest rate routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let adminId: string;
  const sessions: Record<string, LoggedIn> = {};

  const getTables = (username?: string) =>
    server.app.inject({
      method: 'GET',
      url: '/api/interest-rates',
      headers: username ? sessions[username]?.headers : {},
    });
  const putTable = (username: string | undefined, kind: string, payload: object) =>
    server.app.inject({
      method: 'PUT',
      url: `/api/interest-rates/${kind}`,
      headers: username ? sessions[username]?.headers : {},
      payload,
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'ada' });
    adminId = a.userId;
    await withOrganisation(database, a.organisationId, async (trx) => {
      for (const [username, group] of [
        ['carla', 'credit-manager'],
        ['dirk', 'dispute-handler'],
      ] as const) {
        await createUser(trx, {
          organisationId: a.organisationId,
          actor: 'test',
          username,
          email: `${username}@example.com`,
          name: username,
          password: TEST_PASSWORD,
          group,
        });
      }
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['ada', 'carla', 'dirk', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  });

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('rejects a request without a session', async () => {
    const read = await getTables();
    const write = await putTable(undefined, 'commercial', UPDATED_TABLE);

    expect(read.statusCode).toBe(401);
    expect(write.statusCode).toBe(401);
  });

  it('rejects a user without settings.read', async () => {
    const response = await getTables('dirk');

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('rejects a save without settings.manage', async () => {
    const response = await putTable('carla', 'commercial', UPDATED_TABLE);

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('settings.manage') },
    });
  });

  it('lists the built-in tables before a save', async () => {
    const response = await getTables('carla');
    const { tables } = response.json() as { tables: RateTableBody[] };

    expect(response.statusCode).toBe(200);
    expect(tables.map((table) => [table.kind, table.source])).toEqual([
      ['consumer', 'built-in'],
      ['commercial', 'built-in'],
    ]);
    const commercial = tables[1];
    expect(commercial?.coveredThrough).toBe(COMMERCIAL_INTEREST_RATES.coveredThrough);
    expect(commercial?.entries).toHaveLength(COMMERCIAL_INTEREST_RATES.entries.length);
    expect(commercial?.entries.at(-1)).toEqual({ validFrom: '2025-07-01', rate: '10.15' });
    expect(commercial?.updatedBy).toBeNull();
  });

  it('saves a table and returns it', async () => {
    const response = await putTable('ada', 'commercial', UPDATED_TABLE);
    const body = response.json() as RateTableBody;

    expect(response.statusCode).toBe(200);
    expect(body.source).toBe('organisation');
    expect(body.coveredThrough).toBe('2024-12-31');
    expect(body.entries).toEqual([
      { validFrom: '2023-07-01', rate: '12.00' },
      { validFrom: '2024-01-01', rate: '12.50' },
      { validFrom: '2024-07-01', rate: '12.25' },
    ]);
    expect(body.updatedBy).toEqual({ actor: adminId, name: 'ada' });
    expect(Date.parse(body.updatedAt ?? '')).not.toBeNaN();
  });

  it('reads the saved table back', async () => {
    const response = await getTables('carla');
    const { tables } = response.json() as { tables: RateTableBody[] };

    expect(tables.map((table) => [table.kind, table.source])).toEqual([
      ['consumer', 'built-in'],
      ['commercial', 'organisation'],
    ]);
    expect(tables[1]?.entries).toHaveLength(3);
  });

  it('keeps the other organisation on the built-in table', async () => {
    const response = await getTables('bert');
    const { tables } = response.json() as { tables: RateTableBody[] };

    expect(response.statusCode).toBe(200);
    expect(tables[1]?.source).toBe('built-in');
    expect(tables[1]?.entries).toHaveLength(COMMERCIAL_INTEREST_RATES.entries.length);
  });

  it.each([
    ['an unknown kind', 'contractual', UPDATED_TABLE, /kind/],
    ['no rates', 'commercial', { coveredThrough: '2024-12-31', entries: [] }, /entries/],
    [
      'a rate with a comma',
      'commercial',
      { coveredThrough: '2024-12-31', entries: [{ validFrom: '2024-01-01', rate: '12,5' }] },
      /entries\.0\.rate: use a percentage from 0\.00 to 100\.00/,
    ],
    [
      'a rate above 100',
      'commercial',
      { coveredThrough: '2024-12-31', entries: [{ validFrom: '2024-01-01', rate: '100.01' }] },
      /entries\.0\.rate/,
    ],
    [
      'an invalid date',
      'commercial',
      { coveredThrough: '2024-13-01', entries: [{ validFrom: '2024-01-01', rate: '8' }] },
      /coveredThrough: use a valid date as YYYY-MM-DD/,
    ],
    [
      'dates out of order',
      'commercial',
      {
        coveredThrough: '2024-12-31',
        entries: [
          { validFrom: '2024-07-01', rate: '8' },
          { validFrom: '2024-01-01', rate: '9' },
        ],
      },
      /entries\.1\.validFrom: 2024-01-01 comes after 2024-07-01; list the rates in date order/,
    ],
    [
      'covered through before the last rate',
      'consumer',
      { coveredThrough: '2024-06-30', entries: [{ validFrom: '2024-07-01', rate: '7' }] },
      /coveredThrough: 2024-06-30 is before the last rate's date 2024-07-01/,
    ],
  ])('rejects %s with 400 and keeps the table', async (_case, kind, payload, message) => {
    const response = await putTable('ada', kind, payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringMatching(message) },
    });
    const { tables } = (await getTables('ada')).json() as { tables: RateTableBody[] };
    expect(tables[0]?.source).toBe('built-in');
    expect(tables[1]?.coveredThrough).toBe('2024-12-31');
  });
});
