import { z } from 'zod';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createMailTransport } from '../messaging/create-mail-transport.ts';
import { sendBatchJob, sendBatchJobPayload } from '../messaging/send-batch-job.ts';
import { JobQueue } from './job-queue.ts';
import { runScheduledDunning } from './run-scheduled-dunning.ts';

export const SEND_BATCH_JOB = 'send-batch';
export const SCHEDULED_DUNNING_JOB = 'scheduled-dunning';

/** Every hour at minute 5, in UTC; each entity is run once per local calendar day. */
const SCHEDULED_DUNNING_CRON = '5 * * * *';

/**
 * Starts the job queue and, unless `workers` is false, the workers and the
 * schedule of this process: sending approved message batches, and the daily
 * dunning run of every entity.
 */
export async function startWorkers(
  database: DatabaseHandle,
  config: Config,
  logger: Logger,
  options: { workers: boolean },
): Promise<JobQueue> {
  const queue = await JobQueue.start(database, logger, {
    schedule: options.workers,
    queues: [SEND_BATCH_JOB, SCHEDULED_DUNNING_JOB],
  });
  if (!options.workers) {
    return queue;
  }
  const transport = createMailTransport(config);

  await queue.register({
    name: SEND_BATCH_JOB,
    payload: sendBatchJobPayload,
    retryLimit: 5,
    retryDelaySeconds: 30,
    handle: (payload, context) =>
      sendBatchJob(database, payload, {
        transport,
        logger: context.logger,
        defaultFrom: config.smtpFrom,
      }),
  });
  await queue.register({
    name: SCHEDULED_DUNNING_JOB,
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    retryDelaySeconds: 300,
    handle: (_payload, context) =>
      runScheduledDunning(database, { now: new Date(), logger: context.logger }),
  });
  await queue.schedule(SCHEDULED_DUNNING_JOB, SCHEDULED_DUNNING_CRON);

  return queue;
}
