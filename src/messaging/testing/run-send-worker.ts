/**
 * A sending worker in a process of its own, for tests that kill it mid-batch:
 * it works the send-batch queue on DATABASE_URL with the job definition that
 * `collecta serve` uses, and sends e-mail to SMTP_URL. Here a job expires
 * after 4 seconds, a retry waits 1 second and maintenance runs every
 * second, so that a job whose worker was killed is taken over within
 * seconds instead of minutes.
 *
 * Run: DATABASE_URL=... SMTP_URL=... COLLECTA_DB_ROLE=... node --import tsx
 * src/messaging/testing/run-send-worker.ts. It writes "ready" on standard
 * output once it polls the queue, and stops on SIGTERM.
 */
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { SEND_BATCH_JOB, sendBatchJobDefinition } from '../../jobs/start-workers.ts';
import { createLogger } from '../../logger.ts';

const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error('DATABASE_URL is missing; the sending worker runs on PostgreSQL only.');
}
const logger = createLogger(config.logLevel);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  tenantRole: config.databaseRole,
});
const queue = await JobQueue.start(database, logger, {
  schedule: true,
  queues: [SEND_BATCH_JOB],
  maintenanceIntervalSeconds: 1,
});
await queue.register(
  sendBatchJobDefinition(database, config, queue, { expireInSeconds: 4, retryDelaySeconds: 1 }),
);
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void queue
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
