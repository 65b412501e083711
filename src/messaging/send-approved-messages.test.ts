import { PassThrough } from 'node:stream';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Debtor, Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createMailTransport, type MailTransport } from './create-mail-transport.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
import { sendBatchJob } from './send-batch-job.ts';
import { withTransferLock } from './message-transfer-lock.ts';
import { decodeQrPng } from './testing/decode-qr.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
  type MessageOverrides,
} from './testing/message-factories.ts';
import { startSmtpServer, type TestSmtpServer } from './testing/start-smtp-server.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let organisationId: string;
let entity: Entity;
let smtp: TestSmtpServer;
let transport: MailTransport;
const logger = createLogger('silent');

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  organisationId = await buildOrganisation(database);
  entity = await buildEntity(database, organisationId);
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

const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function messageFor(
  debtor: Parameters<typeof buildDebtor>[2],
  overrides: MessageOverrides & { invoiceNumber?: string } = {},
): Promise<{ messageId: string; debtor: Debtor }> {
  const { invoiceNumber, ...messageOverrides } = overrides;
  const debtorRow = await buildDebtor(database, entity, debtor);
  const invoice = await buildInvoice(database, debtorRow, {
    ...(invoiceNumber ? { number: invoiceNumber } : {}),
  });
  const messageId = await buildMessage(database, {
    entity,
    debtor: debtorRow,
    invoices: [invoice],
    ...messageOverrides,
  });

  return { messageId, debtor: debtorRow };
}

function mailsTo(address: string | null): ParsedMail[] {
  return smtp.received.filter((mail) => {
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    return to.some((entry) => entry?.value.some((value) => value.address === address));
  });
}

function onlyMailTo(address: string | null): ParsedMail {
  const mails = mailsTo(address);
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  if (!mail) {
    throw new Error(`No e-mail to ${address}.`);
  }
  return mail;
}

