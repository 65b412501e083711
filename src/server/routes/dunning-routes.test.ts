import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { SEND_BATCH_JOB } from '../../jobs/start-workers.ts';
import { createLogger } from '../../logger.ts';
import { sendBatchJob, sendBatchJobPayload } from '../../messaging/send-batch-job.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const runDate = '2025-03-08';

interface BatchJson {
  id: string;
  channel: string;
  status: string;
  messages: { total: number; pending: number; removed: number; approved: number };
}

describe('dunning, batch and message routes', () => {
  let testDatabase: TestDatabase;
  let jobQueue: JobQueue;
  let server: TestServer;
  let anna: LoggedIn;
  let bert: LoggedIn;
  let organisationId: string;

  const get = (session: LoggedIn, url: string) =>
    server.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const post = (session: LoggedIn, url: string, payload?: object) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: session.headers,
      ...(payload ? { payload } : {}),
    });
  const emailBatch = async (): Promise<BatchJson> => {
    const batches: BatchJson[] = (await get(anna, `/api/batches?date=${runDate}`)).json();
    const found = batches.find((batch) => batch.channel === 'email');
    if (!found) {
      throw new Error(`no e-mail batch among ${JSON.stringify(batches)}`);
    }
    return found;
  };

  // Starting pg-boss on an embedded database took over a minute on a busy machine.
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    jobQueue = await JobQueue.start(database, createLogger('silent'), {
      schedule: false,
      queues: [SEND_BATCH_JOB],
    });
    // Worked here as `collecta serve` works it; without SMTP the e-mails stay approved.
    await jobQueue.register({
      name: SEND_BATCH_JOB,
      payload: sendBatchJobPayload,
      retryLimit: 0,
      retryDelaySeconds: 1,
      handle: (payload, context) =>
        sendBatchJob(database, payload, { transport: undefined, logger: context.logger }),
    });
    server = await buildTestServer(database, { jobQueue });
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    organisationId = a.organisationId;
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    await withOrganisation(database, a.organisationId, async (trx) => {
      // The run date is a Saturday: every day is a sending day here, so the run makes its messages.
      const entity = await buildEntity(trx, a.organisationId, {
        workingDays: [1, 2, 3, 4, 5, 6, 7],
      });
      // An IBAN gives the e-mails a payment QR code, which the preview must show inline.
      await trx
        .updateTable('entities')
        .set({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' })
        .where('id', '=', entity.id)
        .execute();
      const first = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      await buildInvoice(trx, first, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      const second = await buildDebtor(trx, entity, { number: '1002', name: 'Beta Foods' });
      await buildInvoice(trx, second, {
        number: 'INV-2',
        amountMinor: 50_000,
        dueDate: '2025-03-01',
      });
      const third = await buildDebtor(trx, entity, { number: '1003', name: 'Gamma' });
      await buildInvoice(trx, third, {
        number: 'INV-3',
        amountMinor: 70_000,
        dueDate: '2025-01-25',
      });
    });
    anna = await logInAs(server.app, 'anna');
    bert = await logInAs(server.app, 'bert');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await jobQueue.stop();
    await testDatabase.drop();
  });

  it('dry run writes nothing', async () => {
    const response = await post(anna, '/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      dryRun: true,
    });
    const batches = await get(anna, `/api/batches?date=${runDate}`);

    expect(response.statusCode).toBe(200);
    expect(response.json().date).toBe(runDate);
    expect(response.json().messages.created).toBeGreaterThan(0);
    expect(batches.json()).toEqual([]);
  });

  it('run rejects a date outside 2000 to 2099', async () => {
    for (const date of ['1900-01-01', '9999-12-31']) {
      const response = await post(anna, '/api/dunning-runs', { entity: 'NL01', date });

      expect(response.statusCode, date).toBe(400);
      expect(response.json().error.details, date).toEqual({
        fields: [{ field: 'body.date', message: 'use a date from 2000-01-01 to 2099-12-31' }],
      });
    }
  });

  it('run fills batches and the call list', async () => {
    const response = await post(anna, '/api/dunning-runs', { entity: 'NL01', date: runDate });
    const batch = await emailBatch();
    const calls = await get(anna, '/api/call-tasks?entity=NL01&status=open');

    expect(response.statusCode).toBe(200);
    expect(response.json().messages.created).toBeGreaterThanOrEqual(2);
    expect(batch).toMatchObject({ status: 'pending', messages: { total: 2, pending: 2 } });
    expect(calls.statusCode).toBe(200);
    expect(calls.json()).toEqual(
      calls.json().map(() => expect.objectContaining({ status: 'open', currency: 'EUR' })),
    );
  });

  it('batch detail lists messages by debtor', async () => {
    const batch = await emailBatch();
    const response = await get(anna, `/api/batches/${batch.id}`);
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.batch.id).toBe(batch.id);
    expect(
      body.messages.map((message: { debtor: { number: string } }) => message.debtor.number),
    ).toEqual(['1001', '1002']);
    expect(body.messages[0]).toMatchObject({
      recipient: '1001@example.com',
      total: '1000.00',
      currency: 'EUR',
      status: 'pending',
      invoiceCount: 1,
      error: null,
      delivery: { status: null, bouncedAt: null, bounceReason: null },
    });
  });

  it('debtor card shows the message and step', async () => {
    const batch = await emailBatch();
    const message = (await get(anna, `/api/batches/${batch.id}`)).json().messages[0];
    const card = (await get(anna, `/api/debtors/${message.debtor.id}?date=${runDate}`)).json();

    expect(card.timeline).toEqual([
      {
        kind: 'message',
        id: message.id,
        date: runDate,
        step: message.stepName,
        channel: 'email',
        status: 'pending',
        total: '1000.00',
        currency: 'EUR',
        delivery: { status: null, bouncedAt: null, bounceReason: null },
      },
    ]);
    expect(card.invoices[0].steps).toEqual([{ step: message.stepName, reachedOn: runDate }]);
  });

  it('preview renders the message and links its PDF', async () => {
    const batch = await emailBatch();
    const messageId = (await get(anna, `/api/batches/${batch.id}`)).json().messages[0].id;
    const preview = await get(anna, `/api/messages/${messageId}/preview`);
    const pdf = await get(anna, `/api/messages/${messageId}/pdf`);

    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      channel: 'email',
      recipient: '1001@example.com',
      pdfUrl: `/api/messages/${messageId}/pdf`,
    });
    expect(preview.json().subject).not.toBe('');
    expect(preview.json().html).toContain('INV-1');
    expect(preview.json().html).not.toContain('cid:');
    expect(preview.json().html).toContain('src="data:image/png;base64,');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('remove takes a pending message out', async () => {
    const batch = await emailBatch();
    const messageId = (await get(anna, `/api/batches/${batch.id}`)).json().messages[1].id;
    const response = await post(anna, `/api/messages/${messageId}/remove`);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: messageId, status: 'removed' });
    expect((await emailBatch()).messages).toMatchObject({ pending: 1, removed: 1 });
  });

  it('approve queues the sending job in its transaction', async () => {
    const batch = await emailBatch();
    const response = await post(anna, `/api/batches/${batch.id}/approve`);
    const jobs = await sql<{ data: { batchId: string } }>`
      select data from pgboss.job where name = ${SEND_BATCH_JOB}`.execute(testDatabase.database.db);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: batch.id, status: 'approved', queued: 1 });
    expect(jobs.rows.map((job) => job.data.batchId)).toEqual([batch.id]);
  });

  it('approving again queues nothing', async () => {
    const batch = await emailBatch();
    const response = await post(anna, `/api/batches/${batch.id}/approve`);

    expect(response.json()).toEqual({ id: batch.id, status: 'approved', queued: 0 });
  });

  it('an approved message can no longer be removed', async () => {
    const batch = await emailBatch();
    const messageId = (await get(anna, `/api/batches/${batch.id}`)).json().messages[0].id;
    const response = await post(anna, `/api/messages/${messageId}/remove`);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('outbox lists approved messages with their subject', async () => {
    const response = await get(anna, '/api/outbox');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      {
        id: expect.any(String),
        recipient: '1001@example.com',
        subject: expect.stringMatching(/\S/),
        status: 'approved',
        channel: 'email',
        entityCode: 'NL01',
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
  });

  it('ageing report returns one report per currency', async () => {
    const response = await get(anna, `/api/reports/ageing?entity=NL01&date=${runDate}`);
    const [report] = response.json();

    expect(response.statusCode).toBe(200);
    expect(report).toMatchObject({ date: runDate, currency: 'EUR' });
    expect(report.total).toEqual({ count: 3, amount: '2200.00' });
  });

  it('ageing report needs an entity', async () => {
    const response = await get(anna, '/api/reports/ageing');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('querystring.entity');
  });

  it('demo refuses an organisation with entities', async () => {
    const response = await post(anna, '/api/demo');

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('already_exists');
  });

  it('demo loads into an organisation without entities', async () => {
    await buildOrganisationWithUser(testDatabase.database, { slug: 'c', username: 'carla' });
    const carla = await logInAs(server.app, 'carla');
    const response = await post(carla, '/api/demo');
    const entities = await get(carla, '/api/entities');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ entities: 3, entityCodes: ['NL01', 'UK01', 'DE01'] });
    expect(response.json().invoices).toBeGreaterThan(0);
    expect(response.json()).toMatchObject({ processes: 4, issueCategories: 9, issues: 6 });
    expect(entities.json()).toHaveLength(3);
  });

  it('batch and card show a bounce', async () => {
    const batch = await emailBatch();
    const message = (await get(anna, `/api/batches/${batch.id}`)).json().messages[0];
    const bouncedAt = new Date('2025-03-09T10:15:00Z');
    await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .updateTable('messages')
        .set({
          delivery_status: 'bounced',
          bounced_at: bouncedAt,
          bounce_reason: '5.1.1 user unknown',
        })
        .where('id', '=', message.id)
        .execute(),
    );
    const delivery = {
      status: 'bounced',
      bouncedAt: bouncedAt.toISOString(),
      bounceReason: '5.1.1 user unknown',
    };

    const detail = (await get(anna, `/api/batches/${batch.id}`)).json();
    const card = (await get(anna, `/api/debtors/${message.debtor.id}?date=${runDate}`)).json();

    expect(detail.messages[0].delivery).toEqual(delivery);
    expect(card.timeline[0].delivery).toEqual(delivery);
  });

  it('another organisation sees none of it', async () => {
    const batch = await emailBatch();
    const messageId = (await get(anna, `/api/batches/${batch.id}`)).json().messages[0].id;

    expect((await get(bert, '/api/batches')).json()).toEqual([]);
    expect((await get(bert, '/api/call-tasks')).json()).toEqual([]);
    expect((await get(bert, '/api/outbox')).json()).toEqual([]);
    expect((await get(bert, `/api/batches/${batch.id}`)).statusCode).toBe(404);
    expect((await get(bert, `/api/messages/${messageId}/preview`)).statusCode).toBe(404);
    expect((await get(bert, `/api/messages/${messageId}/pdf`)).statusCode).toBe(404);
    expect((await post(bert, `/api/messages/${messageId}/remove`)).statusCode).toBe(404);
    expect((await post(bert, `/api/batches/${batch.id}/approve`)).statusCode).toBe(404);
    expect((await get(bert, '/api/reports/ageing?entity=NL01')).statusCode).toBe(404);
    const run = await post(bert, '/api/dunning-runs', { entity: 'NL01', date: runDate });
    expect(run.statusCode).toBe(404);
  });

  it('unknown ids return 404', async () => {
    expect((await get(anna, `/api/batches/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get(anna, `/api/messages/${randomUUID()}/preview`)).statusCode).toBe(404);
  });
});
