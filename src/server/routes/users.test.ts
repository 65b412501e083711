import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { saveEmailChannel } from '../../channels/channel-settings.ts';
import { startSmtpServer, type TestSmtpServer } from '../../messaging/testing/start-smtp-server.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildUser, waitFor } from '../../users/test-factories.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  nextClientAddress,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const PUBLIC_URL = 'https://collecta.example';

describe('user routes', () => {
  let testDatabase: TestDatabase;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let organisationA: string;
  let anna: LoggedIn;
  let audrey: LoggedIn;
  let dirk: LoggedIn;
  let bert: LoggedIn;
  let annaId: string;
  let audreyId: string;
  let biancaId: string;
  let nl01: string;
  let be01: string;
  let entityOfB: string;
  let salesId: string;
  /** Every link secret the tests saw, to check that none reached the logs or the audit log. */
  const seenTokens: string[] = [];

  const send = (
    session: LoggedIn | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => server.app.inject({ method, url, headers: session?.headers ?? {}, payload });

  const tokenOf = (url: string) => {
    const token = new URL(url).searchParams.get('token') ?? '';
    seenTokens.push(token);
    return token;
  };

  const invite = (session: LoggedIn, overrides: Record<string, unknown> = {}) =>
    send(session, 'POST', '/api/users', {
      username: `user${Math.random().toString(36).slice(2, 10)}`,
      email: 'someone@example.com',
      name: 'Some One',
      language: 'en',
      group: 'credit-manager',
      ...overrides,
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    smtp = await startSmtpServer();
    server = await buildTestServer(database, {
      environment: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL },
    });
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    organisationA = a.organisationId;
    annaId = a.userId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    biancaId = await buildUser(database, {
      organisationId: b.organisationId,
      username: 'bianca',
      group: 'auditor',
    });
    await withOrganisation(database, organisationA, async (trx) => {
      nl01 = (await buildEntity(trx, organisationA, { code: 'NL01' })).id;
      be01 = (await buildEntity(trx, organisationA, { code: 'BE01', country: 'BE' })).id;
      const sales = await trx
        .selectFrom('departments')
        .select('id')
        .where('name', '=', 'Sales')
        .executeTakeFirstOrThrow();
      salesId = sales.id;
    });
    entityOfB = await withOrganisation(
      database,
      b.organisationId,
      async (trx) => (await buildEntity(trx, b.organisationId, { code: 'NL01' })).id,
    );
    audreyId = await buildUser(database, {
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
    await smtp.close();
    await testDatabase.drop();
  });

  const someId = '00000000-0000-4000-8000-000000000000';
  const readRoutes: Array<['GET', string]> = [
    ['GET', '/api/users'],
    ['GET', `/api/users/${someId}`],
  ];
  const manageRoutes: Array<['POST' | 'PATCH' | 'DELETE', string]> = [
    ['POST', '/api/users'],
    ['PATCH', `/api/users/${someId}`],
    ['POST', `/api/users/${someId}/invitation`],
    ['POST', `/api/users/${someId}/password-reset`],
    ['DELETE', `/api/users/${someId}/totp`],
  ];

  it('routes need a login', async () => {
    for (const [method, url] of [...readRoutes, ...manageRoutes]) {
      const response = await send(undefined, method, url, method === 'GET' ? undefined : {});
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('reading needs users.read', async () => {
    for (const [method, url] of readRoutes) {
      const response = await send(dirk, method, url);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.message).toContain('users.read');
    }
  });

  it('changes need users.manage', async () => {
    const list = await send(audrey, 'GET', '/api/users');

    expect(list.statusCode).toBe(200);
    for (const [method, url] of manageRoutes) {
      const response = await send(audrey, method, url, {});
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(response.json().error.message).toContain('users.manage');
    }
  });

  it('users of another organisation are not found', async () => {
    const requests: Array<[string, string, object | undefined]> = [
      ['GET', `/api/users/${biancaId}`, undefined],
      ['PATCH', `/api/users/${biancaId}`, { name: 'Taken over' }],
      ['POST', `/api/users/${biancaId}/invitation`, undefined],
      ['POST', `/api/users/${biancaId}/password-reset`, undefined],
      ['DELETE', `/api/users/${biancaId}/totp`, undefined],
    ];
    for (const [method, url, payload] of requests) {
      const response = await send(anna, method as 'GET', url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const bianca = await testDatabase.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', biancaId)
      .executeTakeFirstOrThrow();

    expect(bianca.name).toBe('Name of bianca');
  });

  it('list shows only own users, without secrets', async () => {
    const response = await send(anna, 'GET', '/api/users');
    const users = response.json() as Array<Record<string, unknown>>;
    const annaItem = users.find((user) => user.username === 'anna');

    expect(response.statusCode).toBe(200);
    expect(users.map((user) => user.username)).not.toContain('bert');
    expect(users.map((user) => user.username)).not.toContain('bianca');
    expect(annaItem).toMatchObject({
      id: annaId,
      email: 'anna@example.com',
      group: { slug: 'administrator', name: 'Administrator' },
      entityIds: null,
      departmentId: null,
      isActive: true,
      status: 'active',
      totpEnabled: false,
    });
    expect(response.body).not.toContain('argon2');
    expect(response.body).not.toContain('password');
  });

  it('invite creates an invited user and e-mails the link', async () => {
    const before = smtp.received.length;
    const response = await invite(anna, {
      username: 'nina',
      email: 'nina@example.com',
      name: 'Nina de Vries',
      language: 'nl',
      entityIds: [nl01],
      departmentId: salesId,
    });
    const body = response.json();
    const token = tokenOf(body.invitation.url);
    const hoursValid = (Date.parse(body.invitation.expiresAt) - Date.now()) / 3_600_000;
    const mail = await waitFor(() => smtp.received[before]);
    const stored = await testDatabase.database.db
      .selectFrom('user_tokens')
      .select(['token_hash', 'purpose'])
      .where('user_id', '=', body.user.id)
      .execute();

    expect(response.statusCode).toBe(201);
    expect(body.user).toMatchObject({
      username: 'nina',
      language: 'nl',
      group: { slug: 'credit-manager' },
      entityIds: [nl01],
      departmentId: salesId,
      status: 'invited',
      isActive: true,
    });
    expect(body.invitation.url).toBe(`${PUBLIC_URL}/accept-invitation?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hoursValid).toBeGreaterThan(7 * 24 - 0.1);
    expect(hoursValid).toBeLessThanOrEqual(7 * 24);
    expect(body.invitation.emailed).toBe(true);
    expect(mail.to).toMatchObject({ text: 'nina@example.com' });
    expect(mail.subject).toBe('Uitnodiging voor Collecta van Organisation a');
    expect(mail.text).toContain('Beste Nina de Vries');
    expect(mail.text).toContain(body.invitation.url);
    expect(mail.html).toContain(`href="${body.invitation.url}"`);
    expect(stored).toEqual([
      { token_hash: createHash('sha256').update(token).digest('hex'), purpose: 'invitation' },
    ]);
  });

  it('invitation e-mail falls back to English', async () => {
    const before = smtp.received.length;
    const response = await invite(anna, { language: 'de', email: 'deutsch@example.com' });
    const mail = await waitFor(() => smtp.received[before]);
    tokenOf(response.json().invitation.url);

    expect(response.statusCode).toBe(201);
    expect(mail.subject).toBe('Invitation to Collecta from Organisation a');
    expect(mail.text).toContain('valid for 7 days');
  });

  it('invite without SMTP returns the link, not e-mailed', async () => {
    const quiet = await buildTestServer(testDatabase.database, {
      environment: { PUBLIC_URL },
    });
    const session = await logInAs(quiet.app, 'anna');
    const response = await quiet.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: session.headers,
      payload: {
        username: 'quiet',
        email: 'quiet@example.com',
        name: 'Quiet',
        language: 'en',
        group: 'auditor',
      },
    });
    await quiet.app.close();

    expect(response.statusCode).toBe(201);
    expect(response.json().invitation.emailed).toBe(false);
    expect(tokenOf(response.json().invitation.url)).toHaveLength(43);
  });

  it("invite goes through the organisation's own SMTP channel", async () => {
    const ownSmtp = await startSmtpServer();
    await withOrganisation(testDatabase.database, organisationA, (trx) =>
      saveEmailChannel(trx, {
        organisationId: organisationA,
        actor: 'test',
        input: {
          host: '127.0.0.1',
          port: ownSmtp.port,
          secure: false,
          fromAddress: 'debiteuren@a.example.com',
          fromName: 'Debiteuren A',
        },
      }),
    );
    const withoutSmtpUrl = await buildTestServer(testDatabase.database, {
      environment: { PUBLIC_URL },
    });
    const session = await logInAs(withoutSmtpUrl.app, 'anna');

    const response = await withoutSmtpUrl.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: session.headers,
      payload: {
        username: 'channelled',
        email: 'channelled@example.com',
        name: 'Channelled',
        language: 'en',
        group: 'auditor',
      },
    });
    await withoutSmtpUrl.app.close();
    await testDatabase.database.db
      .deleteFrom('channel_settings')
      .where('organisation_id', '=', organisationA)
      .execute();
    await ownSmtp.close();

    expect(response.statusCode).toBe(201);
    // The server log contains the SMTP error when the e-mail was not sent.
    expect(response.json().invitation.emailed, withoutSmtpUrl.logLines.join('')).toBe(true);
    expect(ownSmtp.received).toHaveLength(1);
    expect(ownSmtp.received[0]?.from?.value[0]?.address).toBe('debiteuren@a.example.com');
    expect(ownSmtp.received[0]?.from?.value[0]?.name).toBe('Debiteuren A');
    tokenOf(response.json().invitation.url);
  });

  it('invite rejects a username taken in another organisation', async () => {
    const response = await invite(anna, { username: 'BERT' });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('already_exists');
  });

  it('invite checks group, entities and department', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ group: 'superuser' }, 'group'],
      [{ entityIds: [entityOfB] }, 'entityIds'],
      [{ entityIds: [] }, 'entityIds'],
      [{ departmentId: someId }, 'departmentId'],
      [{ language: 'es' }, 'language'],
      [{ email: 'not an address' }, 'email'],
      [{ username: 'has space' }, 'username'],
    ];
    for (const [overrides, field] of cases) {
      const response = await invite(anna, overrides);
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.message, field).toContain(field);
    }
  });

  it('entity-limited manager grants only own entities', async () => {
    await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'lena',
      group: 'administrator',
      entityIds: [nl01],
    });
    const lena = await logInAs(server.app, 'lena');
    const everyEntity = await invite(lena, {});
    const otherEntity = await invite(lena, { entityIds: [be01] });
    const ownEntity = await invite(lena, { entityIds: [nl01] });
    const widen = await send(lena, 'PATCH', `/api/users/${ownEntity.json().user.id}`, {
      entityIds: null,
    });

    expect(everyEntity.statusCode).toBe(403);
    expect(otherEntity.statusCode).toBe(400);
    expect(otherEntity.json().error.message).toContain(be01);
    expect(ownEntity.statusCode).toBe(201);
    expect(widen.statusCode).toBe(403);
  });

  it('group and entity changes apply on the next request', async () => {
    const olgaId = await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'olga',
      group: 'auditor',
    });
    const olga = await logInAs(server.app, 'olga');
    const allowed = await send(olga, 'GET', '/api/users');
    const changed = await send(anna, 'PATCH', `/api/users/${olgaId}`, {
      group: 'dispute-handler',
      entityIds: [nl01, be01],
      departmentId: salesId,
      name: 'Olga Jansen',
      language: 'fr',
    });
    const forbidden = await send(olga, 'GET', '/api/users');
    const session = await send(olga, 'GET', '/api/session');
    const audit = await withOrganisation(testDatabase.database, organisationA, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'before', 'after'])
        .where('action', '=', 'user.updated')
        .where('subject_id', '=', olgaId)
        .executeTakeFirstOrThrow(),
    );

    expect(allowed.statusCode).toBe(200);
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Olga Jansen',
      language: 'fr',
      group: { slug: 'dispute-handler' },
      departmentId: salesId,
    });
    expect([...changed.json().entityIds].sort()).toEqual([nl01, be01].sort());
    expect(forbidden.statusCode).toBe(403);
    expect(session.json().access).toMatchObject({
      group: 'dispute-handler',
      startScreen: 'issues',
      departmentId: salesId,
    });
    expect([...session.json().access.entityIds].sort()).toEqual([nl01, be01].sort());
    expect(audit.actor).toBe(annaId);
    expect(audit.before).toMatchObject({ group: 'auditor', entityIds: null, name: 'Name of olga' });
    expect(audit.after).toMatchObject({ group: 'dispute-handler', name: 'Olga Jansen' });
  });

  it('entityIds null gives every entity again', async () => {
    const userId = await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'ulla',
      group: 'credit-manager',
      entityIds: [nl01],
    });
    const response = await send(anna, 'PATCH', `/api/users/${userId}`, { entityIds: null });

    expect(response.statusCode).toBe(200);
    expect(response.json().entityIds).toBeNull();
  });

  it('deactivating ends sessions and login', async () => {
    const pietId = await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'piet',
      group: 'credit-manager',
    });
    const piet = await logInAs(server.app, 'piet');
    const deactivated = await send(anna, 'PATCH', `/api/users/${pietId}`, { isActive: false });
    const sessionAfter = await send(piet, 'GET', '/api/session');
    const sessions = await testDatabase.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', pietId)
      .execute();
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: 'piet', password: TEST_PASSWORD },
      remoteAddress: nextClientAddress(),
    });
    const reset = await send(anna, 'POST', `/api/users/${pietId}/password-reset`);
    const reactivated = await send(anna, 'PATCH', `/api/users/${pietId}`, { isActive: true });

    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ isActive: false, status: 'deactivated' });
    expect(sessionAfter.statusCode).toBe(401);
    expect(sessions).toEqual([]);
    expect(login.statusCode).toBe(401);
    expect(reset.statusCode).toBe(409);
    expect(reactivated.json()).toMatchObject({ isActive: true, status: 'active' });
    expect((await logInAs(server.app, 'piet')).csrfToken).toHaveLength(43);
  });

  it('manager cannot deactivate themself', async () => {
    const response = await send(anna, 'PATCH', `/api/users/${annaId}`, { isActive: false });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('cannot deactivate yourself');
  });

  it('last user manager cannot be removed', async () => {
    const { database } = testDatabase;
    const c = await buildOrganisationWithUser(database, { slug: 'c', username: 'cora' });
    const catoId = await buildUser(database, {
      organisationId: c.organisationId,
      username: 'cato',
      group: 'administrator',
    });
    await buildUser(database, {
      organisationId: c.organisationId,
      username: 'cilly',
      group: 'administrator',
      password: null,
    });
    const cora = await logInAs(server.app, 'cora');
    const catoDeactivated = await send(cora, 'PATCH', `/api/users/${catoId}`, { isActive: false });
    const ownGroup = await send(cora, 'PATCH', `/api/users/${c.userId}`, { group: 'auditor' });
    const coraAfter = await send(cora, 'GET', `/api/users/${c.userId}`);

    expect(catoDeactivated.statusCode).toBe(200);
    expect(ownGroup.statusCode).toBe(409);
    expect(ownGroup.json().error.message).toContain('users.manage');
    expect(coraAfter.json().group.slug).toBe('administrator');
  });

  it('new invitation voids the earlier one', async () => {
    const first = await invite(anna, {});
    const userId = first.json().user.id;
    const firstToken = tokenOf(first.json().invitation.url);
    const second = await send(anna, 'POST', `/api/users/${userId}/invitation`);
    const secondToken = tokenOf(second.json().url);
    const lookUp = (token: string) =>
      server.app.inject({ method: 'GET', url: `/api/account/tokens/${token}` });

    expect(second.statusCode).toBe(200);
    expect(second.json().emailed).toBe(true);
    expect((await lookUp(firstToken)).statusCode).toBe(404);
    expect((await lookUp(secondToken)).statusCode).toBe(200);
  });

  it('invitation is only for users without a password', async () => {
    const response = await send(anna, 'POST', `/api/users/${audreyId}/invitation`);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('password reset');
  });

  it('password-reset link is valid for an hour', async () => {
    const before = smtp.received.length;
    const response = await send(anna, 'POST', `/api/users/${audreyId}/password-reset`);
    const body = response.json();
    const token = tokenOf(body.url);
    const minutesValid = (Date.parse(body.expiresAt) - Date.now()) / 60_000;
    const mail = await waitFor(() => smtp.received[before]);

    expect(response.statusCode).toBe(200);
    expect(body.url).toBe(`${PUBLIC_URL}/reset-password?token=${token}`);
    expect(minutesValid).toBeGreaterThan(59);
    expect(minutesValid).toBeLessThanOrEqual(60);
    expect(body.emailed).toBe(true);
    expect(mail.subject).toBe('Reset your Collecta password');
    expect(mail.text).toContain(body.url);
  });

  it('administrator turns off a user’s TOTP', async () => {
    const userId = await buildUser(testDatabase.database, {
      organisationId: organisationA,
      username: 'tom',
      group: 'credit-manager',
    });
    await testDatabase.database.db
      .updateTable('users')
      .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: new Date(), totp_last_step: 1 })
      .where('id', '=', userId)
      .execute();
    const enabled = await send(anna, 'GET', `/api/users/${userId}`);
    const response = await send(anna, 'DELETE', `/api/users/${userId}/totp`);
    const disabled = await send(anna, 'GET', `/api/users/${userId}`);
    const stored = await testDatabase.database.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();

    expect(enabled.json().totpEnabled).toBe(true);
    expect(response.statusCode).toBe(204);
    expect(disabled.json().totpEnabled).toBe(false);
    expect(stored).toEqual({ totp_secret: null, totp_enabled_at: null });
  });

  it('organisation B sees only its own users', async () => {
    const response = await send(bert, 'GET', '/api/users');
    const usernames = (response.json() as Array<{ username: string }>).map((user) => user.username);

    expect(usernames.sort()).toEqual(['bert', 'bianca']);
  });

  it('audit log and server log hold no secrets', async () => {
    const audit = await testDatabase.database.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .execute();
    const auditText = JSON.stringify(audit);
    const logText = server.logLines.join('');

    expect(seenTokens.length).toBeGreaterThan(5);
    expect(auditText).not.toContain('argon2');
    expect(auditText).not.toContain('JBSWY3DPEHPK3PXP');
    for (const token of seenTokens) {
      expect(auditText).not.toContain(token);
      expect(logText).not.toContain(token);
    }
  });
});
