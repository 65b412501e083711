import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProviderChannel } from '../../channels/channel-settings.ts';
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
import { sendBatchJob } from '../../messaging/send-batch-job.ts';
import { startFakeTwilio, type FakeTwilio } from '../../messaging/testing/fake-twilio.ts';
import { twilioSignature } from '../../messaging/twilio-client.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestServer, type TestServer } from '../test-server.ts';

const PUBLIC_URL = 'https://collecta.example.test';
const MOBILE = '+31612345678';
/** The mobile number of the second debtor, whose SMS will not be delivered. */
const UNREACHABLE_MOBILE = '+31687654321';

let testDatabase: TestDatabase;
let server: TestServer;
let twilio: FakeTwilio;
let tenant: TestTenant;
let debtorId: string;
let unreachableDebtorId: string;
/** The address the test server listens on; Twilio signs PUBLIC_URL, as behind a reverse proxy. */
let listenUrl: string;
const logger = createLogger('silent');

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const { database } = testDatabase;
  twilio = await startFakeTwilio();
  server = await buildTestServer(database, { environment: { PUBLIC_URL } });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  listenUrl = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;

  tenant = await createTenant(database, 'sms-receipts');
  await withOrganisation(database, tenant.organisationId, async (trx) => {
    await saveProviderChannel(trx, {
      organisationId: tenant.organisationId,
      actor: 'test',
      channel: 'sms',
      input: {
        provider: 'twilio',
        settings: { accountId: twilio.accountSid, sender: 'Acme' },
        secret: twilio.authToken,
      },
    });
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'SMS first',
      steps: [
        { name: 'reminder-1', dayOffset: 7, channel: 'sms' },
        { name: 'reminder-2', dayOffset: 21, channel: 'sms' },
      ],
    });
    debtorId = await insertDebtor(trx, tenant, {
      number: 'D-1',
      email: null,
      addressLine: 'Kade 1',
      postalCode: '1011 AB',
      city: 'Amsterdam',
      segmentId,
    });
    unreachableDebtorId = await insertDebtor(trx, tenant, {
      number: 'D-2',
      email: null,
      addressLine: 'Dam 2',
      postalCode: '1012 JS',
      city: 'Amsterdam',
      segmentId,
    });
    await trx
      .insertInto('contacts')
      .values([
        {
          organisation_id: tenant.organisationId,
          debtor_id: debtorId,
          role: 'reminders',
          mobile: MOBILE,
        },
        {
          organisation_id: tenant.organisationId,
          debtor_id: unreachableDebtorId,
          role: 'reminders',
          mobile: UNREACHABLE_MOBILE,
        },
      ])
      .execute();
    for (const [index, id] of [debtorId, unreachableDebtorId].entries()) {
      await insertInvoice(trx, tenant, {
        debtorId: id,
        number: `INV-${index + 1}`,
        dueDate: '2026-01-01',
        amount: '250.00',
      });
    }
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await server?.app.close();
  await twilio?.close();
  await testDatabase?.drop();
});

const callbackPath = () => `/api/webhooks/sms/twilio/${tenant.organisationId}`;

/** Runs the dunning on `asOf`, approves the day's batches and sends them through the fake. */
async function runApproveAndSend(asOf: string): Promise<void> {
  const { database } = testDatabase;
  await runOn(database, tenant, asOf);
  const batches = await withOrganisation(database, tenant.organisationId, async (trx) => {
    const pending = await trx
      .selectFrom('message_batches')
      .select('id')
      .where('run_date', '=', asOf)
      .execute();
    for (const batch of pending) {
      await approveBatch(trx, { batchId: batch.id, actor: 'test' });
    }
    return pending;
  });
  for (const batch of batches) {
    await sendBatchJob(
      database,
      { organisationId: tenant.organisationId, batchId: batch.id },
      {
        transport: undefined,
        logger,
        sms: { publicUrl: PUBLIC_URL, twilioApiUrl: twilio.baseUrl },
      },
    );
  }
}

async function readSms(sid: string) {
  return withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('messages')
      .select(['id', 'status', 'delivery_status', 'delivered_at', 'error'])
      .where('provider_message_id', '=', sid)
      .executeTakeFirstOrThrow(),
  );
}

async function countReceiptEvents(messageId: string): Promise<number> {
  const rows = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'message.delivery_status')
      .where('subject_id', '=', messageId)
      .execute(),
  );
  return rows.length;
}

