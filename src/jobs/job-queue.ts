import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** Schema of pg-boss's own tables, apart from the application's. */
const JOB_SCHEMA = 'pgboss';

/**
 * One kind of background job. The payload is validated before the handler
 * runs; handlers must be idempotent, because after a crash a job may run
 * again (pg-boss delivers at least once).
 */
export interface JobDefinition<Schema extends z.ZodType> {
  name: string;
  payload: Schema;
  /** Retries after a failure other than invalid input; each waits `retryDelaySeconds` longer. */
  retryLimit: number;
  retryDelaySeconds: number;
  /**
   * Seconds a started job may run before pg-boss counts it as failed and
   * retries it. The pg-boss default is 15 minutes. A job whose worker died
   * stays active until then, so this is also how soon another worker takes
   * it over. pg-boss 10 has no heartbeat, so a live worker's job that runs
   * longer is retried too, possibly in another worker at the same time.
   */
  expireInSeconds?: number;
  /** Jobs fetched and run one after another per fetch; 10 when left out. */
  batchSize?: number;
  handle(payload: z.infer<Schema>, context: { jobId: string; logger: Logger }): Promise<unknown>;
}

/**
 * Lets the tenant role queue jobs inside its own transactions. pg-boss
 * creates a table per queue later on, hence the default privileges.
 */
async function grantJobTables(database: DatabaseHandle): Promise<void> {
  const role = database.tenantRole;
  await database.runScript(`
    GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${role};
    GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${role};
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOB_SCHEMA} GRANT SELECT, INSERT, UPDATE ON TABLES TO ${role};
  `);
}

export interface SendJobOptions {
  /** The caller's transaction: the job commits or rolls back with the caller's rows. */
  executor?: Executor;
  /** At most one queued job with this key exists at a time. */
  singletonKey?: string;
  /** The job does not start before this time. */
  startAfter?: Date;
}

/**
 * The job queue on the application's own database (pg-boss), so any number
 * of API and worker processes can share it. On PGlite every statement goes
 * through the same queue as Kysely, so job statements never slip into an
 * open application transaction.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  readonly #queues = new Set<string>();

  private constructor(boss: PgBoss, logger: Logger) {
    this.#boss = boss;
    this.#logger = logger;
  }

  /**
   * Starts pg-boss (creating or upgrading its schema) and creates `queues`,
   * so that later sends, which may run inside an application transaction,
   * never have to create one. `schedule` enables cron jobs in this process.
   */
  static async start(
    database: DatabaseHandle,
    logger: Logger,
    options: {
      schedule: boolean;
      queues: readonly string[];
      /** How often a scheduling process retries expired jobs; pg-boss's default is 120 s. */
      maintenanceIntervalSeconds?: number;
    },
  ): Promise<JobQueue> {
    const boss = new PgBoss({
      schema: JOB_SCHEMA,
      ...(database.url
        ? { connectionString: database.url, max: 4 }
        : { db: database.jobExecutor as PgBoss.Db }),
      schedule: options.schedule,
      supervise: options.schedule,
      ...(options.maintenanceIntervalSeconds
        ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
        : {}),
    });
    const queue = new JobQueue(boss, logger);
    // pg-boss emits errors from its timers; without a listener they crash the process.
    boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
    await boss.start();
    for (const name of options.queues) {
      await boss.createQueue(name);
      queue.#queues.add(name);
    }
    await grantJobTables(database);
    logger.info({ schema: JOB_SCHEMA, queues: options.queues }, 'job queue started');

    return queue;
  }

  /** Creates the job's queue if needed and starts working it in this process. */
  async register<Schema extends z.ZodType>(definition: JobDefinition<Schema>): Promise<void> {
    const settings = {
      name: definition.name,
      retryLimit: definition.retryLimit,
      retryDelay: definition.retryDelaySeconds,
      retryBackoff: true,
      ...(definition.expireInSeconds ? { expireInSeconds: definition.expireInSeconds } : {}),
    };
    if (this.#queues.has(definition.name)) {
      await this.#boss.updateQueue(definition.name, settings);
    } else {
      await this.#boss.createQueue(definition.name, settings);
      this.#queues.add(definition.name);
    }
    await this.#boss.work(
      definition.name,
      { pollingIntervalSeconds: 2, batchSize: definition.batchSize ?? 10 },
      async (jobs) => {
        for (const job of jobs) {
          await this.#runJob(definition, job.id, job.data);
        }
      },
    );
  }

  /** Queues a job; pass `executor` to make it part of the caller's transaction. */
  async send(name: string, payload: object, options: SendJobOptions = {}): Promise<string | null> {
    const executor = options.executor;
    const db: PgBoss.Db | undefined = executor && {
      async executeSql(text: string, values: unknown[]) {
        const result = await executor.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows as unknown[] };
      },
    };
    if (!this.#queues.has(name)) {
      // Creating it here could deadlock PGlite inside the caller's transaction.
      throw new Error(`Job queue "${name}" was not created at start; list it in JobQueue.start.`);
    }

    return this.#boss.send(name, payload, {
      ...(db ? { db } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  }

  /** Runs a cron schedule (in UTC) for a registered job. */
  async schedule(name: string, cron: string, payload: object = {}): Promise<void> {
    await this.#boss.schedule(name, cron, payload, { tz: 'UTC' });
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.#logger.info('job queue stopped');
  }

  async #runJob(definition: JobDefinition<z.ZodType>, jobId: string, data: unknown) {
    const logger = this.#logger.child({ job: definition.name, jobId });
    const parsed = definition.payload.safeParse(data);
    if (!parsed.success) {
      // Invalid payloads never become valid by retrying: complete the job and log why.
      logger.error({ issues: parsed.error.issues }, 'job payload invalid; job dropped');
      return;
    }
    logger.info('job started');
    try {
      const result = await definition.handle(parsed.data, { jobId, logger });
      logger.info({ result }, 'job finished');
    } catch (error) {
      if (isAppError(error) && error.exitCode === 2) {
        logger.error({ err: error, code: error.code }, 'job failed on invalid input; not retried');
        return;
      }
      logger.warn({ err: error }, 'job failed; pg-boss retries it');
      throw error;
    }
  }
}
