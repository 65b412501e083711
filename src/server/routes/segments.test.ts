import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWizardTenant } from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface SegmentJson {
  id: string;
  name: string;
  priority: number;
  isDefault: boolean;
  rules: Array<{ field: string; operator: string; value: unknown }>;
  profile: { id: string; name: string };
}

interface ProfileJson {
  id: string;
  name: string;
  steps: Array<{ name: string; dayOffset: number; templateKey: string; conditions: object }>;
}

describe('segment and profile routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const send = (
    method: 'POST' | 'PATCH' | 'DELETE',
    username: string,
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: sessions[username]?.headers ?? {},
      ...(payload ? { payload } : {}),
    });
  const segments = async (): Promise<SegmentJson[]> => (await get('anna', '/api/segments')).json();
  const profiles = async (): Promise<ProfileJson[]> => (await get('anna', '/api/profiles')).json();
  const profileId = async (name: string) =>
    (await profiles()).find((profile) => profile.name === name)?.id ?? '';

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    await buildWizardTenant(database, {
      slug: 'a',
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'cora', group: 'credit-manager' },
        { username: 'mona', group: 'manager' },
      ],
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['anna', 'cora', 'mona', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('organisation starts with the default segment', async () => {
    expect(await segments()).toEqual([
      {
        id: expect.any(String),
        name: 'Default',
        priority: 100,
        isDefault: true,
        rules: [],
        profile: { id: expect.any(String), name: 'Standard' },
        debtorCount: 0,
        totals: [],
      },
    ]);
  });

  it('presets list four profiles', async () => {
    const response = await get('anna', '/api/profile-presets');
    const consumers = response.json().find((preset: { key: string }) => preset.key === 'b2c-nl');

    expect(response.json().map((preset: { key: string }) => preset.key)).toEqual([
      'gentle',
      'standard',
      'strict',
      'b2c-nl',
    ]);
    expect(consumers.steps).toContainEqual({
      name: 'Fourteen-day letter',
      dayOffset: 21,
      channel: 'letter',
      templateKey: 'fourteen-day-letter',
      minDaysSincePrevious: 0,
      conditions: { debtorKind: 'b2c' },
    });
  });

  it('profile is created from a preset', async () => {
    const created = await send('POST', 'anna', '/api/profiles', { preset: 'b2c-nl' });
    const again = await send('POST', 'anna', '/api/profiles', { preset: 'b2c-nl' });
    const named = await send('POST', 'anna', '/api/profiles', { preset: 'strict', name: 'Tough' });
    const standard = await send('POST', 'anna', '/api/profiles', { preset: 'standard' });

    expect(created.statusCode).toBe(201);
    expect(created.json().name).toBe('Consumers (NL)');
    expect(created.json().steps.map((step: { dayOffset: number }) => step.dayOffset)).toEqual([
      -3, 7, 21, 40, 47,
    ]);
    expect(created.json().steps[3]).toMatchObject({
      name: 'Final notice',
      minDaysSincePrevious: 17,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('another name');
    expect(named.json().name).toBe('Tough');
    expect(standard.statusCode).toBe(409);
    expect((await profiles()).map((profile) => profile.name)).toEqual([
      'Consumers (NL)',
      'Standard',
      'Tough',
    ]);
  });

  it('profile rejects an unknown preset', async () => {
    const response = await send('POST', 'anna', '/api/profiles', { preset: 'lenient' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('preset');
  });

  it('segment is created with normalised rules', async () => {
    const response = await send('POST', 'anna', '/api/segments', {
      name: 'Dutch consumers',
      priority: 10,
      rules: [
        { field: 'kind', operator: 'equals', value: 'b2c' },
        { field: 'country', operator: 'in', value: 'nl, be' },
        { field: 'riskScore', operator: 'lessThan', value: '80' },
      ],
      profileId: await profileId('Consumers (NL)'),
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: 'Dutch consumers',
      priority: 10,
      isDefault: false,
      rules: [
        { field: 'kind', operator: 'equals', value: 'b2c' },
        { field: 'country', operator: 'in', value: ['NL', 'BE'] },
        { field: 'riskScore', operator: 'lessThan', value: 80 },
      ],
      profile: { name: 'Consumers (NL)' },
    });
    expect((await segments()).map((segment) => segment.name)).toEqual([
      'Dutch consumers',
      'Default',
    ]);
  });

  it('segment rejects invalid rules', async () => {
    const invalid = await send('POST', 'anna', '/api/segments', {
      name: 'Broken',
      rules: [
        { field: 'colour', operator: 'equals', value: 'red' },
        { field: 'kind', operator: 'greaterThan', value: 3 },
      ],
      profileId: await profileId('Tough'),
    });
    const withoutRules = await send('POST', 'anna', '/api/segments', {
      name: 'Everyone',
      rules: [],
      profileId: await profileId('Tough'),
    });
    const unknownProfile = await send('POST', 'anna', '/api/segments', {
      name: 'Lost',
      rules: [{ field: 'kind', operator: 'equals', value: 'b2b' }],
      profileId: '00000000-0000-4000-8000-000000000000',
    });
    const badOperator = await send('POST', 'anna', '/api/segments', {
      name: 'Odd',
      rules: [{ field: 'kind', operator: 'like', value: 'b2b' }],
      profileId: await profileId('Tough'),
    });

    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.problems).toEqual([
      expect.stringContaining('rules.0: field "colour" is unknown'),
      expect.stringContaining('rules.1: kind cannot be compared'),
    ]);
    expect(withoutRules.statusCode).toBe(400);
    expect(withoutRules.json().error.message).toContain('at least one rule');
    expect(unknownProfile.statusCode).toBe(400);
    expect(unknownProfile.json().error.message).toContain('profileId');
    expect(badOperator.statusCode).toBe(400);
    expect(await segments()).toHaveLength(2);
  });

  it('new default replaces the old one', async () => {
    const created = await send('POST', 'anna', '/api/segments', {
      name: 'Everyone else',
      priority: 500,
      isDefault: true,
      profileId: await profileId('Tough'),
    });
    const list = await segments();

    expect(created.statusCode).toBe(201);
    expect(list.filter((segment) => segment.isDefault).map((segment) => segment.name)).toEqual([
      'Everyone else',
    ]);
    expect(list.at(-1)?.name).toBe('Everyone else');
  });

  it('default keeps no rules and cannot be unset', async () => {
    const defaultSegment = (await segments()).find((segment) => segment.isDefault);
    const withRules = await send('PATCH', 'anna', `/api/segments/${defaultSegment?.id}`, {
      rules: [{ field: 'kind', operator: 'equals', value: 'b2b' }],
    });
    const unset = await send('PATCH', 'anna', `/api/segments/${defaultSegment?.id}`, {
      isDefault: false,
    });
    const remove = await send('DELETE', 'anna', `/api/segments/${defaultSegment?.id}`);

    expect(withRules.statusCode).toBe(400);
    expect(withRules.json().error.message).toContain('default segment');
    expect(unset.statusCode).toBe(400);
    expect(remove.statusCode).toBe(409);
  });

  it('segment is changed and deleted', async () => {
    const old = (await segments()).find((segment) => segment.name === 'Default');
    const changed = await send('PATCH', 'anna', `/api/segments/${old?.id}`, {
      name: 'Companies',
      priority: 20,
      rules: [{ field: 'kind', operator: 'equals', value: 'b2b' }],
    });
    const renamedTaken = await send('PATCH', 'anna', `/api/segments/${old?.id}`, {
      name: 'Dutch consumers',
    });
    const deleted = await send('DELETE', 'anna', `/api/segments/${old?.id}`);

    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Companies', priority: 20, isDefault: false });
    expect(renamedTaken.statusCode).toBe(409);
    expect(deleted.statusCode).toBe(204);
    expect((await segments()).map((segment) => segment.name)).toEqual([
      'Dutch consumers',
      'Everyone else',
    ]);
  });

  it('routes require a login', async () => {
    const responses = await Promise.all(
      [
        ['GET', '/api/segments'],
        ['POST', '/api/segments'],
        ['GET', '/api/profiles'],
        ['POST', '/api/profiles'],
        ['GET', '/api/profile-presets'],
      ].map(([method, url]) =>
        server.app.inject({ method: method as 'GET' | 'POST', url: url ?? '', payload: {} }),
      ),
    );

    expect(responses.map((response) => response.statusCode)).toEqual([401, 401, 401, 401, 401]);
  });

  it('reading needs settings.read', async () => {
    for (const url of ['/api/segments', '/api/profiles', '/api/profile-presets']) {
      expect((await get('mona', url)).statusCode, url).toBe(403);
      expect((await get('cora', url)).statusCode, url).toBe(200);
    }
  });

  it('changing needs settings.manage', async () => {
    const segment = (await segments())[0];
    const create = await send('POST', 'cora', '/api/segments', {
      name: 'Mine',
      rules: [{ field: 'kind', operator: 'equals', value: 'b2b' }],
      profileId: await profileId('Tough'),
    });
    const change = await send('PATCH', 'cora', `/api/segments/${segment?.id}`, { priority: 1 });
    const profile = await send('POST', 'cora', '/api/profiles', { preset: 'gentle' });

    expect(create.statusCode).toBe(403);
    expect(change.statusCode).toBe(403);
    expect(profile.statusCode).toBe(403);
  });

  it('other organisation sees and changes nothing', async () => {
    const segment = (await segments()).find((entry) => !entry.isDefault);
    const list = await get('bert', '/api/segments');
    const change = await send('PATCH', 'bert', `/api/segments/${segment?.id}`, { priority: 1 });
    const remove = await send('DELETE', 'bert', `/api/segments/${segment?.id}`);
    const borrow = await send('POST', 'bert', '/api/segments', {
      name: 'Borrowed',
      rules: [{ field: 'kind', operator: 'equals', value: 'b2b' }],
      profileId: await profileId('Tough'),
    });

    expect(list.json().map((entry: SegmentJson) => entry.name)).toEqual(['Default']);
    expect((await get('bert', '/api/profiles')).json()).toHaveLength(1);
    expect(change.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(borrow.statusCode).toBe(400);
  });
});
