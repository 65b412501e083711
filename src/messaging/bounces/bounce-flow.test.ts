import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { approveBatch } from '../../dunning/approve-batch.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../../dunning/test-factories.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { createMailTransport, type MailTransport } from '../create-mail-transport.ts';
import { sendApprovedMessages } from '../send-approved-messages.ts';
import { startSmtpServer, type TestSmtpServer } from '../testing/start-smtp-server.ts';
import { ingestBounce } from './ingest-bounce.ts';
import { buildDsn } from './testing/build-dsn.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let tenant: TestTenant;
let smtp: TestSmtpServer;
let transport: MailTransport;
const logger = createLogger('silent');
const context = () => ({ organisationId: tenant.organisationId, actor: 'mail-server', logger });

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  tenant = await createTenant(database, 'bounce-flow', { country: 'NL' });
  await withOrganisation(database, tenant.organisationId, async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Bounce flow',
      steps: [
        { name: 'reminder-1', dayOffset: 7 },
        { name: 'reminder-2', dayOffset: 21 },
      ],
    });
    const debtorId = await insertDebtor(trx, tenant, {
      number: 'D-1',
      email: 'Jan.Jansen@Example.test',
      addressLine: 'Kade 1',
      postalCode: '1011 AB',
      city: 'Amsterdam',
      segmentId,
    });
    await insertInvoice(trx, tenant, {
      debtorId,
      number: 'F-1',
      dueDate: '2024-05-03',
      amount: '1234.56',
    });
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
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  transport?.close();
  await smtp?.close();
  await testDatabase?.drop();
});

/** Approves the batches of the run on `asOf` and sends them; returns the sent messages' ids. */
async function runApproveAndSend(asOf: string): Promise<void> {
  await runOn(database, tenant, asOf);
  const batches = await withOrganisation(database, tenant.organisationId, (trx) =>
    trx.selectFrom('message_batches').select('id').where('status', '=', 'pending').execute(),
  );
  for (const batch of batches) {
    await withOrganisation(database, tenant.organisationId, (trx) =>
      approveBatch(trx, { batchId: batch.id, actor: 'test' }),
    );
  }
  await sendApprovedMessages(database, {
    organisationId: tenant.organisationId,
    transport,
    logger,
  });
}

async function readBounceState(messageId: string) {
  return withOrganisation(database, tenant.organisationId, async (trx) => ({
    message: await trx
      .selectFrom('messages')
      .select(['status', 'delivery_status', 'bounced_at', 'bounce_reason', 'smtp_message_id'])
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow(),
    flags: await trx
      .selectFrom('invalid_email_addresses')
      .select(['address', 'message_id', 'reason', 'entity_id'])
      .execute(),
    audit: await trx
      .selectFrom('audit_events')
      .select(['action', 'actor'])
      .where('subject_id', '=', messageId)
      .where('action', '=', 'message.bounced')
      .execute(),
  }));
}

describe('bounce flow', () => {
  it('turns the next e-mail step into a letter', async () => {
    await runApproveAndSend('2024-05-10');
    const [first] = await readMessages(database, tenant);
    const sent = smtp.received.find((mail) => mail.messageId !== undefined);
    const smtpMessageId = sent?.messageId ?? '';

    expect(first?.channel).toBe('email');
    expect(first?.status).toBe('sent');
    expect(smtp.received).toHaveLength(1);

    const outcome = await ingestBounce(
      database,
      context(),
      buildDsn('failedUserUnknown', {
        recipient: 'jan.jansen@example.test',
        messageId: smtpMessageId,
      }),
    );
    const state = await readBounceState(first?.id ?? '');

    expect(outcome).toEqual({
      messageId: first?.id,
      action: 'failed',
      status: '5.1.1',
      flagged: 'jan.jansen@example.test',
      changed: true,
    });
    expect(state.message.delivery_status).toBe('bounced');
    expect(state.message.bounced_at).toBeInstanceOf(Date);
    expect(state.message.bounce_reason).toBe(
      '5.1.1 550 5.1.1 <jan.jansen@example.test>: Recipient address rejected: User unknown in virtual mailbox table',
    );
    expect(state.flags).toEqual([
      {
        address: 'jan.jansen@example.test',
        message_id: first?.id,
        reason: state.message.bounce_reason,
        entity_id: tenant.entity.id,
      },
    ]);
    expect(state.audit).toEqual([{ action: 'message.bounced', actor: 'mail-server' }]);

    await runApproveAndSend('2024-05-24');
    const second = (await readMessages(database, tenant)).find(
      (message) => message.step === 'reminder-2',
    );

    expect(second?.channel).toBe('letter');
    expect(second?.recipient).toBe('Debtor D-1, Kade 1, 1011 AB Amsterdam');
    expect(second?.explanation.reason).toContain(
      "Sent as a letter because an earlier e-mail to the debtor's address bounced.",
    );
    expect(smtp.received).toHaveLength(1);
  });

  it('records the same report once', async () => {
    const [first] = await readMessages(database, tenant);
    const before = await readBounceState(first?.id ?? '');
    const dsn = buildDsn('failedUserUnknown', {
      recipient: 'jan.jansen@example.test',
      messageId: before.message.smtp_message_id ?? '',
    });

    const outcome = await ingestBounce(database, context(), dsn);
    const after = await readBounceState(first?.id ?? '');

    expect(outcome.changed).toBe(false);
    expect(outcome.flagged).toBe('jan.jansen@example.test');
    expect(after.message.bounced_at).toEqual(before.message.bounced_at);
    expect(after.flags).toEqual(before.flags);
    expect(after.audit).toHaveLength(1);
  });

  it('ignores a delay after the bounce', async () => {
    const [first] = await readMessages(database, tenant);
    const before = await readBounceState(first?.id ?? '');

    const outcome = await ingestBounce(
      database,
      context(),
      buildDsn('delayedMailboxFull', {
        recipient: 'jan.jansen@example.test',
        messageId: before.message.smtp_message_id ?? '',
      }),
    );

    expect(outcome).toMatchObject({ action: 'delayed', changed: false, flagged: null });
    expect((await readBounceState(first?.id ?? '')).message.delivery_status).toBe('bounced');
  });

  it('rejects an unknown Message-ID', async () => {
    const ingesting = ingestBounce(
      database,
      context(),
      buildDsn('failedUserUnknown', {
        recipient: 'someone@example.test',
        messageId: '<not-ours@elsewhere.example>',
      }),
    );

    await expect(ingesting).rejects.toMatchObject({ code: 'not_found' });
    await expect(ingesting).rejects.toThrow(
      'No message of this organisation has the Message-ID <not-ours@elsewhere.example>',
    );
  });
});
