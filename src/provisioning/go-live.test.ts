import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/create-user.ts';
import type { CommandContext } from '../cli/command.ts';
import { demoCommand } from '../cli/commands/demo.ts';
import { dunningRunCommand } from '../cli/commands/dunning-run.ts';
import { organisationGoLiveCommand } from '../cli/commands/organisation-go-live.ts';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../debtors/test-factories.ts';
import { runScheduledDunning } from '../jobs/run-scheduled-dunning.ts';
import { createLogger } from '../logger.ts';
import { createMailTransport } from '../messaging/create-mail-transport.ts';
import { sendApprovedMessages } from '../messaging/send-approved-messages.ts';
import * as messageFactories from '../messaging/testing/message-factories.ts';
import { startSmtpServer, type TestSmtpServer } from '../messaging/testing/start-smtp-server.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { runDunning } from '../dunning/run-dunning.ts';
import {
  buildTestServer,
  logInAs,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../server/test-server.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

const runDate = '2025-03-08';
const logger = createLogger('silent');

/** Rows that a dunning run writes, counted for one organisation as the owner sees them. */
async function countRunRows(database: DatabaseHandle, organisationId: string) {
  const count = async (
    table: 'dunning_runs' | 'message_batches' | 'messages' | 'call_tasks' | 'dunning_states',
  ) => {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };

  return {
    dunningRuns: await count('dunning_runs'),
    batches: await count('message_batches'),
    messages: await count('messages'),
    callTasks: await count('call_tasks'),
    states: await count('dunning_states'),
  };
}

const noRows = { dunningRuns: 0, batches: 0, messages: 0, callTasks: 0, states: 0 };

async function createOrganisationWithAdmin(
  database: DatabaseHandle,
  params: { slug: string; username: string },
): Promise<string> {
  const organisation = await createOrganisation(database, {
    slug: params.slug,
    name: `Organisation ${params.slug}`,
    actor: 'test',
  });
  await withOrganisation(database, organisation.id, async (trx) => {
    await createUser(trx, {
      organisationId: organisation.id,
      actor: 'test',
      username: params.username,
      email: `${params.username}@example.com`,
      name: params.username,
      password: TEST_PASSWORD,
      group: 'administrator',
    });
    // The run date is a Saturday: every day is a sending day here, so the run makes its messages.
    const entity = await buildEntity(trx, organisation.id, { workingDays: [1, 2, 3, 4, 5, 6, 7] });
    const debtor = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
    await buildInvoice(trx, debtor, {
      number: 'INV-1',
      amountMinor: 100_000,
      dueDate: '2025-03-01',
    });
    const late = await buildDebtor(trx, entity, { number: '1002', name: 'Late Payer' });
    await buildInvoice(trx, late, { number: 'INV-2', amountMinor: 70_000, dueDate: '2025-01-20' });
  });

  return organisation.id;
}

function commandContext(
  database: DatabaseHandle,
  organisationId: string,
  environment: Record<string, string> = {},
): CommandContext {
  return {
    config: loadConfig({ COLLECTA_DATA_DIR: '/tmp/unused', ...environment }),
    logger,
    actor: 'cli:test',
    database: () => Promise.resolve(database),
    organisationId: () => Promise.resolve(organisationId),
  };
}

describe('go-live rule', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let server: TestServer;
  let smtp: TestSmtpServer;
  let organisationId: string;
  let admin: LoggedIn;
  let dryRunCreated = 0;

  const post = (url: string, payload?: object) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: admin.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    server = await buildTestServer(database);
    smtp = await startSmtpServer();
    organisationId = await createOrganisationWithAdmin(database, {
      slug: 'not-live',
      username: 'nadia',
    });
    admin = await logInAs(server.app, 'nadia');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await smtp.close();
    await testDatabase.drop();
  });

  it('route run before go-live is a dry run', async () => {
    const response = await post('/api/dunning-runs', { entity: 'NL01', date: runDate });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, dryRunReason: 'not_live' });
    expect(response.json().messages.created).toBeGreaterThan(0);
    expect(await countRunRows(database, organisationId)).toEqual(noRows);
    dryRunCreated = response.json().messages.created;
  });

  it('command-line run before go-live is a dry run', async () => {
    const result = await dunningRunCommand.run(
      commandContext(database, organisationId),
      { entity: 'NL01', date: runDate },
      [],
    );

    expect(result.json).toMatchObject({ dryRun: true, dryRunReason: 'not_live' });
    expect(result.text).toContain('the organisation is not live yet');
    expect(await countRunRows(database, organisationId)).toEqual(noRows);
  });

  it('scheduler skips an organisation not live', async () => {
    const totals = await runScheduledDunning(database, {
      now: new Date('2025-03-08T10:00:00Z'),
      logger,
    });

    expect(totals).toEqual({ ran: 0, skipped: 0, failed: 0 });
    expect(await countRunRows(database, organisationId)).toEqual(noRows);
  });

  it('runDunning rejects a writing run', async () => {
    const entity = await withOrganisation(database, organisationId, (trx) =>
      trx.selectFrom('entities').select('id').executeTakeFirstOrThrow(),
    );
    const run = withOrganisation(database, organisationId, (trx) =>
      runDunning(trx, {
        organisationId,
        entityId: entity.id,
        asOf: runDate,
        dryRun: false,
        actor: 'test',
      }),
    );

    await expect(run).rejects.toMatchObject({ code: 'not_live' });
    expect(await countRunRows(database, organisationId)).toEqual(noRows);
  });

  it('sending rejects an organisation not live', async () => {
    // A hand-made approved message: the runs above cannot have made one.
    const other = await createOrganisation(database, {
      slug: 'not-live-send',
      name: 'Not live',
      actor: 'test',
    });
    const entity = await messageFactories.buildEntity(database, other.id);
    const debtor = await messageFactories.buildDebtor(database, entity);
    const invoice = await messageFactories.buildInvoice(database, debtor);
    const messageId = await messageFactories.buildMessage(database, {
      entity,
      debtor,
      invoices: [invoice],
    });
    const transport = createMailTransport({
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      smtpFrom: 'Collecta <collecta@collecta.test>',
    });

    const sending = sendApprovedMessages(database, {
      organisationId: other.id,
      transport,
      logger,
    });

    await expect(sending).rejects.toMatchObject({ code: 'not_live' });
    expect(smtp.received).toHaveLength(0);
    const message = await messageFactories.readMessage(database, other.id, messageId);
    expect(message.status).toBe('approved');
    transport?.close();
  });

  it('go-live needs an SMTP server', async () => {
    const response = await post('/api/organisation/go-live');

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
    expect(response.json().error.details.problems).toEqual([
      expect.objectContaining({ key: 'email.missing' }),
    ]);
  });

  it('go-live succeeds once e-mail is set', async () => {
    const saved = await server.app.inject({
      method: 'PUT',
      url: '/api/channels/email',
      headers: admin.headers,
      payload: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        fromAddress: 'debiteuren@acme.test',
        fromName: 'Acme Debiteuren',
      },
    });
    const response = await post('/api/organisation/go-live');
    const audit = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'before', 'after'])
        .where('action', '=', 'organisation.went_live')
        .execute(),
    );

    expect(saved.statusCode).toBe(200);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ live: true, liveSince: expect.any(String) });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toEqual({ liveSince: null });
  });

  it('go-live twice is a conflict', async () => {
    const response = await post('/api/organisation/go-live');

    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('live since');
  });

  it('same run after go-live writes batches', async () => {
    const response = await post('/api/dunning-runs', { entity: 'NL01', date: runDate });
    const rows = await countRunRows(database, organisationId);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: false, dryRunReason: null });
    expect(rows.dunningRuns).toBe(1);
    expect(rows.batches).toBeGreaterThan(0);
    expect(rows.messages + rows.callTasks).toBe(response.json().messages.created);
    expect(response.json().messages.created).toBe(dryRunCreated);
  });

  it('requested dry run says so', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: '2025-03-20',
      dryRun: true,
    });

    expect(response.json()).toMatchObject({ dryRun: true, dryRunReason: 'requested' });
  });
});

