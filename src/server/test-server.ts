import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../auth/create-user.ts';
import { loadConfig, type Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createLogger } from '../logger.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { buildServer, type BuildServerOptions } from './app.ts';

/**
 * Test helpers for the HTTP server: a server over a test database whose log
 * lines are kept in memory, organisations with a user, and logins that
 * return the session cookie and CSRF token.
 */
export interface TestServer {
  app: FastifyInstance;
  /** Every log line the server wrote, as written. */
  logLines: string[];
}

export async function buildTestServer(
  database: DatabaseHandle,
  options: {
    webDirectory?: string;
    environment?: Record<string, string>;
    jobQueue?: BuildServerOptions['jobQueue'];
    paymentProviderApiUrls?: BuildServerOptions['paymentProviderApiUrls'];
  } = {},
): Promise<TestServer> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const config: Config = loadConfig({ COLLECTA_DATA_DIR: '/tmp/unused', ...options.environment });
  const app = await buildServer({
    config,
    database,
    logger: createLogger('debug', sink),
    webDirectory: options.webDirectory ?? '/nonexistent/web/dist',
    jobQueue: options.jobQueue,
    paymentProviderApiUrls: options.paymentProviderApiUrls,
  });

  return { app, logLines };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates an organisation with one user named `username`, who has TEST_PASSWORD. */
export async function buildOrganisationWithUser(
  database: DatabaseHandle,
  params: { slug: string; username: string; group?: string },
): Promise<{ organisationId: string; userId: string }> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug: params.slug,
    name: `Organisation ${params.slug}`,
    actor: 'test',
  });
  const user = await withOrganisation(database, organisation.id, (trx) =>
    createUser(trx, {
      organisationId: organisation.id,
      actor: 'test',
      username: params.username,
      email: `${params.username}@example.com`,
      name: params.username,
      password: TEST_PASSWORD,
      group: params.group ?? 'administrator',
    }),
  );

  return { organisationId: organisation.id, userId: user.id };
}

let clientNumber = 0;

/** Returns a new client address on every call, so logins of separate tests share no rate limit. */
export function nextClientAddress(): string {
  clientNumber += 1;
  return `10.0.${Math.floor(clientNumber / 250)}.${(clientNumber % 250) + 1}`;
}

export interface LoggedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for an authenticated request that may change data. */
  headers: Record<string, string>;
}

export async function logInAs(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<LoggedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
    remoteAddress: nextClientAddress(),
  });
  if (response.statusCode !== 200) {
    throw new Error(`login of ${username} failed with ${response.statusCode}: ${response.body}`);
  }
  const cookie = response.cookies.find((candidate) => candidate.name === 'collecta_session');
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  const cookieHeader = `collecta_session=${cookie?.value ?? ''}`;

  return {
    cookie: cookieHeader,
    csrfToken,
    headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken },
  };
}
