import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveEmailChannel } from '../../channels/channel-settings.ts';
import {
  startAuthSmtpServer,
  type TestAuthSmtpServer,
} from '../../channels/testing/start-auth-smtp-server.ts';
import { startDnsServer, type TestDnsServer } from '../../channels/testing/start-dns-server.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { createLogger } from '../../logger.ts';
import { sendApprovedMessages } from '../../messaging/send-approved-messages.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
} from '../../messaging/testing/message-factories.ts';
import { buildWizardTenant } from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const PASSWORD = 'Tr0ub4dor&3-smtp';

describe('channel routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let smtp: TestAuthSmtpServer;
  let dns: TestDnsServer;
  let organisationId: string;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const send = (method: 'PUT' | 'POST', username: string, url: string, payload: object) =>
    server.app.inject({ method, url, headers: sessions[username]?.headers ?? {}, payload });
  const emailSettings = (overrides: object = {}) => ({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    username: 'collecta',
    password: PASSWORD,
    fromAddress: 'debiteuren@acme.test',
    fromName: 'Acme Debiteuren',
    ...overrides,
  });
  const storedSecret = async (channel: 'email' | 'sms' | 'payment') => {
    const row = await testDatabase.database.db
      .selectFrom('channel_settings')
      .select('secret')
      .where('organisation_id', '=', organisationId)
      .where('channel', '=', channel)
      .executeTakeFirst();
    return row?.secret;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    smtp = await startAuthSmtpServer({ username: 'collecta', password: PASSWORD });
    dns = await startDnsServer({
      'acme.test': ['v=spf1 a:127.0.0.1 ~all'],
      '_dmarc.acme.test': ['v=DMARC1; p=quarantine'],
      'mail._domainkey.acme.test': ['v=DKIM1; p=MIGf'],
    });
    server = await buildTestServer(database, {
      environment: { COLLECTA_DNS_SERVERS: dns.address },
    });
    const tenant = await buildWizardTenant(database, {
      slug: 'a',
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'cora', group: 'credit-manager' },
        { username: 'mona', group: 'manager' },
      ],
    });
    organisationId = tenant.organisationId;
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['anna', 'cora', 'mona', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await smtp.close();
    await dns.close();
    await testDatabase.drop();
  });

  it('channels start empty', async () => {
    const response = await get('anna', '/api/channels');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ email: null, sms: null, payment: null, fax: null });
  });

  it('e-mail settings hide the password', async () => {
    const saved = await send('PUT', 'anna', '/api/channels/email', emailSettings());
    const read = await get('anna', '/api/channels');
    const audit = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['before', 'after'])
        .where('action', '=', 'channel.email_saved')
        .execute(),
    );

    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      provider: 'smtp',
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      username: 'collecta',
      fromAddress: 'debiteuren@acme.test',
      fromName: 'Acme Debiteuren',
      dkimSelector: null,
      hasPassword: true,
      verifiedAt: null,
    });
    expect(read.json().email).toEqual(saved.json());
    expect(saved.body).not.toContain(PASSWORD);
    expect(read.body).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(await storedSecret('email')).toBe(PASSWORD);
  });

  it('test message is sent and verifies', async () => {
    const response = await send('POST', 'anna', '/api/channels/email/test', {
      to: 'anna@example.com',
    });
    const read = await get('anna', '/api/channels');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      sent: true,
      messageId: expect.stringMatching(/^<.+@acme\.test>$/),
      verifiedAt: expect.any(String),
    });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toBe('Collecta test message');
    expect(smtp.received[0]?.from?.value).toEqual([
      { name: 'Acme Debiteuren', address: 'debiteuren@acme.test' },
    ]);
    expect(read.json().email.verifiedAt).toBe(response.json().verifiedAt);
  });

  it('saving without password keeps it', async () => {
    // JSON leaves out undefined properties, so the request has no password.
    const withoutPassword = emailSettings({ fromName: 'Acme', password: undefined });
    const saved = await send('PUT', 'anna', '/api/channels/email', withoutPassword);

    expect(saved.json()).toMatchObject({ fromName: 'Acme', hasPassword: true, verifiedAt: null });
    expect(await storedSecret('email')).toBe(PASSWORD);
  });

  it('changed server needs the password again', async () => {
    const elsewhere = emailSettings({ port: smtp.port + 1, password: undefined });
    const response = await send('PUT', 'anna', '/api/channels/email', elsewhere);

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('Enter the SMTP password again');
    expect((await get('anna', '/api/channels')).json().email.port).toBe(smtp.port);
    expect(await storedSecret('email')).toBe(PASSWORD);
  });

  it('wrong password gives the SMTP reason', async () => {
    await send('PUT', 'anna', '/api/channels/email', emailSettings({ password: 'wrong-Secret-9' }));
    const response = await send('POST', 'anna', '/api/channels/email/test', {
      to: 'anna@example.com',
    });

    expect(response.statusCode).toBe(502);
    expect(response.json().error.code).toBe('delivery_failed');
    expect(response.json().error.message).toContain('rejected the login');
    expect(response.json().error.message).toContain('535');
    expect(response.body).not.toContain('wrong-Secret-9');
    expect(server.logLines.join('\n')).not.toContain('wrong-Secret-9');
    expect(server.logLines.join('\n')).not.toContain(PASSWORD);
    expect((await get('anna', '/api/channels')).json().email.verifiedAt).toBeNull();
  });

  it('refused connection gives the reason', async () => {
    await send('PUT', 'anna', '/api/channels/email', emailSettings({ port: 1 }));
    const response = await send('POST', 'anna', '/api/channels/email/test', {
      to: 'anna@example.com',
    });

    expect(response.statusCode).toBe(502);
    expect(response.json().error.message).toContain('no connection to the SMTP server');
    expect(response.json().error.details.smtp).toMatchObject({ host: '127.0.0.1', port: 1 });
  });

  it('null password removes it', async () => {
    const saved = await send(
      'PUT',
      'anna',
      '/api/channels/email',
      emailSettings({ password: null }),
    );

    expect(saved.json().hasPassword).toBe(false);
    expect(await storedSecret('email')).toBeNull();
  });

  it('e-mail settings reject invalid fields', async () => {
    const response = await send(
      'PUT',
      'anna',
      '/api/channels/email',
      emailSettings({ host: 'smtp example.com', port: 0, fromAddress: 'billing' }),
    );

    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .error.details.fields.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['body.host', 'body.port', 'body.fromAddress']));
  });

  it('DNS check reads the sender domain', async () => {
    await send('PUT', 'anna', '/api/channels/email', emailSettings({ dkimSelector: 'mail' }));
    const response = await get('anna', '/api/channels/email/dns');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      domain: 'acme.test',
      checked: true,
      spf: { found: true, includesHint: 'spf.host_listed' },
      dkim: { selector: 'mail', found: true },
      dmarc: { found: true, policy: 'quarantine' },
    });
    expect(dns.queries).toContain('mail._domainkey.acme.test');
  });

  it('DNS check takes a domain and selector', async () => {
    const response = await get('anna', '/api/channels/email/dns?domain=Other.test&selector=s1');
    const invalid = await get('anna', '/api/channels/email/dns?domain=not_a_domain');

    expect(response.json()).toMatchObject({
      domain: 'other.test',
      checked: true,
      spf: { found: false },
      dkim: { selector: 's1', found: false },
    });
    expect(response.json().guidance.map((entry: { key: string }) => entry.key)).toEqual([
      'spf.missing',
      'dkim.missing',
      'dmarc.missing',
    ]);
    expect(invalid.statusCode).toBe(400);
  });

  it('provider settings hide the secret', async () => {
    const saved = await send('PUT', 'anna', '/api/channels/payment', {
      provider: 'mollie',
      settings: { profileId: 'pfl_123', testMode: true },
      secret: 'live_abcdefgh',
    });
    const kept = await send('PUT', 'anna', '/api/channels/payment', {
      provider: 'mollie',
      settings: { profileId: 'pfl_456' },
    });
    const sms = await send('PUT', 'anna', '/api/channels/sms', {
      provider: 'messagebird',
      settings: { originator: 'Acme' },
    });
    const read = await get('anna', '/api/channels');

    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      provider: 'mollie',
      settings: { profileId: 'pfl_123', testMode: true },
      hasSecret: true,
      updatedAt: expect.any(String),
    });
    expect(kept.json()).toMatchObject({ settings: { profileId: 'pfl_456' }, hasSecret: true });
    expect(sms.json()).toMatchObject({ provider: 'messagebird', hasSecret: false });
    expect(read.body).not.toContain('live_abcdefgh');
    expect(await storedSecret('payment')).toBe('live_abcdefgh');
  });

  it('Twilio settings are checked and hide the auth token', async () => {
    const accountId = `AC${'0123456789abcdef'.repeat(2)}`;
    const invalid = await send('PUT', 'anna', '/api/channels/sms', {
      provider: 'twilio',
      settings: { accountId: 'AC123', sender: '+3197010203040' },
      secret: 'twilio-auth-token-1',
    });
    const saved = await send('PUT', 'anna', '/api/channels/sms', {
      provider: 'twilio',
      settings: { accountId, sender: '+3197010203040' },
      secret: 'twilio-auth-token-1',
    });
    const read = await get('anna', '/api/channels');

    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('settings.accountId');
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'twilio', hasSecret: true });
    expect(saved.body).not.toContain('twilio-auth-token-1');
    expect(read.body).not.toContain('twilio-auth-token-1');
    expect(server.logLines.join('')).not.toContain('twilio-auth-token-1');
  });

  it('provider settings reject a bad provider name', async () => {
    const response = await send('PUT', 'anna', '/api/channels/sms', {
      provider: 'Message Bird!',
      settings: {},
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('provider');
  });

  it('routes require a login', async () => {
    const responses = await Promise.all([
      server.app.inject({ method: 'GET', url: '/api/channels' }),
      server.app.inject({ method: 'PUT', url: '/api/channels/email', payload: emailSettings() }),
      server.app.inject({
        method: 'POST',
        url: '/api/channels/email/test',
        payload: { to: 'a@b.c' },
      }),
      server.app.inject({ method: 'GET', url: '/api/channels/email/dns?domain=acme.test' }),
      server.app.inject({ method: 'PUT', url: '/api/channels/sms', payload: {} }),
      server.app.inject({ method: 'PUT', url: '/api/channels/payment', payload: {} }),
    ]);

    expect(responses.map((response) => response.statusCode)).toEqual([
      401, 401, 401, 401, 401, 401,
    ]);
  });

  it('permissions are checked', async () => {
    const read = await get('mona', '/api/channels');
    const dnsCheck = await get('mona', '/api/channels/email/dns?domain=acme.test');
    const save = await send('PUT', 'cora', '/api/channels/email', emailSettings());
    const test = await send('POST', 'cora', '/api/channels/email/test', { to: 'cora@example.com' });
    const payment = await send('PUT', 'cora', '/api/channels/payment', {
      provider: 'mollie',
      settings: {},
    });

    expect(read.statusCode).toBe(403);
    expect(dnsCheck.statusCode).toBe(403);
    expect(save.statusCode).toBe(403);
    expect(test.statusCode).toBe(403);
    expect(payment.statusCode).toBe(403);
    expect((await get('cora', '/api/channels')).statusCode).toBe(200);
  });

  it('other organisation sees none of it', async () => {
    const read = await get('bert', '/api/channels');
    const test = await send('POST', 'bert', '/api/channels/email/test', { to: 'bert@example.com' });

    expect(read.json()).toEqual({ email: null, sms: null, payment: null, fax: null });
    expect(test.statusCode).toBe(409);
    expect(test.json().error.message).toContain('No e-mail channel');
  });
});