describe('sendApprovedMessages e-mail', () => {
  it('sends in the debtor language', async () => {
    const dutch = await messageFor({ language: 'nl' });
    const english = await messageFor({ language: 'en' });
    const entityLanguage = await messageFor({ language: null });

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [dutch.messageId, english.messageId, entityLanguage.messageId],
      transport,
      logger,
    });

    expect(result).toEqual({ sent: 3, printed: 0, failed: 0, waiting: 0, stuck: [] });
    expect(onlyMailTo(dutch.debtor.email).subject).toBe('Betalingsherinnering – Acme Holland B.V.');
    expect(plainSpaces(onlyMailTo(dutch.debtor.email).text ?? '')).toContain(
      'Totaal openstaand: € 1.234,56',
    );
    expect(onlyMailTo(english.debtor.email).subject).toBe('Payment reminder – Acme Holland B.V.');
    expect(onlyMailTo(english.debtor.email).text).toContain('Total open: €1,234.56');
    expect(onlyMailTo(entityLanguage.debtor.email).subject).toBe(
      'Betalingsherinnering – Acme Holland B.V.',
    );
  });

  it('records the Message-ID and sender', async () => {
    const { messageId, debtor } = await messageFor({ language: 'en' });

    await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });
    const mail = onlyMailTo(debtor.email);
    const stored = await readMessage(database, organisationId, messageId);

    expect(stored.status).toBe('sent');
    expect(stored.sent_at).toBeInstanceOf(Date);
    expect(stored.error).toBeNull();
    expect(stored.smtp_message_id).toMatch(/^<[0-9a-f-]{36}@acme\.example>$/);
    expect(mail.messageId).toBe(stored.smtp_message_id);
    expect(mail.from?.value).toEqual([
      { name: 'Acme Debiteuren', address: 'debiteuren@acme.example' },
    ]);
  });

  it('carries the RF reference and EPC QR code', async () => {
    const { debtor } = await sendOne({ language: 'en' });
    const mail = onlyMailTo(debtor.email);
    const qr = mail.attachments.find((attachment) => attachment.contentType === 'image/png');

    expect(mail.text).toContain('Payment reference: RF18 5390 0754 7034');
    expect(qr?.cid).toBe('epc-qr@collecta');
    expect(qr?.related).toBe(true);
    const payload = decodeQrPng(qr?.content ?? Buffer.alloc(0)).split(/\r?\n/);
    expect(payload.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
    expect(payload).toContain('NL91ABNA0417164300');
    expect(payload).toContain('EUR1234.56');
    expect(payload).toContain('RF18539007547034');
  });

  it('keeps special characters and emoji', async () => {
    const name = 'Müller & Söhne <"Test"> 🚀';
    const { debtor } = await sendOne({ name, language: 'en' });
    const mail = onlyMailTo(debtor.email);

    expect(mail.html).toContain('Müller &amp; Söhne &lt;&#34;Test&#34;&gt; 🚀 &middot;');
    expect(mail.html).not.toContain('<"Test">');
    expect(mail.text).toContain(`${name} | Customer number:`);
    expect(mail.text).not.toContain('&amp;');
  });

  it('writes a French debtor in French', async () => {
    const { debtor } = await sendOne(
      { name: 'Société Exemple', language: 'fr' },
      { invoiceNumber: 'F-1' },
    );
    const mail = onlyMailTo(debtor.email);
    const text = plainSpaces(mail.text ?? '');

    expect(mail.subject).toBe('Rappel de paiement – Acme Holland B.V.');
    expect(text).toContain('Sauf erreur de notre part');
    expect(text).toContain('Facture F-1');
    expect(text).toContain('Échéance : 03/05/2024');
    expect(text).toContain('Total restant dû : 1 234,56 €');
    expect(plainSpaces(mail.html || '')).toContain('<th>Date de facture</th>');
  });

  it('attaches the letter to a final notice', async () => {
    const { debtor } = await sendOne({ language: 'en' }, { templateKey: 'final-notice' });
    const mail = onlyMailTo(debtor.email);
    const pdf = mail.attachments.find((attachment) => attachment.contentType === 'application/pdf');

    expect(mail.subject).toBe('Final notice – overdue invoices Acme Holland B.V.');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

async function sendOne(
  debtor: Parameters<typeof buildDebtor>[2],
  overrides: MessageOverrides & { invoiceNumber?: string } = {},
) {
  const created = await messageFor(debtor, overrides);
  const result = await sendApprovedMessages(database, {
    organisationId,
    messageIds: [created.messageId],
    transport,
    logger,
  });
  expect(result.sent).toBe(1);

  return created;
}

describe('sendApprovedMessages exactly once', () => {
  it('sends once when called twice', async () => {
    const { messageId, debtor } = await messageFor({ language: 'en' });
    const params = { organisationId, messageIds: [messageId], transport, logger };

    const first = await sendApprovedMessages(database, params);
    const second = await sendApprovedMessages(database, params);

    expect(first.sent).toBe(1);
    expect(second.sent).toBe(0);
    expect(mailsTo(debtor.email)).toHaveLength(1);
  });

  it('sends once when called concurrently', async () => {
    const { messageId, debtor } = await messageFor({ language: 'en' });
    const params = { organisationId, messageIds: [messageId], transport, logger };

    const results = await Promise.all([
      sendApprovedMessages(database, params),
      sendApprovedMessages(database, params),
    ]);

    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(1);
    expect(mailsTo(debtor.email)).toHaveLength(1);
  });

  it('resends an interrupted e-mail with its Message-ID', async () => {
    const { messageId, debtor } = await interruptedMessage('<interrupted-1@collecta.test>');

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });

    expect(result.sent).toBe(1);
    expect(result.stuck).toEqual([]);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sent');
    expect(onlyMailTo(debtor.email).messageId).toBe('<interrupted-1@collecta.test>');
  });

  it('leaves an e-mail in transfer to its sender', async () => {
    const { messageId, debtor } = await interruptedMessage('<in-transfer-1@collecta.test>');

    // Holding the lock here plays a live sender in the middle of the transfer.
    const locked = await withTransferLock(database, messageId, () =>
      sendApprovedMessages(database, {
        organisationId,
        messageIds: [messageId],
        transport,
        logger,
      }),
    );

    expect(locked.acquired).toBe(true);
    const result = locked.acquired ? locked.value : undefined;
    expect(result?.sent).toBe(0);
    expect(result?.stuck).toEqual([]);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sending');
    expect(mailsTo(debtor.email)).toHaveLength(0);
  });

  it('reports an interrupted SMS as stuck', async () => {
    const { messageId } = await interruptedMessage(null, { channel: 'sms' });

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });

    expect(result.stuck).toEqual([messageId]);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sending');
  });

  it('reports an interrupted e-mail without SMTP', async () => {
    const { messageId } = await interruptedMessage('<no-smtp-1@collecta.test>');

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport: undefined,
      logger,
    });

    expect(result.stuck).toEqual([messageId]);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sending');
  });
});

