import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { createLogger } from '../../logger.ts';
import { buildDsn } from '../../messaging/bounces/testing/build-dsn.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from '../../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { CommandContext } from '../command.ts';
import { mailBounceCommand } from './mail-bounce.ts';

describe('mail bounce command', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let entity: Entity;
  let context: CommandContext;
  let directory: string;

  /** Writes the DSN of a new sent e-mail to a file; returns the file, message id and address. */
  async function bounceFile(fixture: 'failedUserUnknown' | 'outOfOffice') {
    const debtor = await buildDebtor(database, entity);
    const invoice = await buildInvoice(database, debtor);
    const messageId = await buildMessage(database, { entity, debtor, invoices: [invoice] });
    const smtpMessageId = `<${messageId}@acme.example>`;
    await withOrganisation(database, entity.organisation_id, (trx) =>
      trx
        .updateTable('messages')
        .set({ status: 'sent', smtp_message_id: smtpMessageId })
        .where('id', '=', messageId)
        .execute(),
    );
    const path = join(directory, `${messageId}.eml`);
    const dsn = buildDsn(fixture, { recipient: debtor.email ?? '', messageId: smtpMessageId });
    await writeFile(path, dsn);

    return { path, dsn, messageId, address: debtor.email };
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    const organisationId = await buildOrganisation(database);
    entity = await buildEntity(database, organisationId);
    directory = await mkdtemp(join(tmpdir(), 'collecta-bounce-'));
    context = {
      config: loadConfig({}),
      logger: createLogger('silent'),
      actor: 'cli:test',
      database: () => Promise.resolve(database),
      organisationId: () => Promise.resolve(organisationId),
    };
  }, 180_000);

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
    await testDatabase?.drop();
  });

  it('records a bounce from a file', async () => {
    const { path, messageId, address } = await bounceFile('failedUserUnknown');

    const result = await mailBounceCommand.run(context, {}, [path]);

    expect(result.json).toEqual({
      message: messageId,
      action: 'failed',
      status: '5.1.1',
      flagged: address,
      changed: true,
    });
    expect(result.text).toBe(
      `Message ${messageId}: failed (5.1.1), ${address} flagged for later e-mail steps.\n`,
    );
  });

  it('reads standard input for -', async () => {
    const { dsn, messageId } = await bounceFile('failedUserUnknown');
    const original = Object.getOwnPropertyDescriptor(process, 'stdin');
    Object.defineProperty(process, 'stdin', { value: Readable.from([dsn]), configurable: true });

    try {
      const result = await mailBounceCommand.run(context, {}, ['-']);

      expect(result.json).toMatchObject({ message: messageId, changed: true });
    } finally {
      if (original) {
        Object.defineProperty(process, 'stdin', original);
      }
    }
  });

  it('reports a repeat as unchanged', async () => {
    const { path, messageId } = await bounceFile('failedUserUnknown');
    await mailBounceCommand.run(context, {}, [path]);

    const again = await mailBounceCommand.run(context, {}, [path]);

    expect(again.json).toMatchObject({ changed: false });
    expect(again.text).toBe(
      `Message ${messageId}: failed (5.1.1) changed nothing; it was recorded before.\n`,
    );
  });

  it('rejects a message that is no report', async () => {
    const { path } = await bounceFile('outOfOffice');

    const run = mailBounceCommand.run(context, {}, [path]);

    await expect(run).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('rejects 11 MB without line breaks', async () => {
    const path = join(directory, 'one-line.eml');
    await writeFile(path, Buffer.alloc(11 * 1024 * 1024, 'a'));

    const run = mailBounceCommand.run(context, {}, [path]);

    await expect(run).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(run).rejects.toThrow(
      'The message is not a usable delivery status notification: it cannot be parsed as an e-mail (Max header size for a MIME node exceeded).',
    );
  });

  it('rejects a file over 20 MiB', async () => {
    const path = join(directory, 'huge.eml');
    await writeFile(path, Buffer.alloc(20 * 1024 * 1024 + 1, 'a'));

    const run = mailBounceCommand.run(context, {}, [path]);

    await expect(run).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(run).rejects.toThrow(
      'The bounce is larger than the maximum of 20971520 bytes (20 MiB).',
    );
  });

  it('rejects a missing file', async () => {
    const run = mailBounceCommand.run(context, {}, [join(directory, 'missing.eml')]);

    await expect(run).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(run).rejects.toThrow('Cannot read the file');
  });
});
