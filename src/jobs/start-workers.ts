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
import { JobQueue } from './job-queue.ts';
import { runScheduledDunning } from './run-scheduled-dunning.ts';

export const SEND_BATCH_JOB = 'send-batch';
export const SCHEDULED_DUNNING_JOB = 'scheduled-dunning';
export const SEGMENT_EVALUATION_JOB = 'segment-evaluation';

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
        sms: { publicUrl: config.publicUrl },
        requeue: (startAfter) => queue.send(SEND_BATCH_JOB, payload, { startAfter }),
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