describe('POST /api/webhooks/sms/twilio/:organisationId', () => {
  let sid: string;
  let unreachableSid: string;

  it('sends the first step as SMS', async () => {
    await runApproveAndSend('2026-01-08');
    expect(twilio.messages.map((message) => message.to).sort()).toEqual(
      [MOBILE, UNREACHABLE_MOBILE].sort(),
    );
    const sent = twilio.messages.find((message) => message.to === MOBILE);
    expect(sent?.from).toBe('Acme');
    expect(sent?.statusCallback).toBe(`${PUBLIC_URL}${callbackPath()}`);
    sid = sent?.sid ?? '';
    unreachableSid =
      twilio.messages.find((message) => message.to === UNREACHABLE_MOBILE)?.sid ?? '';
    expect((await readSms(sid)).status).toBe('sent');
    expect((await readSms(unreachableSid)).status).toBe('sent');
  });

  it('rejects a callback with a bad signature', async () => {
    const status = await twilio.postStatusCallback(sid, 'delivered', {
      deliverTo: `${listenUrl}${callbackPath()}`,
      authToken: 'not-the-auth-token',
    });
    expect(status).toBe(403);
    expect((await readSms(sid)).delivery_status).toBe('queued');
  });

  it('rejects a callback without a signature', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: callbackPath(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ MessageSid: sid, MessageStatus: 'delivered' }).toString(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('rejects a signature over another organisation', async () => {
    const otherPath = `/api/webhooks/sms/twilio/${crypto.randomUUID()}`;
    const parameters = { MessageSid: sid, MessageStatus: 'delivered' };
    const response = await server.app.inject({
      method: 'POST',
      url: otherPath,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(
          twilio.authToken,
          `${PUBLIC_URL}${otherPath}`,
          parameters,
        ),
      },
      payload: new URLSearchParams(parameters).toString(),
    });
    expect(response.statusCode).toBe(403);
  });

  it('records a signed delivered receipt once', async () => {
    const deliverTo = `${listenUrl}${callbackPath()}`;
    const message = await readSms(sid);
    expect(await twilio.postStatusCallback(sid, 'sent', { deliverTo })).toBe(204);
    expect(await twilio.postStatusCallback(sid, 'delivered', { deliverTo })).toBe(204);
    const delivered = await readSms(sid);
    expect(delivered.delivery_status).toBe('delivered');
    expect(delivered.delivered_at).not.toBeNull();
    expect(await countReceiptEvents(message.id)).toBe(2);

    // The same receipt again, and a late "sent", change nothing.
    expect(await twilio.postStatusCallback(sid, 'delivered', { deliverTo })).toBe(204);
    expect(await twilio.postStatusCallback(sid, 'sent', { deliverTo })).toBe(204);
    const after = await readSms(sid);
    expect(after.delivery_status).toBe('delivered');
    expect(after.delivered_at).toEqual(delivered.delivered_at);
    expect(await countReceiptEvents(message.id)).toBe(2);
  });

  it('flags the number on undelivered, and the next step becomes a letter', async () => {
    // The handset is unknown (Twilio error 30005); the receipt arrives twice.
    const deliverTo = `${listenUrl}${callbackPath()}`;
    const options = { deliverTo, errorCode: '30005' };
    expect(await twilio.postStatusCallback(unreachableSid, 'undelivered', options)).toBe(204);
    expect(await twilio.postStatusCallback(unreachableSid, 'undelivered', options)).toBe(204);

    const undelivered = await readSms(unreachableSid);
    expect(undelivered.delivery_status).toBe('undelivered');
    expect(undelivered.error).toContain('30005');
    const flags = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('invalid_mobile_numbers').selectAll().execute(),
    );
    expect(flags.map((flag) => [flag.debtor_id, flag.number])).toEqual([
      [unreachableDebtorId, UNREACHABLE_MOBILE],
    ]);
    expect(flags[0]?.error_code).toBe('30005');
    expect(await countReceiptEvents(undelivered.id)).toBe(1);

    const sentBefore = twilio.messages.length;
    await runApproveAndSend('2026-01-22');
    const secondSteps = (await readMessages(testDatabase.database, tenant)).filter(
      (message) => message.runDate === '2026-01-22',
    );
    const unreachable = secondSteps.find((message) => message.debtorNumber === 'D-2');
    expect(unreachable?.step).toBe('reminder-2');
    expect(unreachable?.channel).toBe('letter');
    expect(unreachable?.recipient).toContain('Dam 2');
    expect(JSON.stringify(unreachable?.explanation)).toContain('could not be delivered');
    const reachable = secondSteps.find((message) => message.debtorNumber === 'D-1');
    expect(reachable?.channel).toBe('sms');
    expect(twilio.messages.slice(sentBefore).map((message) => message.to)).toEqual([MOBILE]);
  });

  it('answers 204 for an unknown message sid', async () => {
    const parameters = { MessageSid: `SM${'0'.repeat(32)}`, MessageStatus: 'delivered' };
    const response = await server.app.inject({
      method: 'POST',
      url: callbackPath(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(
          twilio.authToken,
          `${PUBLIC_URL}${callbackPath()}`,
          parameters,
        ),
      },
      payload: new URLSearchParams(parameters).toString(),
    });
    expect(response.statusCode).toBe(204);
  });

  it('keeps the auth token out of the server log', () => {
    expect(server.logLines.join('')).not.toContain(twilio.authToken);
    expect(server.logLines.join('')).toContain('SMS status callback rejected');
  });
});
