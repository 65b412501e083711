import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChannels, saveProviderChannel } from '../channels/channel-settings.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
import { sendBatchJob } from './send-batch-job.ts';
import { normalisePhoneNumber } from './send-sms-message.ts';
import { measureSms } from './sms-encoding.ts';
import { startFakeTwilio, type FakeTwilio } from './testing/fake-twilio.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
} from './testing/message-factories.ts';

const PUBLIC_URL = 'https://collecta.example.test';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let twilio: FakeTwilio;
let organisationId: string;
let entity: Entity;
const logLines: string[] = [];
const logger = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  twilio = await startFakeTwilio();
  organisationId = await buildOrganisation(database);
  entity = await buildEntity(database, organisationId, { language: 'nl' });
  await saveTwilioChannel(organisationId, twilio.authToken);
}, 180_000);

afterAll(async () => {
  await twilio?.close();
  await testDatabase?.drop();
});

async function saveTwilioChannel(organisation: string, secret: string): Promise<void> {
  await withOrganisation(database, organisation, (trx) =>
    saveProviderChannel(trx, {
      organisationId: organisation,
      actor: 'test',
      channel: 'sms',
      input: {
        provider: 'twilio',
        settings: { accountId: twilio.accountSid, sender: '+3197010203040' },
        secret,
      },
    }),
  );
}

async function smsMessage(recipient: string | null, language = 'nl') {
  const debtor = await buildDebtor(database, entity, { language });
  const invoice = await buildInvoice(database, debtor, { amount_minor: 12_345 });
  const messageId = await buildMessage(database, {
    entity,
    debtor,
    invoices: [invoice],
    channel: 'sms',
    recipient,
  });
  const message = await readMessage(database, organisationId, messageId);

  return { messageId, batchId: message.batch_id, debtor };
}

const smsOptions = () => ({ publicUrl: PUBLIC_URL, twilioApiUrl: twilio.baseUrl });