describe('organisation go-live command', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
  }, 180_000);

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('rejects an organisation without entities', async () => {
    const organisation = await createOrganisation(database, {
      slug: 'empty',
      name: 'Empty',
      actor: 'test',
    });
    const run = organisationGoLiveCommand.run(
      commandContext(database, organisation.id, { SMTP_URL: 'smtp://127.0.0.1:2525' }),
      {},
      [],
    );

    await expect(run).rejects.toMatchObject({
      code: 'conflict',
      details: { problems: [expect.objectContaining({ key: 'entities.missing' })] },
    });
  });

  it('rejects an organisation without SMTP', async () => {
    const organisationId = await createOrganisationWithAdmin(database, {
      slug: 'no-smtp',
      username: 'nina',
    });
    const run = organisationGoLiveCommand.run(commandContext(database, organisationId), {}, []);

    await expect(run).rejects.toMatchObject({
      code: 'conflict',
      details: { problems: [expect.objectContaining({ key: 'email.missing' })] },
    });
  });

  it('goes live without e-mail on request', async () => {
    const organisationId = (
      await database.db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', 'no-smtp')
        .executeTakeFirstOrThrow()
    ).id;
    const result = await organisationGoLiveCommand.run(
      commandContext(database, organisationId),
      { 'without-email': true },
      [],
    );

    expect(result.json).toEqual({ live: true, liveSince: expect.any(String) });
  });

  it('sets the organisation live with SMTP_URL', async () => {
    const organisationId = await createOrganisationWithAdmin(database, {
      slug: 'cli-live',
      username: 'carl',
    });
    const result = await organisationGoLiveCommand.run(
      commandContext(database, organisationId, { SMTP_URL: 'smtp://127.0.0.1:2525' }),
      {},
      [],
    );
    const row = await database.db
      .selectFrom('organisations')
      .select('live_since')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();

    expect(result.json).toEqual({ live: true, liveSince: expect.any(String) });
    expect(result.text).toContain('is live since');
    expect(row.live_since).not.toBeNull();
  });

  it('demo makes its organisation live', async () => {
    const organisation = await createOrganisation(database, {
      slug: 'demo',
      name: 'Demo',
      actor: 'test',
    });
    await demoCommand.run(commandContext(database, organisation.id), { date: '2025-06-30' }, []);
    const row = await database.db
      .selectFrom('organisations')
      .select('live_since')
      .where('id', '=', organisation.id)
      .executeTakeFirstOrThrow();

    expect(row.live_since).not.toBeNull();
  }, 180_000);
});
