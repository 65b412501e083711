import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildUser } from '../../users/test-factories.ts';
import { bearer, buildTestUser, createTestGroup } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/**
 * Users who manage users can grant no more than they have: no group with a
 * permission they lack, no change to their own group, no change to users
 * with more permissions or more entities than they have. API keys carry the
 * entity limit of their creator.
 */
describe('user management privileges', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let annaId: string;
  let keeperId: string;
  let lenaId: string;
  let anna: LoggedIn;
  let keeper: LoggedIn;
  let lena: LoggedIn;
  let keeperKey: Record<string, string>;
  let nl01: string;
  let be01: string;

  type Caller = LoggedIn | Record<string, string>;
  const headersOf = (caller: Caller) =>
    ('headers' in caller ? caller.headers : caller) as Record<string, string>;
  const send = (
    caller: Caller,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => server.app.inject({ method, url, headers: headersOf(caller), payload });

  const invite = (caller: Caller, overrides: Record<string, unknown> = {}) =>
    send(caller, 'POST', '/api/users', {
      username: `user${Math.random().toString(36).slice(2, 10)}`,
      email: 'someone@example.com',
      name: 'Some One',
      language: 'en',
      group: 'user-keeper',
      ...overrides,
    });

  const groupOf = async (userId: string) => {
    const row = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('users as u')
        .innerJoin('user_groups as g', 'g.id', 'u.group_id')
        .select('g.slug')
        .where('u.id', '=', userId)
        .executeTakeFirstOrThrow(),
    );
    return row.slug;
  };

  const groupIdOf = async (slug: string) => {
    const row = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('user_groups')
        .select(['id', 'permissions'])
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  };

  const permissionsOf = async (slug: string) => {
    const row = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('user_groups')
        .select('permissions')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow(),
    );
    return row.permissions;
  };

  const newUser = (username: string, group: string, entityIds?: string[]) =>
    buildTestUser(testDatabase.database, organisationId, { username, group, entityIds });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    ({ organisationId, userId: annaId } = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'anna',
    }));
    await withOrganisation(database, organisationId, async (trx) => {
      nl01 = (await buildEntity(trx, organisationId, { code: 'NL01' })).id;
      be01 = (await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' })).id;
    });
    await createTestGroup(database, organisationId, {
      slug: 'user-keeper',
      permissions: ['users.read', 'users.manage'],
    });
    await createTestGroup(database, organisationId, {
      slug: 'user-reader',
      permissions: ['users.read'],
    });
    keeperId = await newUser('keeper', 'user-keeper');
    lenaId = await newUser('lena', 'administrator', [nl01]);
    anna = await logInAs(server.app, 'anna');
    keeper = await logInAs(server.app, 'keeper');
    lena = await logInAs(server.app, 'lena');
    const created = await send(keeper, 'POST', '/api/api-keys', { name: 'user sync' });
    keeperKey = bearer(created.json().key);
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  describe('groups a caller may assign', () => {
    it('caller cannot change own group', async () => {
      const promote = await send(keeper, 'PATCH', `/api/users/${keeperId}`, {
        group: 'administrator',
      });
      const demote = await send(anna, 'PATCH', `/api/users/${annaId}`, { group: 'auditor' });

      expect(promote.statusCode).toBe(409);
      expect(promote.json().error.message).toContain('cannot change your own group');
      expect(demote.statusCode).toBe(409);
      expect(demote.json().error.message).toContain('cannot change your own group');
      expect(await groupOf(keeperId)).toBe('user-keeper');
      expect(await groupOf(annaId)).toBe('administrator');
    });

    it('own unchanged group passes', async () => {
      const response = await send(keeper, 'PATCH', `/api/users/${keeperId}`, {
        group: 'user-keeper',
        name: 'Keeper K',
      });

      expect(response.statusCode).toBe(200);
      expect(response.json().name).toBe('Keeper K');
    });

    it('invite rejects a wider group', async () => {
      const bySession = await invite(keeper, { group: 'administrator', username: 'would-be' });
      const byKey = await invite(keeperKey, { group: 'administrator', username: 'would-be2' });
      const created = await withOrganisation(testDatabase.database, organisationId, (trx) =>
        trx
          .selectFrom('users')
          .select('id')
          .where('username', 'in', ['would-be', 'would-be2'])
          .execute(),
      );

      for (const response of [bySession, byKey]) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('forbidden');
        expect(response.json().error.message).toContain('settings.manage');
        expect(response.body).not.toContain('token=');
      }
      expect(created).toEqual([]);
    });

    it('invite allows a group within own permissions', async () => {
      const bySession = await invite(keeper, { group: 'user-reader' });
      const byKey = await invite(keeperKey, { group: 'user-keeper' });

      expect(bySession.statusCode).toBe(201);
      expect(byKey.statusCode).toBe(201);
    });

    it('update rejects assigning a wider group', async () => {
      const tomId = await newUser('tom', 'user-reader');
      const wider = await send(keeper, 'PATCH', `/api/users/${tomId}`, { group: 'administrator' });
      const widerByKey = await send(keeperKey, 'PATCH', `/api/users/${tomId}`, {
        group: 'credit-manager',
      });
      const within = await send(keeper, 'PATCH', `/api/users/${tomId}`, { group: 'user-keeper' });

      expect(wider.statusCode).toBe(403);
      expect(wider.json().error.message).toContain('settings.manage');
      expect(widerByKey.statusCode).toBe(403);
      expect(widerByKey.json().error.message).toContain('debtors.read');
      expect(within.statusCode).toBe(200);
      expect(await groupOf(tomId)).toBe('user-keeper');
    });

    it('administrator may assign any group', async () => {
      const ulfId = await newUser('ulf', 'user-reader');
      const response = await send(anna, 'PATCH', `/api/users/${ulfId}`, { group: 'administrator' });

      expect(response.statusCode).toBe(200);
      expect(response.json().group.slug).toBe('administrator');
    });
  });

  describe('users with more permissions', () => {
    it('cannot be changed or deactivated', async () => {
      const adaId = await newUser('ada', 'administrator');
      const rename = await send(keeper, 'PATCH', `/api/users/${adaId}`, { name: 'Mallory' });
      const deactivate = await send(keeperKey, 'PATCH', `/api/users/${adaId}`, {
        isActive: false,
      });
      const demote = await send(keeper, 'PATCH', `/api/users/${adaId}`, { group: 'user-reader' });

      for (const response of [rename, deactivate, demote]) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.message).toContain('cannot change user ada');
        expect(response.json().error.message).toContain('settings.manage');
      }
      expect(await groupOf(adaId)).toBe('administrator');
    });

    it('get no link or TOTP reset', async () => {
      const adaId = await newUser('ada2', 'administrator');
      const invitedAdmin = await invite(anna, { group: 'administrator' });
      const invitedId = invitedAdmin.json().user.id;
      const reset = await send(keeper, 'POST', `/api/users/${adaId}/password-reset`);
      const resetByKey = await send(keeperKey, 'POST', `/api/users/${adaId}/password-reset`);
      const invitation = await send(keeper, 'POST', `/api/users/${invitedId}/invitation`);
      const totp = await send(keeper, 'DELETE', `/api/users/${adaId}/totp`);

      expect(invitedAdmin.statusCode).toBe(201);
      for (const response of [reset, resetByKey, invitation, totp]) {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.message).toContain('settings.manage');
        expect(response.body).not.toContain('token=');
      }
    });

    it('remain readable', async () => {
      const response = await send(keeper, 'GET', `/api/users/${annaId}`);

      expect(response.statusCode).toBe(200);
    });
  });

  describe('group changes', () => {
    it('cannot add a permission the caller lacks', async () => {
      const keeperGroupId = await groupIdOf('user-keeper');
      const byKey = await send(keeperKey, 'PATCH', `/api/groups/${keeperGroupId}`, {
        permissions: ['users.read', 'users.manage', 'settings.manage'],
      });
      const bySession = await send(keeper, 'PATCH', `/api/groups/${keeperGroupId}`, {
        permissions: ['users.read', 'users.manage', 'audit.read'],
      });

      expect(byKey.statusCode).toBe(403);
      expect(byKey.json().error.message).toContain('settings.manage');
      expect(bySession.statusCode).toBe(403);
      expect(bySession.json().error.message).toContain('audit.read');
      expect(await permissionsOf('user-keeper')).toEqual(['users.read', 'users.manage']);
    });

    it('cannot change or delete a wider group', async () => {
      const administratorId = await groupIdOf('administrator');
      const created = await send(anna, 'POST', '/api/groups', {
        slug: 'wide-empty',
        name: 'Wide and empty',
        permissions: ['users.read', 'users.manage', 'reports.read'],
      });
      const rename = await send(keeper, 'PATCH', `/api/groups/${administratorId}`, {
        name: 'Admins',
      });
      const strip = await send(keeperKey, 'PATCH', `/api/groups/${administratorId}`, {
        permissions: ['users.read'],
      });
      const remove = await send(keeper, 'DELETE', `/api/groups/${created.json().id}`);

      expect(created.statusCode).toBe(201);
      expect(rename.statusCode).toBe(403);
      expect(rename.json().error.message).toContain('settings.manage');
      expect(strip.statusCode).toBe(403);
      expect(remove.statusCode).toBe(403);
      expect(remove.json().error.message).toContain('reports.read');
      expect(await groupIdOf('wide-empty')).toBe(created.json().id);
    });

    it('cannot create or copy a wider group', async () => {
      const ownWider = await send(keeper, 'POST', '/api/groups', {
        slug: 'sneaky',
        name: 'Sneaky',
        permissions: ['users.manage', 'settings.manage'],
      });
      const copy = await send(keeperKey, 'POST', '/api/groups', {
        slug: 'sneaky-copy',
        name: 'Sneaky copy',
        copyFrom: 'administrator',
      });
      const copyNarrowed = await send(keeper, 'POST', '/api/groups', {
        slug: 'sneaky-narrow',
        name: 'Narrowed copy',
        copyFrom: 'administrator',
        permissions: ['users.read'],
      });

      expect(ownWider.statusCode).toBe(403);
      expect(ownWider.json().error.message).toContain('settings.manage');
      expect(copy.statusCode).toBe(403);
      expect(copy.json().error.message).toContain('settings.manage');
      expect(copyNarrowed.statusCode).toBe(403);
    });

    it('allows groups within own permissions', async () => {
      const created = await send(keeper, 'POST', '/api/groups', {
        slug: 'readers-too',
        name: 'Readers too',
        copyFrom: 'user-reader',
      });
      const changed = await send(keeperKey, 'PATCH', `/api/groups/${created.json().id}`, {
        permissions: ['users.read', 'users.manage'],
      });
      const removed = await send(keeper, 'DELETE', `/api/groups/${created.json().id}`);

      expect(created.statusCode).toBe(201);
      expect(changed.statusCode).toBe(200);
      expect(removed.statusCode).toBe(204);
    });
  });

  describe('entity-limited callers', () => {
    it('cannot change users with wider entities', async () => {
      const everyId = await newUser('every', 'credit-manager');
      const mixedId = await newUser('mixed', 'credit-manager', [nl01, be01]);
      const belgianId = await newUser('belgian', 'credit-manager', [be01]);
      const cases: Array<[string, string]> = [
        [everyId, 'every entity'],
        [mixedId, be01],
        [belgianId, be01],
      ];

      for (const [userId, reason] of cases) {
        const rename = await send(lena, 'PATCH', `/api/users/${userId}`, { name: 'Changed' });
        const deactivate = await send(lena, 'PATCH', `/api/users/${userId}`, { isActive: false });
        const reset = await send(lena, 'POST', `/api/users/${userId}/password-reset`);
        const totp = await send(lena, 'DELETE', `/api/users/${userId}/totp`);
        for (const response of [rename, deactivate, reset, totp]) {
          expect(response.statusCode, reason).toBe(403);
          expect(response.json().error.message, reason).toContain(reason);
        }
      }
      const every = await send(anna, 'GET', `/api/users/${everyId}`);
      expect(every.json()).toMatchObject({ name: 'User every', isActive: true });
    });

    it('cannot re-invite a user with every entity', async () => {
      const invited = await invite(anna, { group: 'credit-manager' });
      const response = await send(lena, 'POST', `/api/users/${invited.json().user.id}/invitation`);

      expect(invited.statusCode).toBe(201);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('token=');
    });

    it('can change users inside own entities', async () => {
      const insideId = await newUser('inside', 'credit-manager', [nl01]);
      const rename = await send(lena, 'PATCH', `/api/users/${insideId}`, { name: 'Renamed' });
      const reset = await send(lena, 'POST', `/api/users/${insideId}/password-reset`);
      const deactivate = await send(lena, 'PATCH', `/api/users/${insideId}`, { isActive: false });

      expect(rename.statusCode).toBe(200);
      expect(reset.statusCode).toBe(200);
      expect(deactivate.statusCode).toBe(200);
    });

    it('may still list and view every user', async () => {
      const list = await send(lena, 'GET', '/api/users');
      const one = await send(lena, 'GET', `/api/users/${annaId}`);

      expect(list.statusCode).toBe(200);
      expect(list.json().length).toBeGreaterThan(3);
      expect(one.statusCode).toBe(200);
    });
  });

  describe('API key entity limit', () => {
    it('key of a limited user gets its entities', async () => {
      const created = await send(lena, 'POST', '/api/api-keys', { name: 'limited' });
      const key = bearer(created.json().key);
      const stored = await withOrganisation(testDatabase.database, organisationId, (trx) =>
        trx
          .selectFrom('api_keys')
          .select('entity_ids')
          .where('id', '=', created.json().id)
          .executeTakeFirstOrThrow(),
      );
      const listed = await send(anna, 'GET', '/api/api-keys');
      const entities = await send(key, 'GET', '/api/entities');

      expect(created.statusCode).toBe(201);
      expect(created.json().entityIds).toEqual([nl01]);
      expect(stored.entity_ids).toEqual([nl01]);
      const summary = listed.json().find((item: { id: string }) => item.id === created.json().id);
      expect(summary.entityIds).toEqual([nl01]);
      expect(entities.statusCode).toBe(200);
      expect(entities.json().map((entity: { id: string }) => entity.id)).toEqual([nl01]);
    });

    it('limited key obeys the user rules', async () => {
      const created = await send(lena, 'POST', '/api/api-keys', { name: 'limited users' });
      const key = bearer(created.json().key);
      const everyEntity = await invite(key, { group: 'credit-manager' });
      const ownEntity = await invite(key, { group: 'credit-manager', entityIds: [nl01] });
      const touchAdmin = await send(key, 'PATCH', `/api/users/${annaId}`, { name: 'Mallory' });
      const nested = await send(key, 'POST', '/api/api-keys', { name: 'nested' });

      expect(everyEntity.statusCode).toBe(403);
      expect(ownEntity.statusCode).toBe(201);
      expect(touchAdmin.statusCode).toBe(403);
      expect(touchAdmin.json().error.message).toContain('every entity');
      expect(nested.json().entityIds).toEqual([nl01]);
    });

    it('key of an unlimited user has every entity', async () => {
      const created = await send(anna, 'POST', '/api/api-keys', { name: 'every entity' });
      const entities = await send(bearer(created.json().key), 'GET', '/api/entities');

      expect(created.json().entityIds).toBeNull();
      expect(entities.json()).toHaveLength(2);
    });

    it('key outlives its deactivated creator', async () => {
      const creatorId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'leaver',
        group: 'user-keeper',
      });
      const leaver = await logInAs(server.app, 'leaver');
      const created = await send(leaver, 'POST', '/api/api-keys', { name: 'left behind' });
      const deactivated = await send(anna, 'PATCH', `/api/users/${creatorId}`, {
        isActive: false,
      });
      const used = await send(bearer(created.json().key), 'GET', '/api/users');
      const docs = await server.app.inject({ method: 'GET', url: '/api/docs/json' });

      expect(deactivated.statusCode).toBe(200);
      expect(used.statusCode).toBe(200);
      expect(docs.body).toContain('keeps working after its creator is deactivated');
    });
  });

  it('limited caller keeps own reach', async () => {
    const response = await send(lena, 'PATCH', `/api/users/${lenaId}`, { name: 'Lena L' });

    expect(response.statusCode).toBe(200);
  });

  describe('organisation-wide settings', () => {
    it('limited caller cannot change groups', async () => {
      const readerId = await groupIdOf('user-reader');
      const widened = await send(lena, 'PATCH', `/api/groups/${readerId}`, {
        permissions: ['users.read', 'users.manage'],
      });
      const created = await send(lena, 'POST', '/api/groups', {
        slug: 'lena-made',
        name: 'Lena made',
        permissions: ['users.read'],
        startScreen: 'home',
      });
      const deleted = await send(lena, 'DELETE', `/api/groups/${readerId}`);

      expect(widened.statusCode).toBe(403);
      expect(widened.json().error.message).toContain('limited to some entities');
      expect(created.statusCode).toBe(403);
      expect(deleted.statusCode).toBe(403);
      expect(await permissionsOf('user-reader')).toEqual(['users.read']);
    });

    it('limited caller cannot change departments', async () => {
      const added = await send(lena, 'POST', '/api/departments', { name: 'Finance' });

      expect(added.statusCode).toBe(403);
    });

    it('limited caller cannot revoke a wider key', async () => {
      const wide = await send(anna, 'POST', '/api/api-keys', { name: 'wide' });
      const narrow = await send(lena, 'POST', '/api/api-keys', { name: 'narrow' });

      const revokeWide = await send(lena, 'DELETE', `/api/api-keys/${wide.json().id}`);
      const revokeNarrow = await send(lena, 'DELETE', `/api/api-keys/${narrow.json().id}`);
      const wideStillWorks = await send(bearer(wide.json().key), 'GET', '/api/users');

      expect(revokeWide.statusCode).toBe(403);
      expect(revokeNarrow.statusCode).toBe(204);
      expect(wideStillWorks.statusCode).toBe(200);
    });
  });

  describe('own account', () => {
    it('no reset link for oneself', async () => {
      const response = await send(anna, 'POST', `/api/users/${annaId}/password-reset`);

      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toContain('your account settings');
    });

    it('no TOTP switch-off for oneself', async () => {
      const response = await send(anna, 'DELETE', `/api/users/${annaId}/totp`);

      expect(response.statusCode).toBe(403);
    });
  });
});
