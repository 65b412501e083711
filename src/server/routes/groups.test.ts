import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES, PRESET_GROUP_SLUGS } from '../../access/permissions.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildUser } from '../../users/test-factories.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface GroupItem {
  id: string;
  slug: string;
  name: string;
  permissions: string[];
  startScreen: string;
  preset: string | null;
  userCount: number;
}

describe('group and department routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationA: string;
  let organisationB: string;
  let anna: LoggedIn;
  let audrey: LoggedIn;
  let dirk: LoggedIn;
  let bert: LoggedIn;

  const send = (
    session: LoggedIn | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => server.app.inject({ method, url, headers: session?.headers ?? {}, payload });

  const groupsOf = async (session: LoggedIn) =>
    (await send(session, 'GET', '/api/groups')).json() as GroupItem[];

  const groupBySlug = async (session: LoggedIn, slug: string) => {
    const group = (await groupsOf(session)).find((candidate) => candidate.slug === slug);
    if (!group) {
      throw new Error(`no group ${slug}`);
    }
    return group;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    organisationA = (await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' }))
      .organisationId;
    organisationB = (await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' }))
      .organisationId;
    await buildUser(database, {
      organisationId: organisationA,
      username: 'audrey',
      group: 'auditor',
    });
    await buildUser(database, {
      organisationId: organisationA,
      username: 'dirk',
      group: 'dispute-handler',
    });
    anna = await logInAs(server.app, 'anna');
    audrey = await logInAs(server.app, 'audrey');
    dirk = await logInAs(server.app, 'dirk');
    bert = await logInAs(server.app, 'bert');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  const someId = '00000000-0000-4000-8000-000000000000';
  const readRoutes: Array<['GET', string]> = [
    ['GET', '/api/groups'],
    ['GET', '/api/permissions'],
  ];
  const manageRoutes: Array<['POST' | 'PATCH' | 'DELETE', string]> = [
    ['POST', '/api/groups'],
    ['PATCH', `/api/groups/${someId}`],
    ['DELETE', `/api/groups/${someId}`],
    ['POST', '/api/departments'],
    ['DELETE', `/api/departments/${someId}`],
  ];

  it('routes need a login', async () => {
    const routes = [...readRoutes, ['GET', '/api/departments'] as const, ...manageRoutes];
    for (const [method, url] of routes) {
      const response = await send(undefined, method, url, method === 'GET' ? undefined : {});
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('reading needs users.read', async () => {
    for (const [method, url] of readRoutes) {
      expect((await send(dirk, method, url)).statusCode, url).toBe(403);
      expect((await send(audrey, method, url)).statusCode, url).toBe(200);
    }
  });

  it('changes need users.manage', async () => {
    for (const [method, url] of manageRoutes) {
      const response = await send(audrey, method, url, {});
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('every logged-in user lists departments', async () => {
    const response = await send(dirk, 'GET', '/api/departments');

    expect(response.statusCode).toBe(200);
    expect(response.json().map((department: { name: string }) => department.name)).toEqual([
      'Customer Service',
      'Distribution',
      'Production',
      'Sales',
    ]);
  });

  it('lists presets with user counts', async () => {
    const groups = await groupsOf(anna);
    const administrator = groups.find((group) => group.slug === 'administrator');

    expect(groups.map((group) => group.slug)).toEqual(PRESET_GROUP_SLUGS);
    expect(administrator).toMatchObject({
      preset: 'administrator',
      permissions: PERMISSION_NAMES,
      startScreen: 'home',
      userCount: 1,
    });
    expect(groups.find((group) => group.slug === 'auditor')?.userCount).toBe(1);
  });

  it('permissions list names and descriptions', async () => {
    const response = await send(audrey, 'GET', '/api/permissions');
    const permissions = response.json() as Array<{ name: string; description: string }>;

    expect(permissions.map((permission) => permission.name)).toEqual(PERMISSION_NAMES);
    expect(permissions.find((permission) => permission.name === 'users.manage')?.description).toBe(
      'Invite and change users, user groups, departments and API keys',
    );
  });

  it('creates a group as a copy of a preset', async () => {
    const response = await send(anna, 'POST', '/api/groups', {
      slug: 'senior-handler',
      name: 'Senior dispute handler',
      copyFrom: 'dispute-handler',
    });
    const audit = await withOrganisation(testDatabase.database, organisationA, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'after'])
        .where('action', '=', 'user_group.created')
        .executeTakeFirstOrThrow(),
    );

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      slug: 'senior-handler',
      permissions: ['issues.read', 'issues.manage'],
      startScreen: 'issues',
      preset: null,
      userCount: 0,
    });
    expect(audit.after).toMatchObject({ slug: 'senior-handler', copiedFrom: 'dispute-handler' });
  });

  it('creates a group with its own permissions', async () => {
    const response = await send(anna, 'POST', '/api/groups', {
      slug: 'readers',
      name: 'Readers',
      permissions: ['reports.read', 'debtors.read', 'reports.read'],
      startScreen: 'reports',
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().permissions).toEqual(['debtors.read', 'reports.read']);
  });

  it('rejects unknown permissions, screens and slugs', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ slug: 'x1', name: 'X', permissions: ['debtors.delete'] }, 400, 'unknown permission'],
      [{ slug: 'x2', name: 'X', permissions: [], startScreen: 'dashboard' }, 400, 'startScreen'],
      [{ slug: 'X 3', name: 'X', permissions: [] }, 400, 'slug'],
      [{ slug: 'x4', name: 'X' }, 400, 'permissions'],
      [{ slug: 'x5', name: 'X', copyFrom: 'nobody' }, 400, 'copyFrom'],
      [{ slug: 'auditor', name: 'X', permissions: [] }, 409, 'already exists'],
    ];
    for (const [payload, status, text] of cases) {
      const response = await send(anna, 'POST', '/api/groups', payload);
      expect(response.statusCode, text).toBe(status);
      expect(response.json().error.message, text).toContain(text);
    }
  });

  it('changes a preset group, applied on the next request', async () => {
    const auditor = await groupBySlug(anna, 'auditor');
    const before = await send(audrey, 'GET', '/api/permissions');
    const response = await send(anna, 'PATCH', `/api/groups/${auditor.id}`, {
      name: 'Controller',
      permissions: ['reports.read'],
      startScreen: 'home',
    });
    const after = await send(audrey, 'GET', '/api/permissions');

    expect(before.statusCode).toBe(200);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      slug: 'auditor',
      name: 'Controller',
      permissions: ['reports.read'],
      startScreen: 'home',
      preset: 'auditor',
    });
    expect(after.statusCode).toBe(403);
  });

  it('rejects removing the last users.manage', async () => {
    const administrator = await groupBySlug(anna, 'administrator');
    const response = await send(anna, 'PATCH', `/api/groups/${administrator.id}`, {
      permissions: PERMISSION_NAMES.filter((name) => name !== 'users.manage'),
    });
    const unchanged = await groupBySlug(anna, 'administrator');

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    expect(unchanged.permissions).toContain('users.manage');
  });

  it('allows removing users.manage when another group keeps it', async () => {
    const { database } = testDatabase;
    const c = await buildOrganisationWithUser(database, { slug: 'c', username: 'cora' });
    await withOrganisation(database, c.organisationId, (trx) =>
      trx
        .insertInto('user_groups')
        .values({
          organisation_id: c.organisationId,
          slug: 'user-admins',
          name: 'User admins',
          permissions: ['users.read', 'users.manage'],
          preset: null,
        })
        .execute(),
    );
    await buildUser(database, {
      organisationId: c.organisationId,
      username: 'cees',
      group: 'user-admins',
    });
    const cora = await logInAs(server.app, 'cora');
    const administrator = await groupBySlug(cora, 'administrator');
    const response = await send(cora, 'PATCH', `/api/groups/${administrator.id}`, {
      permissions: ['users.read', 'reports.read'],
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().permissions).toEqual(['users.read', 'reports.read']);
  });

  it('deletes an empty group, never a preset or one in use', async () => {
    const readers = await groupBySlug(anna, 'readers');
    const handlers = await groupBySlug(anna, 'senior-handler');
    const dispute = await groupBySlug(anna, 'dispute-handler');
    await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'hank',
      group: 'senior-handler',
    });
    const deleted = await send(anna, 'DELETE', `/api/groups/${readers.id}`);
    const inUse = await send(anna, 'DELETE', `/api/groups/${handlers.id}`);
    const preset = await send(anna, 'DELETE', `/api/groups/${dispute.id}`);
    const slugs = (await groupsOf(anna)).map((group) => group.slug);

    expect(deleted.statusCode).toBe(204);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.message).toContain('1 user(s)');
    expect(preset.statusCode).toBe(409);
    expect(preset.json().error.message).toContain('preset');
    expect(slugs).not.toContain('readers');
    expect(slugs).toContain('senior-handler');
  });

  it('groups of another organisation are not found', async () => {
    const bertGroup = await groupBySlug(bert, 'manager');
    const patch = await send(anna, 'PATCH', `/api/groups/${bertGroup.id}`, { name: 'Mine' });
    const remove = await send(anna, 'DELETE', `/api/groups/${bertGroup.id}`);
    const unchanged = await groupBySlug(bert, 'manager');

    expect(patch.statusCode).toBe(404);
    expect(remove.statusCode).toBe(404);
    expect(unchanged.name).toBe('Manager');
  });

  it('adds and deletes departments; users lose theirs', async () => {
    const added = await send(anna, 'POST', '/api/departments', { name: 'Legal' });
    const duplicate = await send(anna, 'POST', '/api/departments', { name: 'Legal' });
    const userId = await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'lars',
      group: 'dispute-handler',
      departmentId: added.json().id,
    });
    const deleted = await send(anna, 'DELETE', `/api/departments/${added.json().id}`);
    const again = await send(anna, 'DELETE', `/api/departments/${added.json().id}`);
    const user = await send(anna, 'GET', `/api/users/${userId}`);
    const audit = await withOrganisation(testDatabase.database, organisationA, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('subject_type', '=', 'department')
        .orderBy('occurred_at')
        .execute(),
    );

    expect(added.statusCode).toBe(201);
    expect(added.json().name).toBe('Legal');
    expect(duplicate.statusCode).toBe(409);
    expect(deleted.statusCode).toBe(204);
    expect(again.statusCode).toBe(404);
    expect(user.json().departmentId).toBeNull();
    expect(audit).toEqual([
      { action: 'department.created', before: null, after: { name: 'Legal' } },
      { action: 'department.deleted', before: { name: 'Legal' }, after: null },
    ]);
  });

  it('departments of another organisation are not found', async () => {
    const departments = (await send(bert, 'GET', '/api/departments')).json() as Array<{
      id: string;
    }>;
    const response = await send(anna, 'DELETE', `/api/departments/${departments[0]?.id}`);
    const after = await withOrganisation(testDatabase.database, organisationB, (trx) =>
      trx.selectFrom('departments').select('id').execute(),
    );

    expect(response.statusCode).toBe(404);
    expect(after).toHaveLength(4);
  });
});