describe('sending with the organisation channel', () => {
  let testDatabase: TestDatabase;
  let smtp: TestAuthSmtpServer;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    smtp = await startAuthSmtpServer({ username: 'sender', password: PASSWORD });
  }, 180_000);

  afterAll(async () => {
    await smtp.close();
    await testDatabase.drop();
  });

  it('uses the channel instead of SMTP_URL', async () => {
    const { database } = testDatabase;
    const organisationId = await buildOrganisation(database);
    const entity = await buildEntity(database, organisationId, {
      senderEmail: undefined,
      senderName: undefined,
    });
    await database.db
      .updateTable('entities')
      .set({ sender_email: null, sender_name: null })
      .where('id', '=', entity.id)
      .execute();
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, { entity, debtor, invoices: [invoice] });
    await withOrganisation(database, organisationId, (trx) =>
      saveEmailChannel(trx, {
        organisationId,
        actor: 'test',
        input: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          username: 'sender',
          password: PASSWORD,
          fromAddress: 'billing@channel.test',
          fromName: 'Channel Sender',
        },
      }),
    );

    const result = await sendApprovedMessages(database, {
      organisationId,
      transport: undefined,
      defaultFrom: 'Collecta <collecta@localhost>',
      logger: createLogger('silent'),
    });
    const message = await readMessage(database, organisationId, messageId);

    expect(result).toMatchObject({ sent: 1, failed: 0, waiting: 0 });
    expect(message.status).toBe('sent');
    expect(message.smtp_message_id).toMatch(/@channel\.test>$/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.from?.value).toEqual([
      { name: 'Channel Sender', address: 'billing@channel.test' },
    ]);
  });
});
