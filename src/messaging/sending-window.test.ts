import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createMailTransport, type MailTransport } from './create-mail-transport.ts';
import { sendApprovedMessages } from './send-approved-messages.ts';
import { sendBatchJob } from './send-batch-job.ts';
import {
  instantAtLocalTime,
  isInsideSendingWindow,
  nextWindowOpening,
  type SendingWindow,
} from './sending-window.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  readMessage,
} from './testing/message-factories.ts';
import { startSmtpServer, type TestSmtpServer } from './testing/start-smtp-server.ts';

const OFFICE_HOURS: SendingWindow = {
  start: '08:00',
  end: '18:00',
  timeZone: 'Europe/Amsterdam',
};

describe('sending window rules', () => {
  it('is open from the start up to the end', () => {
    // Amsterdam is UTC+2 in May.
    expect(isInsideSendingWindow(OFFICE_HOURS, new Date('2024-05-15T05:59:00Z'))).toBe(false);
    expect(isInsideSendingWindow(OFFICE_HOURS, new Date('2024-05-15T06:00:00Z'))).toBe(true);
    expect(isInsideSendingWindow(OFFICE_HOURS, new Date('2024-05-15T15:59:00Z'))).toBe(true);
    expect(isInsideSendingWindow(OFFICE_HOURS, new Date('2024-05-15T16:00:00Z'))).toBe(false);
  });

  it('opens today before the start and tomorrow after the end', () => {
    expect(nextWindowOpening(OFFICE_HOURS, new Date('2024-05-15T04:30:00Z'))).toEqual(
      new Date('2024-05-15T06:00:00Z'),
    );
    expect(nextWindowOpening(OFFICE_HOURS, new Date('2024-05-15T20:00:00Z'))).toEqual(
      new Date('2024-05-16T06:00:00Z'),
    );
    // 23:30 UTC is already 01:30 on the 16th in Amsterdam.
    expect(nextWindowOpening(OFFICE_HOURS, new Date('2024-05-15T23:30:00Z'))).toEqual(
      new Date('2024-05-16T06:00:00Z'),
    );
  });

  it('follows the change to summer time', () => {
    // Summer time starts on Sunday 31 March 2024 at 02:00 in Amsterdam.
    expect(instantAtLocalTime('2024-03-30', '08:00', 'Europe/Amsterdam')).toEqual(
      new Date('2024-03-30T07:00:00Z'),
    );
    expect(instantAtLocalTime('2024-03-31', '08:00', 'Europe/Amsterdam')).toEqual(
      new Date('2024-03-31T06:00:00Z'),
    );
    expect(instantAtLocalTime('2024-07-01', '08:00', 'America/New_York')).toEqual(
      new Date('2024-07-01T12:00:00Z'),
    );
  });
});

describe('sendApprovedMessages sending window', () => {
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
    entity = await buildEntity(database, organisationId, {
      sendingWindowStart: '08:00',
      sendingWindowEnd: '18:00',
    });
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

  async function approvedEmail(number: string): Promise<{ messageId: string; batchId: string }> {
    const debtor = await buildDebtor(database, entity, { name: `Debtor ${number}` });
    const invoice = await buildInvoice(database, debtor, { number });
    const messageId = await buildMessage(database, { entity, debtor, invoices: [invoice] });
    const message = await readMessage(database, organisationId, messageId);
    return { messageId, batchId: message.batch_id };
  }

  it('keeps e-mail approved before the window opens', async () => {
    const { messageId } = await approvedEmail('W-1');

    const early = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
      now: new Date('2024-05-15T04:00:00Z'),
    });

    expect(early.sent).toBe(0);
    expect(early.outsideWindow).toEqual({
      count: 1,
      resumeAt: new Date('2024-05-15T06:00:00Z'),
    });
    expect((await readMessage(database, organisationId, messageId)).status).toBe('approved');

    const inside = await sendApprovedMessages(database, {
      organisationId,
      messageIds: [messageId],
      transport,
      logger,
      now: new Date('2024-05-15T07:00:00Z'),
    });

    expect(inside.sent).toBe(1);
    expect(inside.outsideWindow).toBeUndefined();
    expect((await readMessage(database, organisationId, messageId)).status).toBe('sent');
  });

  it('queues the batch job again for the opening', async () => {
    const { messageId, batchId } = await approvedEmail('W-2');
    const requeued: Date[] = [];

    const result = await sendBatchJob(
      database,
      { organisationId, batchId },
      {
        transport,
        logger,
        now: new Date('2024-05-15T17:30:00Z'),
        requeue: async (startAfter) => {
          requeued.push(startAfter);
        },
      },
    );

    expect(result.sent).toBe(0);
    expect(requeued).toEqual([new Date('2024-05-16T06:00:00Z')]);
    expect((await readMessage(database, organisationId, messageId)).status).toBe('approved');
    const batch = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('message_batches')
        .select('status')
        .where('id', '=', batchId)
        .executeTakeFirstOrThrow(),
    );
    expect(batch.status).toBe('approved');
  });
});
