import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Debtor, Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDsn } from '../../messaging/bounces/testing/build-dsn.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from '../../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  bearer,
  buildTestUser,
  createTestApiKey,
  createTestGroup,
  permissionsWithout,
} from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';
import { MAX_BOUNCE_BYTES } from './bounces.ts';

describe('bounce routes', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let server: TestServer;
  let organisationId: string;
  let entity: Entity;
  let mailServerKey: string;
  let keyWithoutPermission: string;
  const sessions: Record<string, LoggedIn> = {};

  /** A sent e-mail message with a Message-ID, as sendEmailMessage leaves it. */
  async function sentEmail(): Promise<{
    messageId: string;
    smtpMessageId: string;
    debtor: Debtor;
  }> {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, { entity, debtor, invoices: [invoice] });
    const smtpMessageId = `<${messageId}@acme.example>`;
    await withOrganisation(database, organisationId, (trx) =>
      trx
        .updateTable('messages')
        .set({ status: 'sent', smtp_message_id: smtpMessageId, sent_at: new Date() })
        .where('id', '=', messageId)
        .execute(),
    );

    return { messageId, smtpMessageId, debtor };
  }

  const postBounce = (
    headers: Record<string, string>,
    payload: Buffer,
    contentType = 'message/rfc822',
  ) =>
    server.app.inject({
      method: 'POST',
      url: '/api/messages/bounces',
      headers: { ...headers, 'content-type': contentType },
      payload,
    });
  const sessionHeaders = (username: string) => sessions[username]?.headers ?? {};
  const readFlags = (debtorId: string) =>
    withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('invalid_email_addresses')
        .select('address')
        .where('debtor_id', '=', debtorId)
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    server = await buildTestServer(database);
    organisationId = await buildOrganisation(database);
    entity = await buildEntity(database, organisationId);
    await createTestGroup(database, organisationId, {
      slug: 'reader',
      permissions: ['debtors.read', 'dunning.read'],
    });
    await buildTestUser(database, organisationId, { username: 'cora', group: 'credit-manager' });
    await buildTestUser(database, organisationId, { username: 'rita', group: 'reader' });
    const otherEntity = await buildEntity(database, organisationId);
    await buildTestUser(database, organisationId, {
      username: 'ella',
      group: 'credit-manager',
      entityIds: [otherEntity.id],
    });
    await buildOrganisationWithUser(database, { slug: 'other', username: 'bert' });
    mailServerKey = (await createTestApiKey(database, organisationId, ['batches.approve'])).key;
    keyWithoutPermission = (
      await createTestApiKey(database, organisationId, permissionsWithout('batches.approve'))
    ).key;
    for (const username of ['cora', 'rita', 'ella', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  describe('POST /api/messages/bounces', () => {
    it('flags the address from a failure', async () => {
      const { messageId, smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('failedUserUnknown', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce(bearer(mailServerKey), dsn);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        message: messageId,
        action: 'failed',
        status: '5.1.1',
        flagged: debtor.email,
        changed: true,
      });
      expect(await readFlags(debtor.id)).toEqual([{ address: debtor.email }]);
    });

    it('takes text/plain and records a delay', async () => {
      const { messageId, smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('delayedMailboxFull', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce(sessionHeaders('cora'), dsn, 'text/plain');
      const stored = await withOrganisation(database, organisationId, (trx) =>
        trx
          .selectFrom('messages')
          .select(['delivery_status', 'bounced_at'])
          .where('id', '=', messageId)
          .executeTakeFirstOrThrow(),
      );

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ action: 'delayed', flagged: null, changed: true });
      expect(stored).toEqual({ delivery_status: 'delayed', bounced_at: null });
      expect(await readFlags(debtor.id)).toEqual([]);
    });

    it('rejects a message that is no report', async () => {
      const { smtpMessageId, debtor } = await sentEmail();
      const reply = buildDsn('outOfOffice', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce(bearer(mailServerKey), reply);

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toContain(
        'expected multipart/report; report-type=delivery-status',
      );
    });

    it('rejects 11 MB without line breaks', async () => {
      const response = await postBounce(bearer(mailServerKey), Buffer.alloc(11 * 1024 * 1024, 'a'));

      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_input');
      expect(response.json().error.message).toBe(
        'The message is not a usable delivery status notification: it cannot be parsed as an e-mail (Max header size for a MIME node exceeded).',
      );
    });

    it('rejects a body over 20 MiB naming the limit', async () => {
      const response = await postBounce(bearer(mailServerKey), Buffer.alloc(MAX_BOUNCE_BYTES + 1));

      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('payload_too_large');
      expect(response.json().error.message).toBe(
        'The request body is larger than the maximum of 20971520 bytes (20 MiB); send a smaller file.',
      );
    });

    it('rejects an empty body', async () => {
      const response = await postBounce(bearer(mailServerKey), Buffer.alloc(0));

      expect(response.statusCode).toBe(400);
    });

    it('returns 404 for an unknown Message-ID', async () => {
      const dsn = buildDsn('failedUserUnknown', {
        recipient: 'x@example.test',
        messageId: '<unknown@elsewhere.example>',
      });

      const response = await postBounce(bearer(mailServerKey), dsn);

      expect(response.statusCode).toBe(404);
      expect(response.json().error.message).toContain('<unknown@elsewhere.example>');
    });

    it('requires authentication', async () => {
      const { smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('failedUserUnknown', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce({}, dsn);

      expect(response.statusCode).toBe(401);
      expect(await readFlags(debtor.id)).toEqual([]);
    });

    it('requires batches.approve', async () => {
      const { smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('failedUserUnknown', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const byKey = await postBounce(bearer(keyWithoutPermission), dsn);
      const byReader = await postBounce(sessionHeaders('rita'), dsn);

      expect(byKey.statusCode).toBe(403);
      expect(byReader.statusCode).toBe(403);
      expect(await readFlags(debtor.id)).toEqual([]);
    });

    it("keeps to the caller's entities", async () => {
      const { smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('failedUserUnknown', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce(sessionHeaders('ella'), dsn);

      expect(response.statusCode).toBe(404);
      expect(await readFlags(debtor.id)).toEqual([]);
    });

    it('ignores messages of other organisations', async () => {
      const { smtpMessageId, debtor } = await sentEmail();
      const dsn = buildDsn('failedUserUnknown', {
        recipient: debtor.email ?? '',
        messageId: smtpMessageId,
      });

      const response = await postBounce(sessionHeaders('bert'), dsn);

      expect(response.statusCode).toBe(404);
      expect(await readFlags(debtor.id)).toEqual([]);
    });
  });

  describe('invalid e-mail addresses of a debtor', () => {
    async function flaggedDebtor(): Promise<Debtor> {
      const { smtpMessageId, debtor } = await sentEmail();
      const response = await postBounce(
        bearer(mailServerKey),
        buildDsn('failedUserUnknown', { recipient: debtor.email ?? '', messageId: smtpMessageId }),
      );
      expect(response.statusCode).toBe(200);
      return debtor;
    }
    const listUrl = (debtor: Debtor) => `/api/debtors/${debtor.id}/invalid-email-addresses`;
    const deleteFlag = (username: string, debtor: Debtor, address: string) =>
      server.app.inject({
        method: 'DELETE',
        url: `${listUrl(debtor)}/${encodeURIComponent(address)}`,
        headers: sessionHeaders(username),
      });

    it('lists the flagged address', async () => {
      const debtor = await flaggedDebtor();

      const response = await server.app.inject({
        method: 'GET',
        url: listUrl(debtor),
        headers: { cookie: sessions.rita?.cookie ?? '' },
      });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([
        {
          address: debtor.email,
          messageId: expect.any(String),
          reason: expect.stringContaining('5.1.1'),
          flaggedAt: expect.any(String),
        },
      ]);
    });

    it('clears a flag with an audit event', async () => {
      const debtor = await flaggedDebtor();

      const response = await deleteFlag('cora', debtor, (debtor.email ?? '').toUpperCase());
      const again = await deleteFlag('cora', debtor, debtor.email ?? '');
      const audit = await withOrganisation(database, organisationId, (trx) =>
        trx
          .selectFrom('audit_events')
          .select(['actor', 'before'])
          .where('action', '=', 'debtor.invalid_email_cleared')
          .where('subject_id', '=', debtor.id)
          .execute(),
      );

      expect(response.statusCode).toBe(204);
      expect(await readFlags(debtor.id)).toEqual([]);
      expect(again.statusCode).toBe(404);
      expect(audit).toHaveLength(1);
      expect(audit[0]?.before).toMatchObject({ address: debtor.email });
    });

    it('denies clearing without debtors.manage', async () => {
      const debtor = await flaggedDebtor();

      const response = await deleteFlag('rita', debtor, debtor.email ?? '');

      expect(response.statusCode).toBe(403);
      expect(await readFlags(debtor.id)).toHaveLength(1);
    });

    it('hides other organisations', async () => {
      const debtor = await flaggedDebtor();

      const list = await server.app.inject({
        method: 'GET',
        url: listUrl(debtor),
        headers: { cookie: sessions.bert?.cookie ?? '' },
      });
      const cleared = await deleteFlag('bert', debtor, debtor.email ?? '');
      const anonymous = await server.app.inject({ method: 'GET', url: listUrl(debtor) });

      expect(list.statusCode).toBe(404);
      expect(cleared.statusCode).toBe(404);
      expect(anonymous.statusCode).toBe(401);
      expect(await readFlags(debtor.id)).toHaveLength(1);
    });
  });
});
