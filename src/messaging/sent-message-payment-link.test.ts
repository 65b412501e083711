import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProviderChannel } from '../channels/channel-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { ChargeKind, Debtor, Entity, Invoice } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { renderBatchLettersPdf } from './batch-letters-pdf.ts';
import { createMailTransport, type MailTransport } from './create-mail-transport.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
import { startFakeTwilio, type FakeTwilio } from './testing/fake-twilio.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
} from './testing/message-factories.ts';
import { readPdfText } from './testing/read-pdf-text.ts';
import { startSmtpServer, type TestSmtpServer } from './testing/start-smtp-server.ts';

const PUBLIC_URL = 'https://collecta.example.test';
const MOLLIE_KEY = 'test_sentmessagelinkkey000000000';
/** A payment link address: PUBLIC_URL, /pay/ and a 43-character base64url token. */
const PAYMENT_LINK = /https:\/\/collecta\.example\.test\/pay\/[A-Za-z0-9_-]{43}/;

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let smtp: TestSmtpServer;
let transport: MailTransport;
let twilio: FakeTwilio;
const logger = createLogger('silent');

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  smtp = await startSmtpServer();
  twilio = await startFakeTwilio();
  const created = createMailTransport({
    smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    smtpFrom: 'Collecta <collecta@collecta.test>',
  });
  if (!created) {
    throw new Error('createMailTransport returned no transport for an SMTP URL.');
  }
  transport = created;
}, 180_000);

afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await twilio?.close();
  await testDatabase?.drop();
});

/** Creates an organisation and entity, with a Twilio SMS channel and, when requested, a Mollie payment channel. */
async function buildTenant(options: { paymentChannel: boolean }): Promise<Entity> {
  const organisationId = await buildOrganisation(database);
  const entity = await buildEntity(database, organisationId);
  await withOrganisation(database, organisationId, async (trx) => {
    if (options.paymentChannel) {
      await saveProviderChannel(trx, {
        organisationId,
        actor: 'test',
        channel: 'payment',
        input: { provider: 'mollie', settings: {}, secret: MOLLIE_KEY },
      });
    }
    await saveProviderChannel(trx, {
      organisationId,
      actor: 'test',
      channel: 'sms',
      input: {
        provider: 'twilio',
        settings: { accountId: twilio.accountSid, sender: '+3197010203040' },
        secret: twilio.authToken,
      },
    });
  });

  return entity;
}

function mailTo(address: string | null) {
  const mail = smtp.received.find((received) => {
    const to = Array.isArray(received.to) ? received.to : [received.to];
    return to.some((entry) => entry?.value.some((value) => value.address === address));
  });
  if (!mail) {
    throw new Error(`No e-mail to ${address} reached the test SMTP server.`);
  }

  return mail;
}

/** Returns the text of an uncompressed letter PDF, its runs joined by spaces. */
function pdfText(pdf: Buffer): string {
  return readPdfText(pdf)
    .runs.map((run) => run.text)
    .join(' ');
}

