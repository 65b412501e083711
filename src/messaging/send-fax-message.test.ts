import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProviderChannel } from '../channels/channel-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createMailTransport, type MailTransport } from './create-mail-transport.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
import { FAX_ATTACHMENT_NAME } from './send-fax-message.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
} from './testing/message-factories.ts';
import { startSmtpServer, type TestSmtpServer } from './testing/start-smtp-server.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let smtp: TestSmtpServer;
let transport: MailTransport;
const logger = createLogger('silent');

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  smtp = await startSmtpServer();
  const created = createMailTransport({
    smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    smtpFrom: 'Collecta <collecta@collecta.test>',
  });
  if (!created) {
    throw new Error('createMailTransport returned no transport for an SMTP URL.');
  }
  transport = created;
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await testDatabase?.drop();
});

/** An organisation with one entity, with the fax gateway channel when `addressTemplate` is given. */
async function buildFaxOrganisation(addressTemplate?: string): Promise<Entity> {
  const organisationId = await buildOrganisation(database);
  if (addressTemplate) {
    await withOrganisation(database, organisationId, (trx) =>
      saveProviderChannel(trx, {
        organisationId,
        actor: 'test',
        channel: 'fax',
        input: { provider: 'email_gateway', settings: { addressTemplate } },
      }),
    );
  }

  return buildEntity(database, organisationId);
}

async function faxMessage(entity: Entity, recipient: string | null): Promise<string> {
  const debtor = await buildDebtor(database, entity, { language: 'en' });
  const invoice = await buildInvoice(database, debtor);

  return buildMessage(database, {
    entity,
    debtor,
    invoices: [invoice],
    channel: 'fax',
    templateKey: 'final-notice',
    recipient,
  });
}

function mailsTo(address: string): ParsedMail[] {
  return smtp.received.filter((mail) => {
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    return to.some((entry) => entry?.value.some((value) => value.address === address));
  });
}

describe('sendFaxMessage', () => {
  it('e-mails the letter PDF to the gateway', async () => {
    const entity = await buildFaxOrganisation('{number}@fax.example.net');
    const messageId = await faxMessage(entity, '+31 (0)20 123 4567');

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport,
      logger,
    });
    const mails = mailsTo('31201234567@fax.example.net');
    const stored = await readMessage(database, entity.organisation_id, messageId);
    const pdf = mails[0]?.attachments[0];

    expect(result).toMatchObject({ sent: 1, failed: 0, waiting: 0 });
    expect(mails).toHaveLength(1);
    expect(mails[0]?.attachments).toHaveLength(1);
    expect(pdf?.filename).toBe(FAX_ATTACHMENT_NAME);
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(mails[0]?.subject).toContain('Acme Holland B.V.');
    expect(mails[0]?.messageId).toBe(stored.smtp_message_id);
    expect(stored.status).toBe('sent');
    expect(stored.recipient).toBe('+31 (0)20 123 4567');
  });

  it('sends a fax once', async () => {
    const entity = await buildFaxOrganisation('fax-{number}@gateway.example.net');
    const messageId = await faxMessage(entity, '0031 20 765 4321');
    const send = () =>
      sendApprovedMessages(database, {
        organisationId: entity.organisation_id,
        messageIds: [messageId],
        transport,
        logger,
      });

    const first = await send();
    const second = await send();

    expect(first.sent).toBe(1);
    expect(second).toEqual({ sent: 0, printed: 0, failed: 0, waiting: 0, stuck: [] });
    expect(mailsTo('fax-31207654321@gateway.example.net')).toHaveLength(1);
  });

  it('waits without a fax channel', async () => {
    const entity = await buildFaxOrganisation();
    const messageId = await faxMessage(entity, '+31 20 555 0000');

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport,
      logger,
    });

    expect(result).toMatchObject({ sent: 0, failed: 0, waiting: 1 });
    expect((await readMessage(database, entity.organisation_id, messageId)).status).toBe(
      'approved',
    );
  });

  it('fails without a fax number', async () => {
    const entity = await buildFaxOrganisation('{number}@fax.example.net');
    const messageId = await faxMessage(entity, null);

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport,
      logger,
    });
    const stored = await readMessage(database, entity.organisation_id, messageId);

    expect(result).toMatchObject({ sent: 0, failed: 1 });
    expect(stored.status).toBe('failed');
    expect(stored.error).toBe(
      "The message has no recipient fax number; add a fax number to the debtor's reminders or general contact.",
    );
  });

  it('fails for an invalid fax number', async () => {
    const entity = await buildFaxOrganisation('{number}@fax.example.net');
    const messageId = await faxMessage(entity, 'ask reception');

    await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport,
      logger,
    });
    const stored = await readMessage(database, entity.organisation_id, messageId);

    expect(stored.status).toBe('failed');
    expect(stored.error).toContain('The fax number "ask reception" is invalid');
  });
});
