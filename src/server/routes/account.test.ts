import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrPng } from '../../messaging/testing/decode-qr.ts';
import { startSmtpServer, type TestSmtpServer } from '../../messaging/testing/start-smtp-server.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildUser, waitFor } from '../../users/test-factories.ts';
import { computeTotp, decodeBase32, TOTP_STEP_SECONDS } from '../../users/totp.ts';
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
const NEW_PASSWORD = 'a long new password';

describe('account routes', () => {
  let testDatabase: TestDatabase;
  let smtp: TestSmtpServer;
  let server: TestServer;
  let organisationId: string;
  let anna: LoggedIn;
  const seenSecrets: string[] = [];

  const logIn = (username: string, password: string, totpCode?: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password, ...(totpCode === undefined ? {} : { totpCode }) },
      remoteAddress: nextClientAddress(),
    });

  const post = (url: string, payload: object, remoteAddress = nextClientAddress()) =>
    server.app.inject({ method: 'POST', url, payload, remoteAddress });

  const lookUp = (token: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/account/tokens/${token}`,
      remoteAddress: nextClientAddress(),
    });

  /** Invites a user through the API and returns the user id and the invitation token. */
  const invite = async (username: string, language = 'en') => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: anna.headers,
      payload: {
        username,
        email: `${username}@example.com`,
        name: `Name of ${username}`,
        language,
        group: 'credit-manager',
      },
    });
    const token = new URL(response.json().invitation.url).searchParams.get('token') ?? '';
    seenSecrets.push(token);
    return { userId: response.json().user.id as string, token };
  };

  const resetLink = async (userId: string) => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/users/${userId}/password-reset`,
      headers: anna.headers,
    });
    const token = new URL(response.json().url).searchParams.get('token') ?? '';
    seenSecrets.push(token);
    return token;
  };

  const sessionCount = async (userId: string) =>
    (
      await testDatabase.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .execute()
    ).length;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    smtp = await startSmtpServer();
    server = await buildTestServer(testDatabase.database, {
      environment: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL },
    });
    organisationId = (
      await buildOrganisationWithUser(testDatabase.database, { slug: 'a', username: 'anna' })
    ).organisationId;
    anna = await logInAs(server.app, 'anna');
  });

  afterAll(async () => {
    await server.app.close();
    await smtp.close();
    await testDatabase.drop();
  });

  describe('invitation', () => {
    it('token lookup shows whose link it is', async () => {
      const { token } = await invite('ivo', 'nl');
      const response = await lookUp(token);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        purpose: 'invitation',
        username: 'ivo',
        name: 'Name of ivo',
        language: 'nl',
      });
      expect(Date.parse(response.json().expiresAt)).toBeGreaterThan(Date.now());
    });

    it('unknown token is not found', async () => {
      const response = await lookUp('x'.repeat(43));

      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toContain('unknown, already used or expired');
    });

    it('accepting sets the password, once', async () => {
      const { userId, token } = await invite('isa');
      const before = await logIn('isa', NEW_PASSWORD);
      const accepted = await post('/api/account/invitation', { token, password: NEW_PASSWORD });
      const again = await post('/api/account/invitation', { token, password: 'another password' });
      const lookUpAfter = await lookUp(token);
      const login = await logIn('isa', NEW_PASSWORD);
      const status = await server.app.inject({
        method: 'GET',
        url: `/api/users/${userId}`,
        headers: anna.headers,
      });
      const stored = await testDatabase.database.db
        .selectFrom('user_tokens')
        .select('used_at')
        .where('user_id', '=', userId)
        .execute();

      expect(before.statusCode).toBe(401);
      expect(accepted.statusCode).toBe(204);
      expect(again.statusCode).toBe(404);
      expect(lookUpAfter.statusCode).toBe(404);
      expect(login.statusCode).toBe(200);
      expect(status.json().status).toBe('active');
      expect(stored).toHaveLength(1);
      expect(stored[0]?.used_at).toBeInstanceOf(Date);
    });

    it('expired invitation is refused', async () => {
      const { userId, token } = await invite('ed');
      await testDatabase.database.db
        .updateTable('user_tokens')
        .set({ expires_at: sql<Date>`now() - interval '1 second'` })
        .where('user_id', '=', userId)
        .execute();
      const lookUpResponse = await lookUp(token);
      const accepted = await post('/api/account/invitation', { token, password: NEW_PASSWORD });

      expect(lookUpResponse.statusCode).toBe(404);
      expect(accepted.statusCode).toBe(404);
    });

    it('a long but repetitive password is refused and the link stays valid', async () => {
      const { token } = await invite('wanda');
      const repeated = await post('/api/account/invitation', { token, password: 'cmcmcmcmcmcm' });

      expect(repeated.statusCode).toBe(400);
      expect(repeated.json().error).toMatchObject({
        code: 'invalid_input',
        key: 'password_too_simple',
        params: { distinct: 5 },
      });
      expect((await lookUp(token)).statusCode).toBe(200);
    });

    it('short password and wrong purpose are refused', async () => {
      const { token } = await invite('wim');
      const short = await post('/api/account/invitation', { token, password: 'short' });
      const wrongPurpose = await post('/api/account/password-reset', {
        token,
        password: NEW_PASSWORD,
      });
      const stillValid = await lookUp(token);

      expect(short.statusCode).toBe(400);
      expect(short.json().error.details.fields[0].field).toBe('body.password');
      expect(wrongPurpose.statusCode).toBe(404);
      expect(stillValid.statusCode).toBe(200);
    });

    it('deactivated user cannot accept', async () => {
      const { userId, token } = await invite('dana');
      await server.app.inject({
        method: 'PATCH',
        url: `/api/users/${userId}`,
        headers: anna.headers,
        payload: { isActive: false },
      });
      const accepted = await post('/api/account/invitation', { token, password: NEW_PASSWORD });

      expect(accepted.statusCode).toBe(404);
    });
  });

  describe('password reset', () => {
    it('reset clears the lock and ends sessions', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'rob',
        group: 'credit-manager',
      });
      await logInAs(server.app, 'rob');
      await testDatabase.database.db
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: sql<Date>`now() + interval '10 minutes'` })
        .where('id', '=', userId)
        .execute();
      const locked = await logIn('rob', TEST_PASSWORD);
      const token = await resetLink(userId);
      const sessionsBefore = await sessionCount(userId);
      const reset = await post('/api/account/password-reset', { token, password: NEW_PASSWORD });
      const user = await testDatabase.database.db
        .selectFrom('users')
        .select(['failed_logins', 'locked_until'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      const sessionsAfter = await sessionCount(userId);
      const oldPassword = await logIn('rob', TEST_PASSWORD);
      const newPassword = await logIn('rob', NEW_PASSWORD);

      expect(locked.statusCode).toBe(429);
      expect(sessionsBefore).toBe(1);
      expect(reset.statusCode).toBe(204);
      expect(user).toEqual({ failed_logins: 0, locked_until: null });
      expect(sessionsAfter).toBe(0);
      expect(oldPassword.statusCode).toBe(401);
      expect(newPassword.statusCode).toBe(200);
    });

    it('reset link works once', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'ron',
        group: 'credit-manager',
      });
      const token = await resetLink(userId);
      const first = await post('/api/account/password-reset', { token, password: NEW_PASSWORD });
      const again = await post('/api/account/password-reset', {
        token,
        password: 'another long password',
      });
      const lookUpAfter = await lookUp(token);
      const login = await logIn('ron', NEW_PASSWORD);
      const second = await logIn('ron', 'another long password');

      expect(first.statusCode).toBe(204);
      expect(again.statusCode).toBe(404);
      expect(lookUpAfter.statusCode).toBe(404);
      expect(login.statusCode).toBe(200);
      expect(second.statusCode).toBe(401);
    });

    it('expired reset link is refused', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'eva',
        group: 'credit-manager',
      });
      const token = await resetLink(userId);
      await testDatabase.database.db
        .updateTable('user_tokens')
        .set({ expires_at: sql<Date>`now() - interval '1 second'` })
        .where('user_id', '=', userId)
        .execute();
      const reset = await post('/api/account/password-reset', { token, password: NEW_PASSWORD });
      const login = await logIn('eva', TEST_PASSWORD);

      expect(reset.statusCode).toBe(404);
      expect(login.statusCode).toBe(200);
    });
  });

  describe('forgot password', () => {
    const resetTokensOf = async (userId: string) =>
      testDatabase.database.db
        .selectFrom('user_tokens')
        .select('id')
        .where('user_id', '=', userId)
        .where('purpose', '=', 'password_reset')
        .execute();

    it('e-mails a reset link in the user’s language', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'femke',
        group: 'credit-manager',
        language: 'nl',
      });
      const before = smtp.received.length;
      const response = await post('/api/account/forgot-password', { usernameOrEmail: 'FEMKE' });
      const mail = await waitFor(() => smtp.received[before]);
      const link = /https:\/\/collecta\.example\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(
        mail.text ?? '',
      );
      seenSecrets.push(link?.[1] ?? '');
      const reset = await post('/api/account/password-reset', {
        token: link?.[1] ?? '',
        password: NEW_PASSWORD,
      });

      expect(response.statusCode).toBe(204);
      expect(mail.to).toMatchObject({ text: 'femke@example.com' });
      expect(mail.subject).toBe('Uw wachtwoord voor Collecta opnieuw instellen');
      expect(mail.text).toContain('1 uur geldig');
      expect(link).not.toBeNull();
      expect(reset.statusCode).toBe(204);
      expect(await resetTokensOf(userId)).toHaveLength(1);
    });

    it('finds the user by e-mail address, once a minute', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'gerrit',
        group: 'credit-manager',
      });
      const before = smtp.received.length;
      const first = await post('/api/account/forgot-password', {
        usernameOrEmail: 'Gerrit@Example.com',
      });
      const mail = await waitFor(() => smtp.received[before]);
      const second = await post('/api/account/forgot-password', {
        usernameOrEmail: 'gerrit@example.com',
      });
      await new Promise((resolve) => setTimeout(resolve, 500));

      expect(first.statusCode).toBe(204);
      expect(second.statusCode).toBe(204);
      expect(mail.subject).toBe('Reset your Collecta password');
      expect(smtp.received).toHaveLength(before + 1);
      expect(await resetTokensOf(userId)).toHaveLength(1);
    });

    it('answers 204 for an unknown user and sends nothing', async () => {
      const before = smtp.received.length;
      const tokensBefore = await testDatabase.database.db
        .selectFrom('user_tokens')
        .select('id')
        .execute();
      const response = await post('/api/account/forgot-password', { usernameOrEmail: 'nobody' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const tokensAfter = await testDatabase.database.db
        .selectFrom('user_tokens')
        .select('id')
        .execute();

      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(smtp.received).toHaveLength(before);
      expect(tokensAfter).toHaveLength(tokensBefore.length);
    });

    it('sends nothing without SMTP', async () => {
      const userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'hugo',
        group: 'credit-manager',
      });
      const quiet = await buildTestServer(testDatabase.database, { environment: { PUBLIC_URL } });
      const response = await quiet.app.inject({
        method: 'POST',
        url: '/api/account/forgot-password',
        payload: { usernameOrEmail: 'hugo' },
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await quiet.app.close();

      expect(response.statusCode).toBe(204);
      expect(await resetTokensOf(userId)).toHaveLength(0);
    });

    it('is rate-limited per client address', async () => {
      const remoteAddress = nextClientAddress();
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 11; attempt += 1) {
        const response = await post(
          '/api/account/forgot-password',
          { usernameOrEmail: `ghost${attempt}` },
          remoteAddress,
        );
        statuses.push(response.statusCode);
      }

      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(204));
      expect(statuses[10]).toBe(429);
    });
  });

  describe('two-factor login', () => {
    let userId: string;
    let totpUser: LoggedIn;
    let secret: string;

    const codeAt = (offsetSteps: number) =>
      computeTotp(decodeBase32(secret), Date.now() + offsetSteps * TOTP_STEP_SECONDS * 1000);

    /** Waits until at least 5 seconds remain in the current time step, so a test never straddles two. */
    const awaitFreshStep = async () => {
      const secondsIntoStep = (Date.now() / 1000) % TOTP_STEP_SECONDS;
      if (secondsIntoStep > TOTP_STEP_SECONDS - 5) {
        await new Promise((resolve) =>
          setTimeout(resolve, (TOTP_STEP_SECONDS - secondsIntoStep + 0.2) * 1000),
        );
      }
    };

    const sendOwn = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
      server.app.inject({
        method,
        url,
        headers: totpUser.headers,
        payload,
        remoteAddress: nextClientAddress(),
      });

    beforeAll(async () => {
      userId = await buildUser(testDatabase.database, {
        organisationId,
        username: 'tina',
        group: 'credit-manager',
      });
      totpUser = await logInAs(server.app, 'tina');
    });

    it('own TOTP routes need a login', async () => {
      const routes: Array<['POST' | 'DELETE', string]> = [
        ['POST', '/api/account/totp'],
        ['POST', '/api/account/totp/confirm'],
        ['DELETE', '/api/account/totp'],
      ];
      for (const [method, url] of routes) {
        const response = await server.app.inject({ method, url, payload: { code: '123456' } });
        expect(response.statusCode, `${method} ${url}`).toBe(401);
      }
    });

    it('enrolment returns a secret and a QR code', async () => {
      const response = await sendOwn('POST', '/api/account/totp');
      const body = response.json();
      secret = body.secret;
      seenSecrets.push(secret);
      const png = Buffer.from(body.qrDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');

      expect(response.statusCode).toBe(200);
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(body.otpauthUrl).toBe(
        `otpauth://totp/Collecta:tina?secret=${secret}&issuer=Collecta&algorithm=SHA1&digits=6&period=30`,
      );
      expect(decodeQrPng(png)).toBe(body.otpauthUrl);
    });

    it('login needs no code before confirmation', async () => {
      const response = await logIn('tina', TEST_PASSWORD);

      expect(response.statusCode).toBe(200);
    });

    it('confirmation checks the code', async () => {
      await awaitFreshStep();
      const wrong = await sendOwn('POST', '/api/account/totp/confirm', {
        code: String((Number(codeAt(0)) + 1) % 1_000_000).padStart(6, '0'),
      });
      const confirmed = await sendOwn('POST', '/api/account/totp/confirm', { code: codeAt(-1) });
      const listed = await server.app.inject({
        method: 'GET',
        url: `/api/users/${userId}`,
        headers: anna.headers,
      });

      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.message).toContain('code');
      expect(confirmed.statusCode).toBe(204);
      expect(listed.json().totpEnabled).toBe(true);
    });

    it('enrolment again is a conflict while TOTP is on', async () => {
      const response = await sendOwn('POST', '/api/account/totp');

      expect(response.statusCode).toBe(409);
    });

    it('login without a code asks for one and opens no session', async () => {
      const sessionsBefore = await sessionCount(userId);
      const response = await logIn('tina', TEST_PASSWORD);
      const wrongPassword = await logIn('tina', 'not the password', codeAt(0));

      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('totp_required');
      expect(response.cookies).toEqual([]);
      expect(await sessionCount(userId)).toBe(sessionsBefore);
      expect(wrongPassword.json().error.code).toBe('unauthenticated');
    });

    it('login with a code works once per code', async () => {
      await awaitFreshStep();
      const code = codeAt(0);
      const first = await logIn('tina', TEST_PASSWORD, code);
      const replay = await logIn('tina', TEST_PASSWORD, code);
      const next = await logIn('tina', TEST_PASSWORD, codeAt(1));

      expect(first.statusCode).toBe(200);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe('totp_required');
      expect(next.statusCode).toBe(200);
    });

    it('wrong codes count towards the lock', async () => {
      await testDatabase.database.db
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, totp_last_step: null })
        .where('id', '=', userId)
        .execute();
      const wrongCode = String((Number(codeAt(0)) + 500_000) % 1_000_000).padStart(6, '0');
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        statuses.push((await logIn('tina', TEST_PASSWORD, wrongCode)).statusCode);
      }
      const locked = await logIn('tina', TEST_PASSWORD, codeAt(0));

      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expect(locked.statusCode).toBe(429);
      await testDatabase.database.db
        .updateTable('users')
        .set({ locked_until: null })
        .where('id', '=', userId)
        .execute();
    });

    it('turning off needs a current code', async () => {
      await testDatabase.database.db
        .updateTable('users')
        .set({ totp_last_step: null })
        .where('id', '=', userId)
        .execute();
      await awaitFreshStep();
      const wrong = await sendOwn('DELETE', '/api/account/totp', {
        code: String((Number(codeAt(0)) + 1) % 1_000_000).padStart(6, '0'),
      });
      const disabled = await sendOwn('DELETE', '/api/account/totp', { code: codeAt(0) });
      const login = await logIn('tina', TEST_PASSWORD);
      const audit = await testDatabase.database.db
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('subject_id', '=', userId)
        .where('action', 'like', 'user.totp%')
        .orderBy('occurred_at')
        .execute();

      expect(wrong.statusCode).toBe(403);
      expect(disabled.statusCode).toBe(204);
      expect(login.statusCode).toBe(200);
      expect(audit).toEqual([
        {
          action: 'user.totp_enabled',
          before: { totpEnabled: false },
          after: { totpEnabled: true },
        },
        {
          action: 'user.totp_disabled',
          before: { totpEnabled: true },
          after: { totpEnabled: false },
        },
      ]);
    });
  });

  it('secrets reach neither the audit log nor the server log', async () => {
    const audit = JSON.stringify(
      await testDatabase.database.db
        .selectFrom('audit_events')
        .select(['before', 'after'])
        .execute(),
    );
    const logText = server.logLines.join('');

    expect(seenSecrets.length).toBeGreaterThan(8);
    expect(audit).not.toContain('argon2');
    for (const secret of seenSecrets) {
      expect(audit).not.toContain(secret);
      expect(logText).not.toContain(secret);
    }
  });
});