/** Builds a message left in "sending" by a sender that stopped after claiming it. */
async function interruptedMessage(
  smtpMessageId: string | null,
  overrides: MessageOverrides = {},
): Promise<{ messageId: string; debtor: Debtor }> {
  const built = await messageFor({ language: 'en' }, { ...overrides, status: 'sending' });
  await withOrganisation(database, organisationId, (trx) =>
    trx
      .updateTable('messages')
      .set({ smtp_message_id: smtpMessageId })
      .where('id', '=', built.messageId)
      .execute(),
  );

  return built;
}

describe('sendApprovedMessages without SMTP', () => {
  it('keeps e-mail approved in the outbox', async () => {
    const { messageId, debtor } = await messageFor({ language: 'en' });
    const noTransport = createMailTransport({ smtpUrl: undefined, smtpFrom: 'x@collecta.test' });

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport: noTransport,
      logger,
    });

    expect(noTransport).toBeUndefined();
    expect(result).toEqual({ sent: 0, printed: 0, failed: 0, waiting: 1, stuck: [] });
    expect((await readMessage(database, organisationId, messageId)).status).toBe('approved');
    expect(mailsTo(debtor.email)).toHaveLength(0);
  });

  it('releases letters for printing', async () => {
    const { messageId, debtor } = await messageFor(
      { language: 'nl' },
      { channel: 'letter', templateKey: 'final-notice' },
    );

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport: undefined,
      logger,
    });
    const stored = await readMessage(database, organisationId, messageId);

    expect(result.printed).toBe(1);
    expect(stored.status).toBe('sent');
    expect(stored.sent_at).toBeInstanceOf(Date);
    expect(stored.smtp_message_id).toBeNull();
    expect(mailsTo(debtor.email)).toHaveLength(0);
  });
});

describe('sendApprovedMessages failures', () => {
  it('marks a rejected recipient failed', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const { messageId } = await messageFor(
      { language: 'en' },
      { recipient: 'reject@example.test' },
    );

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger: createLogger('info', stream),
    });
    const stored = await readMessage(database, organisationId, messageId);

    expect(result.failed).toBe(1);
    expect(stored.status).toBe('failed');
    expect(stored.error).toContain('Mailbox unavailable');
    expect(stored.sent_at).toBeNull();
    const logLine = lines.find((line) => line.includes('e-mail sending failed'));
    expect(logLine).toContain(messageId);
  });

  it('marks a message without recipient failed', async () => {
    const { messageId } = await messageFor({ language: 'en' }, { recipient: null });

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });
    const stored = await readMessage(database, organisationId, messageId);

    expect(result.failed).toBe(1);
    expect(stored.status).toBe('failed');
    expect(stored.error).toContain('no recipient');
  });
});

describe('sendBatchJob', () => {
  it('sends the batch and closes it', async () => {
    const first = await messageFor({ language: 'en' }, { asOf: '2024-06-03' });
    const second = await messageFor({ language: 'nl' }, { asOf: '2024-06-03' });
    const stored = await readMessage(database, organisationId, first.messageId);

    const result = await sendBatchJob(
      database,
      { organisationId, batchId: stored.batch_id },
      { transport, logger },
    );
    const batch = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('message_batches')
        .select('status')
        .where('id', '=', stored.batch_id)
        .executeTakeFirstOrThrow(),
    );

    expect(result.sent).toBe(2);
    expect(batch.status).toBe('sent');
    expect(mailsTo(first.debtor.email)).toHaveLength(1);
    expect(mailsTo(second.debtor.email)).toHaveLength(1);
  });

  it('keeps a batch whose every message failed approved', async () => {
    const { messageId } = await messageFor(
      { language: 'en' },
      { recipient: 'reject@example.test', asOf: '2024-06-04' },
    );
    const stored = await readMessage(database, organisationId, messageId);

    const result = await sendBatchJob(
      database,
      { organisationId, batchId: stored.batch_id },
      { transport, logger },
    );
    const batch = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('message_batches')
        .select('status')
        .where('id', '=', stored.batch_id)
        .executeTakeFirstOrThrow(),
    );

    expect(result.failed).toBe(1);
    expect(batch.status).toBe('approved');
  });
});
