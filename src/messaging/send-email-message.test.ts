import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { saveInvoiceDocument } from '../invoices/invoice-documents.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createMailTransport, type MailTransport } from './create-mail-transport.ts';
import { LETTER_ATTACHMENT_NAME } from './send-email-message.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
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
let organisationId: string;
let entity: Entity;
let smtp: TestSmtpServer;
let transport: MailTransport;
const logLines: string[] = [];
const logger = createLogger('info', {
  write(line: string) {
    logLines.push(line);
  },
} as unknown as NodeJS.WritableStream);

/** A small PDF whose bytes differ per invoice, so the test can tell the copies apart. */
const invoicePdf = (label: string) =>
  Buffer.from(`%PDF-1.4\n% invoice copy ${label}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

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
  // The second reminder of this organisation's profiles requests both kinds of attachment.
  await withOrganisation(database, organisationId, (trx) =>
    trx
      .updateTable('steps')
      .set({ attach_invoice_copies: true, attach_letter: true })
      .where('template_key', '=', 'reminder-2')
      .execute(),
  );
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await testDatabase?.drop();
});

function onlyMailTo(address: string | null): ParsedMail {
  const mails = smtp.received.filter((mail) => {
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    return to.some((entry) => entry?.value.some((value) => value.address === address));
  });
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  if (!mail) {
    throw new Error(`No e-mail to ${address}.`);
  }
  return mail;
}

const pdfAttachments = (mail: ParsedMail) =>
  mail.attachments.filter((attachment) => attachment.contentType === 'application/pdf');

describe('sendEmailMessage attachments', () => {
  it('attaches invoice copies and the letter', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const first = await buildInvoice(database, debtor, { number: 'INV-COPY-1' });
    const second = await buildInvoice(database, debtor, { number: 'INV-COPY-2' });
    await withOrganisation(database, organisationId, async (trx) => {
      const context = { organisationId, actor: 'test' };
      await saveInvoiceDocument(trx, context, {
        invoiceId: first.id,
        fileName: 'INV-COPY-1.pdf',
        content: invoicePdf('one'),
      });
      await saveInvoiceDocument(trx, context, {
        invoiceId: second.id,
        fileName: 'C:\\scans\\second copy.PDF',
        content: invoicePdf('two'),
      });
    });
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [first, second],
      templateKey: 'reminder-2',
    });

    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });
    const mail = onlyMailTo(debtor.email);
    const pdfs = pdfAttachments(mail);
    const letter = pdfs.find((attachment) => attachment.filename === LETTER_ATTACHMENT_NAME);

    expect(result.sent).toBe(1);
    expect(pdfs.map((attachment) => attachment.filename)).toEqual([
      LETTER_ATTACHMENT_NAME,
      'INV-COPY-1.pdf',
      'second copy.pdf',
    ]);
    expect(pdfs[1]?.content.equals(invoicePdf('one'))).toBe(true);
    expect(pdfs[2]?.content.equals(invoicePdf('two'))).toBe(true);
    expect(letter?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(letter?.content.toString('latin1')).toMatch(/\/Type \/Page\b/);
    expect(mail.html).toContain('INV-COPY-1');
    expect(mail.text).toContain('INV-COPY-2');
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sent');
  });

  it('sends without a missing copy', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'nl' });
    const withCopy = await buildInvoice(database, debtor, { number: 'INV-HAS-COPY' });
    const withoutCopy = await buildInvoice(database, debtor, { number: 'INV-NO-COPY' });
    await withOrganisation(database, organisationId, (trx) =>
      saveInvoiceDocument(
        trx,
        { organisationId, actor: 'test' },
        { invoiceId: withCopy.id, fileName: undefined, content: invoicePdf('has') },
      ),
    );
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [withCopy, withoutCopy],
      templateKey: 'reminder-2',
    });
    logLines.length = 0;

    await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });
    const mail = onlyMailTo(debtor.email);
    const missingLine = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'invoices without a stored copy; the e-mail goes without them');

    expect(pdfAttachments(mail).map((attachment) => attachment.filename)).toEqual([
      LETTER_ATTACHMENT_NAME,
      'invoice-INV-HAS-COPY.pdf',
    ]);
    expect(missingLine?.level).toBe(30);
    expect(missingLine?.invoiceNumbers).toEqual(['INV-NO-COPY']);
    expect(missingLine?.messageId).toBe(messageId);
    expect(JSON.stringify(missingLine)).not.toContain('%PDF');
  });

  it('attaches nothing without the step flags', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-PLAIN' });
    await withOrganisation(database, organisationId, (trx) =>
      saveInvoiceDocument(
        trx,
        { organisationId, actor: 'test' },
        { invoiceId: invoice.id, fileName: 'plain.pdf', content: invoicePdf('plain') },
      ),
    );
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      templateKey: 'reminder-1',
    });

    await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
    });

    expect(pdfAttachments(onlyMailTo(debtor.email))).toEqual([]);
  });
});
