import { createUser } from '../auth/create-user.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { TEST_PASSWORD } from '../server/test-server.ts';

/**
 * Adds a user with TEST_PASSWORD (or no password, for an invited user) to
 * an existing organisation; the e-mail address is <username>@example.com.
 */
export async function buildUser(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    username: string;
    group: string;
    password?: string | null;
    entityIds?: string[] | null;
    departmentId?: string | null;
    language?: string;
  },
): Promise<string> {
  const user = await withOrganisation(database, params.organisationId, (trx) =>
    createUser(trx, {
      organisationId: params.organisationId,
      actor: 'test',
      username: params.username,
      email: `${params.username}@example.com`,
      name: `Name of ${params.username}`,
      language: params.language,
      password: params.password === null ? undefined : (params.password ?? TEST_PASSWORD),
      group: params.group,
      entityIds: params.entityIds,
      departmentId: params.departmentId,
    }),
  );

  return user.id;
}

/** Polls `read` until it returns a defined value, for work that runs after a response. */
export async function waitFor<T>(
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMilliseconds = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const value = await read();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Nothing arrived within ${timeoutMilliseconds} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
