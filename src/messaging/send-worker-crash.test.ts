import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { approveBatch } from '../dunning/approve-batch.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { SEND_BATCH_JOB } from '../jobs/start-workers.ts';
import { createLogger } from '../logger.ts';
import {
  createTestDatabase,
  TEST_TENANT_ROLE,
  testDatabaseKind,
  type TestDatabase,
} from '../testing/test-database.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
} from './testing/message-factories.ts';

const WORKER_SCRIPT = path.join(import.meta.dirname, 'testing', 'run-send-worker.ts');
const BATCH_SIZE = 10;
/**
 * The message whose first transfer the SMTP server holds, counted from 0 in
 * sending order. It comes early, so that the first worker reaches it well
 * before its job expires after 4 seconds (see run-send-worker.ts).
 */
const HELD_INDEX = 2;

interface AcceptedMail {
  messageId: string;
  recipient: string;
  /** 1 while the first worker runs, 2 after it was killed. */
  workerGeneration: number;
}

/**
 * Starts an SMTP server on 127.0.0.1 that accepts every e-mail, except the first
 * transfer to `holdRecipient`. It reads that e-mail's headers and then
 * never replies to its DATA, like a server that hangs until the sender dies.
 */
async function startHoldingSmtpServer(holdRecipient: string) {
  const accepted: AcceptedMail[] = [];
  const state = { workerGeneration: 1, heldMessageId: undefined as string | undefined };
  const server = new SMTPServer({
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const recipient = session.envelope.rcptTo[0]?.address ?? '';
      const hold = recipient === holdRecipient && state.heldMessageId === undefined;
      void readMessageId(stream).then((messageId) => {
        if (hold) {
          state.heldMessageId = messageId;
          return;
        }
        accepted.push({ messageId, recipient, workerGeneration: state.workerGeneration });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.server.address() as AddressInfo).port,
    accepted,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads the whole DATA stream and returns the e-mail's Message-ID header. */
async function readMessageId(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
  }
  const match = /^Message-ID:\s*(<[^>]+>)/im.exec(text);

  return match?.[1] ?? '';
}

/** Polls `check` every 50 ms until it returns true, or fails after `timeoutMs`. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the sending worker as a child process and resolves once it polls the queue. */
async function startWorker(databaseUrl: string, smtpPort: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
    // The worker gets these settings and nothing else of this process's environment.
    env: {
      DATABASE_URL: databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'Collecta <collecta@collecta.test>',
      COLLECTA_DB_ROLE: TEST_TENANT_ROLE,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errorOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errorOutput += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(`The sending worker exited with ${code} before it was ready: ${errorOutput}`),
      ),
    );
  });

  return child;
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function readStatuses(database: DatabaseHandle, organisationId: string) {
  return withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('messages')
      .select(['id', 'status', 'recipient', 'smtp_message_id'])
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}

const onPostgres = testDatabaseKind() === 'postgres';
if (!onPostgres) {
  console.warn(
    'Worker crash test skipped: it kills a worker process, and PGlite runs in one process. Set DATABASE_URL to run it.',
  );
}

describe.skipIf(!onPostgres)(
  'sending worker crash (PostgreSQL only: PGlite is one process)',
  () => {
    let testDatabase: TestDatabase;
    let database: DatabaseHandle;
    let jobQueue: JobQueue;
    let organisationId: string;
    let entity: Entity;
    const workers: ChildProcess[] = [];

    beforeAll(async () => {
      testDatabase = await createTestDatabase();
      database = testDatabase.database;
      jobQueue = await JobQueue.start(database, createLogger('silent'), {
        schedule: false,
        queues: [SEND_BATCH_JOB],
      });
      organisationId = await buildOrganisation(database);
      entity = await buildEntity(database, organisationId);
    });

    afterAll(async () => {
      for (const worker of workers) {
        await stopWorker(worker, 'SIGKILL');
      }
      await jobQueue?.stop();
      await testDatabase?.drop();
    });

    it('sends every e-mail once after a kill', async () => {
      const recipients: string[] = [];
      for (let index = 0; index < BATCH_SIZE; index += 1) {
        const debtor = await buildDebtor(database, entity, {
          email: `crash-${index}@example.test`,
        });
        const invoice = await buildInvoice(database, debtor);
        await buildMessage(database, { entity, debtor, invoices: [invoice], status: 'pending' });
        recipients.push(`crash-${index}@example.test`);
      }
      const heldRecipient = recipients[HELD_INDEX] ?? '';
      const smtp = await startHoldingSmtpServer(heldRecipient);
      const url = testDatabase.url ?? '';

      try {
        workers.push(await startWorker(url, smtp.port));
        await withOrganisation(database, organisationId, async (trx) => {
          const batch = await trx
            .selectFrom('message_batches')
            .select('id')
            .executeTakeFirstOrThrow();
          await approveBatch(trx, { batchId: batch.id, actor: 'test' });
          await jobQueue.send(
            SEND_BATCH_JOB,
            { organisationId, batchId: batch.id },
            { executor: trx },
          );
        });

        await waitFor('the held transfer', () => smtp.state.heldMessageId !== undefined);
        await stopWorker(workers[0] as ChildProcess, 'SIGKILL');
        smtp.state.workerGeneration = 2;
        const afterKill = await readStatuses(database, organisationId);
        expect(smtp.accepted).toHaveLength(HELD_INDEX);
        expect(afterKill.filter((message) => message.status === 'sending')).toHaveLength(1);
        expect(afterKill.filter((message) => message.status === 'approved')).toHaveLength(
          BATCH_SIZE - HELD_INDEX - 1,
        );

        workers.push(await startWorker(url, smtp.port));
        await waitFor('every message sent', async () =>
          (await readStatuses(database, organisationId)).every((row) => row.status === 'sent'),
        );
        await stopWorker(workers[1] as ChildProcess, 'SIGTERM');

        const messages = await readStatuses(database, organisationId);
        const acceptedIds = smtp.accepted.map((mail) => mail.messageId);
        expect(acceptedIds).toHaveLength(BATCH_SIZE);
        expect(new Set(acceptedIds).size).toBe(BATCH_SIZE);
        for (const message of messages) {
          expect(acceptedIds.filter((id) => id === message.smtp_message_id)).toHaveLength(1);
        }
        const heldMessage = messages.find((message) => message.recipient === heldRecipient);
        expect(heldMessage?.smtp_message_id).toBe(smtp.state.heldMessageId);
        const resent = smtp.accepted.find((mail) => mail.recipient === heldRecipient);
        expect(resent?.messageId).toBe(smtp.state.heldMessageId);
        expect(resent?.workerGeneration).toBe(2);
      } finally {
        await smtp.close();
      }
    }, 120_000);
  },
);
