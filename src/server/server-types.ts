import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { ActiveSession } from '../auth/find-session.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/permissions.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

/** Services that route handlers reach through `request.server.services`. */
export interface ServerServices {
  config: Config;
  database: DatabaseHandle;
  /** Queue for background jobs such as sending approved batches; undefined when not started. */
  jobQueue: Pick<JobQueue, 'send'> | undefined;
}

/**
 * The access a route requires of its caller: one permission, 'authenticated'
 * for any logged-in user or API key, or 'session' for a logged-in user only
 * (such as changing one's own password).
 */
export type RouteAccess = Permission | 'authenticated' | 'session';

declare module 'fastify' {
  interface FastifyInstance {
    services: ServerServices;
  }
  interface FastifyRequest {
    /** The logged-in session, set by the authentication hook; null on public routes and for API keys. */
    session: ActiveSession | null;
    /** The caller, set by the authentication hook; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Required on every route behind authentication; checked before the handler runs. */
    access?: RouteAccess;
  }
}
