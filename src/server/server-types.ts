import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { ActiveSession } from '../auth/find-session.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

/** Services that route handlers reach through `request.server.services`. */
export interface ServerServices {
  config: Config;
  database: DatabaseHandle;
  /** Queue for background jobs such as sending approved batches; undefined when not started. */
  jobQueue: Pick<JobQueue, 'send'> | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ServerServices;
  }
  interface FastifyRequest {
    /** The logged-in session, set by the authentication hook; null on public routes. */
    session: ActiveSession | null;
  }
}
