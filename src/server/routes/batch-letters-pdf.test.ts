import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { addUser } from '../../home/test-factories.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
} from '../../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Adds a message of `channel` for a new debtor of `entity` and returns its batch id. */
async function messageBatch(
  database: DatabaseHandle,
  entity: Entity,
  params: { channel: 'letter' | 'email'; name: string; asOf: string },
): Promise<string> {
  const debtor = await buildDebtor(database, entity, { name: params.name, language: 'en' });
  const invoice = await buildInvoice(database, debtor);
  const messageId = await buildMessage(database, {
    entity,
    debtor,
    invoices: [invoice],
    channel: params.channel,
    asOf: params.asOf,
  });

  return withOrganisation(database, entity.organisation_id, async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .select('batch_id')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    return message.batch_id;
  });
}

describe('GET /api/batches/:id/letters.pdf', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let letterBatchId: string;
  let emailBatchId: string;
  let otherOrganisationBatchId: string;
  const sessions: Record<string, LoggedIn> = {};

  const download = (username: string | undefined, batchId: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/batches/${batchId}/letters.pdf`,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'letters-a',
      username: 'carla',
      group: 'credit-manager',
    });
    const b = await buildOrganisationWithUser(database, { slug: 'letters-b', username: 'bert' });
    const nl = await buildEntity(database, a.organisationId);
    const be = await buildEntity(database, a.organisationId, { country: 'BE' });
    letterBatchId = await messageBatch(database, nl, {
      channel: 'letter',
      name: 'Amber Works',
      asOf: '2024-06-03',
    });
    emailBatchId = await messageBatch(database, nl, {
      channel: 'email',
      name: 'Mail Only',
      asOf: '2024-06-03',
    });
    const foreign = await buildEntity(database, b.organisationId);
    otherOrganisationBatchId = await messageBatch(database, foreign, {
      channel: 'letter',
      name: 'Foreign Letter',
      asOf: '2024-06-03',
    });
    await addUser(database, a.organisationId, { username: 'dirk', group: 'dispute-handler' });
    await addUser(database, a.organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [be.id],
    });
    for (const username of ['carla', 'bert', 'dirk', 'bea']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('returns the letters as a PDF', async () => {
    const response = await download('carla', letterBatchId);

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('needs a login', async () => {
    const response = await download(undefined, letterBatchId);

    expect(response.statusCode).toBe(401);
  });

  it('needs dunning.read', async () => {
    const response = await download('dirk', letterBatchId);

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('dunning.read');
  });

  it('hides another organisation’s batch', async () => {
    const theirs = await download('carla', otherOrganisationBatchId);
    const ours = await download('bert', letterBatchId);

    expect(theirs.statusCode).toBe(404);
    expect(ours.statusCode).toBe(404);
  });

  it('hides a batch of an entity out of scope', async () => {
    const response = await download('bea', letterBatchId);

    expect(response.statusCode).toBe(404);
  });

  it('rejects an e-mail batch', async () => {
    const response = await download('carla', emailBatchId);

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('rejects a malformed id', async () => {
    const response = await download('carla', 'not-a-uuid');

    expect(response.statusCode).toBe(400);
  });
});