describe('sending SMS through Twilio', () => {
  it('sends an approved SMS once and records it', async () => {
    const { messageId, batchId, debtor } = await smsMessage('+31 6 1234 5678');
    const before = twilio.requestCount;

    const result = await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );

    expect(result.sent).toBe(1);
    expect(twilio.requestCount).toBe(before + 1);
    const sent = twilio.messages.at(-1);
    expect(sent?.to).toBe('+31612345678');
    expect(sent?.from).toBe('+3197010203040');
    expect(sent?.statusCallback).toBe(`${PUBLIC_URL}/api/webhooks/sms/twilio/${organisationId}`);
    expect(sent?.body).toContain(debtor.number);
    expect(sent?.body).toContain('Betaal binnen 7 dagen');
    expect(sent?.body).toContain('123,45');
    expect(sent?.body).not.toMatch(/\n|\u00a0|\u202f/);

    const message = await readMessage(database, organisationId, messageId);
    expect(message.status).toBe('sent');
    expect(message.provider_message_id).toBe(sent?.sid);
    expect(message.segments).toBe(measureSms(sent?.body ?? '').segments);
    expect(message.delivery_status).toBe('queued');
    expect(message.sent_at).not.toBeNull();
  });

  it('renders GSM-7 text, so the euro amount costs no UCS-2', async () => {
    const { batchId } = await smsMessage('+31612345001', 'en');
    await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );
    const body = twilio.messages.at(-1)?.body ?? '';
    expect(body).toContain('€');
    expect(measureSms(body).encoding).toBe('GSM-7');
  });

  it('never sends a sent SMS again on a retry', async () => {
    const { messageId, batchId } = await smsMessage('+31612345002');
    await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );
    const afterFirst = twilio.requestCount;
    const sid = (await readMessage(database, organisationId, messageId)).provider_message_id;

    const again = await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );
    const direct = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport: undefined,
      logger,
      sms: smsOptions(),
    });

    expect(again.sent).toBe(0);
    expect(direct.sent).toBe(0);
    expect(twilio.requestCount).toBe(afterFirst);
    expect((await readMessage(database, organisationId, messageId)).provider_message_id).toBe(sid);
  });

  it('marks the message failed with the provider error', async () => {
    const { messageId, batchId, debtor } = await smsMessage('+31612345003');
    twilio.failNext({
      httpStatus: 400,
      code: 21408,
      message:
        'Permission to send an SMS has not been enabled for the region indicated by the To number',
    });

    const result = await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );

    expect(result.failed).toBe(1);
    const message = await readMessage(database, organisationId, messageId);
    expect(message.status).toBe('failed');
    expect(message.error).toContain('error 21408');
    expect(message.error).toContain('Permission to send an SMS has not been enabled');
    expect(message.provider_message_id).toBeNull();
    const flagged = await flaggedNumbers(debtor.id);
    expect(flagged).toEqual([]);
  });

  it('flags a number that Twilio rejects as invalid', async () => {
    const { messageId, batchId, debtor } = await smsMessage('0612');

    await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport: undefined,
        logger,
        sms: smsOptions(),
      },
    );

    const message = await readMessage(database, organisationId, messageId);
    expect(message.status).toBe('failed');
    // The national number goes out with the debtor's calling code; the flag keeps it as stored.
    expect(message.error).toContain("The 'To' number +31612 is not a valid phone number.");
    expect(await flaggedNumbers(debtor.id)).toEqual(['0612']);
  });

  it('leaves SMS waiting without SMS options', async () => {
    const { messageId } = await smsMessage('+31612345004');
    const result = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport: undefined,
      logger,
    });
    expect(result.waiting).toBe(1);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('approved');
  });

  it('keeps the auth token out of logs and channel views', async () => {
    // With a wrong token Twilio responds 401, which is logged as an error.
    const otherOrganisation = await buildOrganisation(database);
    const otherEntity = await buildEntity(database, otherOrganisation);
    const wrongToken = 'a-wrong-token-that-must-stay-secret';
    await saveTwilioChannel(otherOrganisation, wrongToken);
    const debtor = await buildDebtor(database, otherEntity);
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, {
      entity: otherEntity,
      debtor,
      invoices: [invoice],
      channel: 'sms',
      recipient: '+31612345005',
    });

    const result = await sendApprovedMessages(database, {
      organisationId: otherOrganisation,
      messageIds: [messageId],
      transport: undefined,
      logger,
      sms: smsOptions(),
    });
    const message = await readMessage(database, otherOrganisation, messageId);
    const view = await withOrganisation(database, otherOrganisation, (trx) => readChannels(trx));

    expect(result.failed).toBe(1);
    expect(message.error).toContain('error 20003');
    expect(logLines.join('')).toContain('SMS sending failed');
    expect(logLines.join('')).not.toContain(wrongToken);
    expect(logLines.join('')).not.toContain(twilio.authToken);
    expect(message.error).not.toContain(wrongToken);
    expect(JSON.stringify(view)).not.toContain(wrongToken);
    expect(view.sms?.hasSecret).toBe(true);
  });
});

describe('normalisePhoneNumber', () => {
  it('removes separators and turns 00 into +', () => {
    expect(normalisePhoneNumber('+31 (0)6-1234.5678')).toBe('+31612345678');
    expect(normalisePhoneNumber('0031 6 12345678')).toBe('+31612345678');
    expect(normalisePhoneNumber('+31 6 12345678')).toBe('+31612345678');
  });

  it('adds the calling code to national numbers', () => {
    expect(normalisePhoneNumber('06 12345678', 'NL')).toBe('+31612345678');
    expect(normalisePhoneNumber('0470 12 34 56', 'be')).toBe('+32470123456');
    expect(normalisePhoneNumber('0151 23456789', 'DE')).toBe('+4915123456789');
  });

  it('keeps national numbers of unknown countries', () => {
    expect(normalisePhoneNumber('06 12345678', 'ES')).toBe('0612345678');
    expect(normalisePhoneNumber('06 12345678', null)).toBe('0612345678');
    expect(normalisePhoneNumber('+31 6 12345678', 'DE')).toBe('+31612345678');
  });
});

async function flaggedNumbers(debtorId: string): Promise<string[]> {
  const rows = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('invalid_mobile_numbers')
      .select('number')
      .where('debtor_id', '=', debtorId)
      .execute(),
  );
  return rows.map((row) => row.number);
}
