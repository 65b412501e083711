import { z } from 'zod';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { ESCALATE_ISSUES_JOB, escalateIssues } from '../issues/escalate-issues.ts';
import { ISSUE_NOTIFICATION_JOB, issueNotificationPayload } from '../issues/issue-notification.ts';
import { sendIssueNotification } from '../issues/send-issue-notification.ts';
import type { Logger } from '../logger.ts';
import { createMailTransport } from '../messaging/create-mail-transport.ts';
import { sendBatchJob, sendBatchJobPayload } from '../messaging/send-batch-job.ts';
import { evaluateSegmentsNightly } from '../segments/evaluate-segments-nightly.ts';
import { JobQueue, type JobDefinition } from './job-queue.ts';
import { runScheduledDunning } from './run-scheduled-dunning.ts';

export const SEND_BATCH_JOB = 'send-batch';
export const SCHEDULED_DUNNING_JOB = 'scheduled-dunning';
export const SEGMENT_EVALUATION_JOB = 'segment-evaluation';

/**
 * How long a send-batch job may run before pg-boss retries it. A batch
 * whose worker died waits this long, plus up to pg-boss's 2-minute
 * maintenance interval and the 30-second retry delay, before another
 * worker sends the rest. Sized by estimate for about 2,000 e-mails at a
 * quarter second each. A live worker that runs longer is joined by a
 * second one on the same batch, which is safe because each message is
 * claimed once and transferred under its lock.
 */
const SEND_BATCH_EXPIRE_SECONDS = 600;

/** Every hour at minute 5, in UTC; each entity is run once per local calendar day. */
const SCHEDULED_DUNNING_CRON = '5 * * * *';

/** Every hour at minute 20, in UTC, so an issue escalates within about an hour after its entity's day begins. */
const ESCALATE_ISSUES_CRON = '20 * * * *';

/** Every hour at minute 35, in UTC; each entity's segments are evaluated once per local calendar day. */
const SEGMENT_EVALUATION_CRON = '35 * * * *';

/**
 * Starts the job queue and, unless `workers` is false, the workers and the
 * schedule of this process: sending approved message batches, the daily
 * dunning run of every entity, issue e-mails, the hourly escalation of
 * issues past their deadline, and the daily segment evaluation.
 */
export async function startWorkers(
  database: DatabaseHandle,
  config: Config,
  logger: Logger,
  options: { workers: boolean },
): Promise<JobQueue> {
  const queue = await JobQueue.start(database, logger, {
    schedule: options.workers,
    queues: [
      SEND_BATCH_JOB,
      SCHEDULED_DUNNING_JOB,
      ISSUE_NOTIFICATION_JOB,
      ESCALATE_ISSUES_JOB,
      SEGMENT_EVALUATION_JOB,
    ],
  });
  if (!options.workers) {
    return queue;
  }
  await queue.register(sendBatchJobDefinition(database, config, queue));
  await queue.register({
    name: SCHEDULED_DUNNING_JOB,
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    retryDelaySeconds: 300,
    handle: (_payload, context) =>
      runScheduledDunning(database, { now: new Date(), logger: context.logger }),
  });
  await queue.schedule(SCHEDULED_DUNNING_JOB, SCHEDULED_DUNNING_CRON);
  await queue.register({
    name: ISSUE_NOTIFICATION_JOB,
    payload: issueNotificationPayload,
    retryLimit: 5,
    retryDelaySeconds: 60,
    handle: (payload, context) => sendIssueNotification({ config, database }, payload, context),
  });
  await queue.register({
    name: ESCALATE_ISSUES_JOB,
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    retryDelaySeconds: 300,
    handle: (_payload, context) =>
      escalateIssues(database, { now: new Date(), logger: context.logger, jobQueue: queue }),
  });
  await queue.schedule(ESCALATE_ISSUES_JOB, ESCALATE_ISSUES_CRON);
  await queue.register({
    name: SEGMENT_EVALUATION_JOB,
    payload: z.object({}).passthrough(),
    retryLimit: 2,
    retryDelaySeconds: 300,
    handle: (_payload, context) =>
      evaluateSegmentsNightly(database, { now: new Date(), logger: context.logger }),
  });
  await queue.schedule(SEGMENT_EVALUATION_JOB, SEGMENT_EVALUATION_CRON);

  return queue;
}

/**
 * Builds the job that sends an approved message batch, as `collecta serve`
 * works it. Each fetch takes one job, so that the expiry covers one batch. A job
 * whose worker died is retried after `expireInSeconds`, and the retry sends
 * the rest of the batch, including the e-mail whose transfer was cut off.
 */
export function sendBatchJobDefinition(
  database: DatabaseHandle,
  config: Config,
  queue: JobQueue,
  timing: { expireInSeconds: number; retryDelaySeconds: number } = {
    expireInSeconds: SEND_BATCH_EXPIRE_SECONDS,
    retryDelaySeconds: 30,
  },
): JobDefinition<typeof sendBatchJobPayload> {
  const transport = createMailTransport(config);

  return {
    name: SEND_BATCH_JOB,
    payload: sendBatchJobPayload,
    retryLimit: 5,
    retryDelaySeconds: timing.retryDelaySeconds,
    expireInSeconds: timing.expireInSeconds,
    batchSize: 1,
    handle: (payload, context) =>
      sendBatchJob(database, payload, {
        transport,
        logger: context.logger,
        defaultFrom: config.smtpFrom,
        sms: { publicUrl: config.publicUrl },
        publicUrl: config.publicUrl,
        requeue: (startAfter) => queue.send(SEND_BATCH_JOB, payload, { startAfter }),
      }),
  };
}