describe('payment link in sent messages', () => {
  let entity: Entity;

  beforeAll(async () => {
    entity = await buildTenant({ paymentChannel: true });
  });

  it('puts the link in the e-mail', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-LINK-MAIL' });
    const messageId = await buildMessage(database, { entity, debtor, invoices: [invoice] });

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport,
      publicUrl: PUBLIC_URL,
      logger,
    });
    const mail = mailTo(debtor.email);
    const link = PAYMENT_LINK.exec(mail.text ?? '')?.[0];

    expect(result.sent).toBe(1);
    expect(link).toBeDefined();
    expect(mail.text).toContain(`Pay online: ${link}`);
    expect(mail.html).toContain(`<a href="${link}">${link}</a>`);
  });

  it('puts the link in the SMS', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'nl' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-LINK-SMS' });
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      channel: 'sms',
      recipient: '+31612340001',
    });

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport: undefined,
      sms: { publicUrl: PUBLIC_URL, twilioApiUrl: twilio.baseUrl },
      logger,
    });
    const body = twilio.messages.at(-1)?.body ?? '';

    expect(result.sent).toBe(1);
    expect(body).toMatch(new RegExp(`Online betalen: ${PAYMENT_LINK.source}$`));
  });

  it('puts the link in printed letters', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'de' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-LINK-LETTER' });
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      channel: 'letter',
      recipient: null,
    });
    const { batch_id: batchId } = await readMessage(database, entity.organisation_id, messageId);

    const result = await sendApprovedMessages(database, {
      organisationId: entity.organisation_id,
      messageIds: [messageId],
      transport: undefined,
      publicUrl: PUBLIC_URL,
      logger,
    });
    const pdf = await withOrganisation(database, entity.organisation_id, (trx) =>
      renderBatchLettersPdf(trx, { batchId, compress: false, publicUrl: PUBLIC_URL }),
    );

    expect(result.printed).toBe(1);
    // The letter wraps a long address where it fits, so the spaces of the extracted text are left out.
    const letterText = pdfText(pdf).replace(/\s+/g, '');
    expect(letterText).toMatch(new RegExp(`Onlinebezahlen:${PAYMENT_LINK.source}`));
  });

  it('leaves the link out without a payment channel', async () => {
    const withoutChannel = await buildTenant({ paymentChannel: false });
    const debtor = await buildDebtor(database, withoutChannel, { language: 'en' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-NO-LINK' });
    const messageId = await buildMessage(database, {
      entity: withoutChannel,
      debtor,
      invoices: [invoice],
    });

    await sendApprovedMessages(database, {
      organisationId: withoutChannel.organisation_id,
      messageIds: [messageId],
      transport,
      publicUrl: PUBLIC_URL,
      logger,
    });
    const mail = mailTo(debtor.email);

    expect(mail.text).toContain('INV-NO-LINK');
    expect(mail.text).not.toContain('/pay/');
    expect(mail.text).not.toContain('Pay online');
    expect(mail.html).not.toContain('/pay/');
  });
});

describe('charges in the letter PDF', () => {
  let entity: Entity;

  beforeAll(async () => {
    entity = await buildTenant({ paymentChannel: false });
  });

  /** Adds an open charge on the invoice, charged before the message's run date. */
  async function addCharge(
    debtor: Debtor,
    invoice: Invoice,
    kind: ChargeKind,
    amountMinor: number,
  ): Promise<void> {
    await withOrganisation(database, entity.organisation_id, (trx) =>
      trx
        .insertInto('charges')
        .values({
          organisation_id: entity.organisation_id,
          entity_id: entity.id,
          debtor_id: debtor.id,
          invoice_id: invoice.id,
          kind,
          charged_on: '2024-05-10',
          currency: 'EUR',
          amount_minor: amountMinor,
          vat_minor: 0,
          calculation: JSON.stringify({ test: true }),
        })
        .execute(),
    );
  }

  const renderLetter = (messageId: string) =>
    withOrganisation(database, entity.organisation_id, (trx) =>
      renderLetterPdf(trx, { messageId, compress: false }),
    );

  it('lists costs, interest, fees and total due', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor, {
      number: 'INV-CHARGED',
      amount_minor: 100_000,
    });
    await addCharge(debtor, invoice, 'collection_costs', 15_000);
    await addCharge(debtor, invoice, 'interest', 1_234);
    await addCharge(debtor, invoice, 'fee', 500);
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      channel: 'letter',
      recipient: null,
    });

    const runs = readPdfText(await renderLetter(messageId)).runs.map((run) => run.text);
    const after = (label: string) => runs[runs.indexOf(label) + 1];

    expect(runs).toContain('Collection costs');
    expect(after('Collection costs')).toMatch(/150\.00$/);
    expect(after('Interest')).toMatch(/12\.34$/);
    expect(after('Fees')).toMatch(/5\.00$/);
    expect(after('Total due')).toMatch(/1,167\.34$/);
    // "Amount" heads a table column too; the payment block's amount row comes last.
    expect(runs[runs.lastIndexOf('Amount') + 1]).toMatch(/1,167\.34$/);
  });

  it('shows no charge rows without charges', async () => {
    const debtor = await buildDebtor(database, entity, { language: 'en' });
    const invoice = await buildInvoice(database, debtor, { number: 'INV-UNCHARGED' });
    const messageId = await buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
      channel: 'letter',
      recipient: null,
    });

    const text = pdfText(await renderLetter(messageId));

    expect(text).toContain('INV-UNCHARGED');
    expect(text).not.toContain('Collection costs');
    expect(text).not.toContain('Total due');
  });
});
