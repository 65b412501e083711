import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { JobQueue } from './job-queue.ts';

const logger = createLogger('silent');

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
}

describe('job queue', () => {
  let test: TestDatabase;
  let queue: JobQueue;
  let organisationId: string;
  const handled: string[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    organisationId = (
      await createOrganisation(test.database, {
        live: true,
        slug: 'jobs',
        name: 'Jobs',
        actor: 'test',
      })
    ).id;
    queue = await JobQueue.start(test.database, logger, { schedule: false, queues: ['test-note'] });
    await queue.register({
      name: 'test-note',
      payload: z.object({ note: z.string() }),
      retryLimit: 0,
      retryDelaySeconds: 1,
      async handle(payload) {
        handled.push(payload.note);
      },
    });
  });

  afterAll(async () => {
    await queue.stop();
    await test.drop();
  });

  it('runs a job sent inside a committed transaction once', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      await trx
        .insertInto('audit_events')
        .values({ organisation_id: organisationId, actor: 'test', action: 'x', subject_type: 't' })
        .execute();
      await queue.send('test-note', { note: 'committed' }, { executor: trx });
    });

    await waitFor(async () => handled.includes('committed'));
    expect(handled.filter((note) => note === 'committed')).toHaveLength(1);
  });

  it('drops a job whose transaction rolled back', async () => {
    await expect(
      withOrganisation(test.database, organisationId, async (trx) => {
        await queue.send('test-note', { note: 'rolled-back' }, { executor: trx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await queue.send('test-note', { note: 'after' });

    await waitFor(async () => handled.includes('after'));
    expect(handled).not.toContain('rolled-back');
  });

  it('keeps application queries working while jobs run', async () => {
    const sends = Array.from({ length: 20 }, (_, index) =>
      queue.send('test-note', { note: `bulk-${index}` }),
    );
    const reads = Array.from({ length: 20 }, () =>
      withOrganisation(test.database, organisationId, (trx) =>
        trx.selectFrom('audit_events').select('id').execute(),
      ),
    );
    await Promise.all([...sends, ...reads]);

    await waitFor(async () => handled.filter((note) => note.startsWith('bulk-')).length === 20);
  });
});
