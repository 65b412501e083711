import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  nextClientAddress,
  TEST_PASSWORD,
  type TestServer,
} from './test-server.ts';

describe('session routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    server = await buildTestServer(testDatabase.database);
    await buildOrganisationWithUser(testDatabase.database, { slug: 'a', username: 'anna' });
    await buildOrganisationWithUser(testDatabase.database, { slug: 'b', username: 'bert' });
    await buildOrganisationWithUser(testDatabase.database, { slug: 'c', username: 'carla' });
    await buildOrganisationWithUser(testDatabase.database, { slug: 'd', username: 'dora' });
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  const logIn = (username: string, password: string, remoteAddress = nextClientAddress()) =>
    server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
      remoteAddress,
    });

  it('login sets an httpOnly SameSite=Lax cookie and returns the user', async () => {
    const response = await logIn('Anna', TEST_PASSWORD);
    const cookie = response.cookies.find((candidate) => candidate.name === 'collecta_session');
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ username: 'anna', name: 'anna', language: 'en' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('session stores only the token hash', async () => {
    const session = await logInAs(server.app, 'anna');
    const token = session.cookie.split('=')[1] ?? '';
    const hash = createHash('sha256').update(token).digest('hex');
    const rows = await testDatabase.database.db
      .selectFrom('sessions')
      .select('token_hash')
      .execute();

    expect(rows.map((row) => row.token_hash)).toContain(hash);
    expect(rows.map((row) => row.token_hash)).not.toContain(token);
  });

  it('GET session returns the user and CSRF token', async () => {
    const session = await logInAs(server.app, 'anna');
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: session.cookie },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().user.username).toBe('anna');
    expect(response.json().csrfToken).toBe(session.csrfToken);
  });

  it('wrong password returns 401', async () => {
    const response = await logIn('anna', 'wrong password');

    expect(response.statusCode).toBe(401);
    expect(response.json().error).toEqual({
      code: 'unauthenticated',
      message: 'Invalid username or password.',
    });
  });

  it('unknown username fails like wrong password', async () => {
    const response = await logIn('nobody', TEST_PASSWORD);

    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe('Invalid username or password.');
  });

  it('five failures lock the login', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await logIn('bert', `wrong ${attempt}`);
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
    }
    const locked = await logIn('bert', TEST_PASSWORD);

    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
  });

  it('login works again when the lock has passed', async () => {
    await testDatabase.database.db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('username', '=', 'bert')
      .execute();
    const response = await logIn('bert', TEST_PASSWORD);
    const user = await testDatabase.database.db
      .selectFrom('users')
      .select(['failed_logins', 'locked_until'])
      .where('username', '=', 'bert')
      .executeTakeFirstOrThrow();

    expect(response.statusCode).toBe(200);
    expect(user).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('a success resets the failure count', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await logIn('carla', `wrong ${attempt}`);
    }
    await logIn('carla', TEST_PASSWORD);
    const afterReset = await logIn('carla', 'wrong again');
    const stillOpen = await logIn('carla', TEST_PASSWORD);

    expect(afterReset.statusCode).toBe(401);
    expect(stillOpen.statusCode).toBe(200);
  });

  it('rate limit stops the eleventh attempt a minute', async () => {
    const address = nextClientAddress();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt += 1) {
      statuses.push((await logIn(`ghost${attempt}`, 'x', address)).statusCode);
    }
    const otherAddress = await logIn('anna', TEST_PASSWORD);

    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    expect(otherAddress.statusCode).toBe(200);
  });

  it('non-GET without CSRF token returns 403', async () => {
    const session = await logInAs(server.app, 'anna');
    const missing = await server.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: session.cookie },
    });
    const wrong = await server.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie: session.cookie, 'x-csrf-token': `${session.csrfToken}x` },
    });

    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    expect(wrong.statusCode).toBe(403);
  });

  it('logout ends the session', async () => {
    const session = await logInAs(server.app, 'anna');
    const logout = await server.app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: session.headers,
    });
    const after = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: session.cookie },
    });

    expect(logout.statusCode).toBe(204);
    expect(logout.headers['set-cookie']).toContain('collecta_session=;');
    expect(after.statusCode).toBe(401);
  });

  it('password change checks the current password', async () => {
    const session = await logInAs(server.app, 'dora');
    const change = (currentPassword: string, newPassword: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/session/password',
        headers: session.headers,
        payload: { currentPassword, newPassword },
      });
    const wrong = await change('not my password', 'a brand new password');
    const tooShort = await change(TEST_PASSWORD, 'short');

    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('forbidden');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.details.fields[0].field).toBe('body.newPassword');
  });

  it('password change ends other sessions', async () => {
    const current = await logInAs(server.app, 'dora');
    const other = await logInAs(server.app, 'dora');
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/session/password',
      headers: current.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' },
    });
    const stillIn = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: current.cookie },
    });
    const loggedOut = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: other.cookie },
    });
    const oldPassword = await logIn('dora', TEST_PASSWORD);
    const newPassword = await logIn('dora', 'a brand new password');

    expect(response.statusCode).toBe(204);
    expect(stillIn.statusCode).toBe(200);
    expect(loggedOut.statusCode).toBe(401);
    expect(oldPassword.statusCode).toBe(401);
    expect(newPassword.statusCode).toBe(200);
  });

  it('expired session returns 401', async () => {
    const session = await logInAs(server.app, 'anna');
    const hash = createHash('sha256')
      .update(session.cookie.split('=')[1] ?? '')
      .digest('hex');
    await testDatabase.database.db
      .updateTable('sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('token_hash', '=', hash)
      .execute();
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: session.cookie },
    });

    expect(response.statusCode).toBe(401);
  });

  it('logs contain no secrets', async () => {
    const session = await logInAs(server.app, 'anna');
    await logIn('anna', 'a wrong secret password');
    await server.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: `{"username":"anna","password":"${TEST_PASSWORD}"`,
      remoteAddress: nextClientAddress(),
    });
    await server.app.inject({ method: 'GET', url: '/api/entities', headers: session.headers });
    await server.app.inject({ method: 'DELETE', url: '/api/session', headers: session.headers });
    const log = server.logLines.join('');
    const token = session.cookie.split('=')[1] ?? '';

    expect(log).toContain('request completed');
    expect(log).toContain('"userId"');
    expect(log).toContain('"requestId"');
    expect(log).not.toContain(TEST_PASSWORD);
    expect(log).not.toContain('a wrong secret password');
    expect(log).not.toContain(token);
    expect(log).not.toContain(session.csrfToken);
  });

  it('cookie is Secure when the public URL is https', async () => {
    const httpsServer = await buildTestServer(testDatabase.database, {
      environment: { PUBLIC_URL: 'https://collecta.example.com' },
    });
    const response = await httpsServer.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'anna', password: TEST_PASSWORD },
    });
    const cookie = response.cookies.find((candidate) => candidate.name === 'collecta_session');
    await httpsServer.app.close();

    expect(cookie?.secure).toBe(true);
  });
});
