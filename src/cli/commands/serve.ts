import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ensureFirstAdministrator } from '../../auth/ensure-first-administrator.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { startWorkers } from '../../jobs/start-workers.ts';
import { createLogger } from '../../logger.ts';
import { buildServer } from '../../server/app.ts';
import type { CommandContext, CommandDefinition } from '../command.ts';

export const serveCommand: CommandDefinition = {
  path: ['serve'],
  summary: 'Run the web app and HTTP API, with the job workers and scheduler',
  usage: 'collecta serve',
  help: `Listens on HOST:PORT (default 127.0.0.1:3000) until stopped with Ctrl+C or SIGTERM.
The web app must be built first: "npm start" builds it and runs this command.

When no active user of the organisation can manage users (a new
organisation, or one with only users of other groups), the user "admin" is
created with a random password, which is printed once on standard output.

Settings (environment): HOST, PORT, PUBLIC_URL, SESSION_TTL_HOURS, LOG_LEVEL,
SMTP_URL, SMTP_FROM, and COLLECTA_WORKERS=off for an API-only process without
the job workers and the daily dunning schedule. Logs go to standard error.`,
  options: {},
  longRunning: true,
  async run(context) {
    const logger = createLogger(context.config.logLevel);
    const database = await context.database();
    const stack: Array<() => Promise<void>> = [() => database.close()];
    const stopAll = async () => {
      for (const stop of stack.reverse()) {
        await stop();
      }
    };

    let address: string;
    try {
      const administrator = await createFirstAdministrator(context, database);
      const jobQueue: JobQueue = await startWorkers(database, context.config, logger, {
        workers: context.config.workersEnabled,
      });
      stack.push(() => jobQueue.stop());
      // With COLLECTA_WORKERS=off on the embedded database no process works the queue, so
      // approved messages wait there until a server with workers starts on that directory.
      const app = await buildServer({ config: context.config, database, logger, jobQueue });
      stack.push(() => app.close());
      address = await listen(app, context.config.host, context.config.port);

      // Written to stdout and not to the log, so the password appears only on this console.
      // One write keeps both lines together for a program that reads the output.
      const login = administrator
        ? `Log in as ${administrator.username} with password ${administrator.password} — change it after logging in\n`
        : '';
      process.stdout.write(`Collecta is running at ${address}\n${login}`);
    } catch (error) {
      await stopAll();
      throw error;
    }
    logger.info({ address, workers: context.config.workersEnabled }, 'server started');

    const signal = await nextStopSignal();
    logger.info({ signal }, 'server stopping');
    await stopAll();
    logger.info('server stopped');

    return { json: { stopped: true, signal }, text: 'Collecta stopped.' };
  },
};

/**
 * Creates the first administrator of the organisation the command acts on. With
 * several organisations and no --organisation, there is none to pick, so the
 * server starts without this step.
 */
async function createFirstAdministrator(context: CommandContext, database: DatabaseHandle) {
  let organisationId: string;
  try {
    organisationId = await context.organisationId();
  } catch (error) {
    if (isAppError(error) && error.code === 'organisation_ambiguous') {
      return undefined;
    }
    throw error;
  }

  return ensureFirstAdministrator(database, organisationId);
}

/** Starts listening and returns the address, with the port the system chose for PORT=0. */
async function listen(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new AppError(
        'conflict',
        `Port ${port} on ${host} is already in use; stop the other process or set PORT to a free port.`,
      );
    }
    throw error;
  }
  const bound = app.server.address() as AddressInfo;

  return `http://${host}:${bound.port}`;
}

/** Resolves on the first SIGINT or SIGTERM; a second signal ends the process at once. */
function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
